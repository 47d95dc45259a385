package dev.lorakit.train.optim;

/**
 * torch.optim.AdamW and torch.optim.SGD (dampening 0) for one tensor, written out in plain
 * double-precision Java from torch's single-tensor algorithms, with a per-tensor step count.
 */
final class TorchReference {

    private final double[] w;
    private final double[] m;
    private final double[] v;
    private boolean momentumStarted;
    private long step;

    TorchReference(float[] initial) {
        w = new double[initial.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = initial[i];
        }
        m = new double[w.length];
        v = new double[w.length];
    }

    double[] weights() {
        return w;
    }

    long step() {
        return step;
    }

    void adamw(double[] g, double lr, double b1, double b2, double eps, double wd) {
        step++;
        for (int i = 0; i < w.length; i++) {
            w[i] *= 1 - lr * wd;
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mHat = m[i] / (1 - Math.pow(b1, step));
            double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
            w[i] -= lr * mHat / denom;
        }
    }

    void sgd(double[] g, double lr, double momentum, boolean nesterov, double wd) {
        step++;
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + wd * w[i];
            if (momentum != 0) {
                m[i] = momentumStarted ? momentum * m[i] + d : d;
                d = nesterov ? d + momentum * m[i] : m[i];
            }
            w[i] -= lr * d;
        }
        momentumStarted = true;
    }
}
