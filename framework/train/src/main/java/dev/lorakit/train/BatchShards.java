package dev.lorakit.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.lorakit.api.Batch;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch across devices the way DJL's {@code Batchifier.split(list, slices, false)}
 * does: {@code k = min(devices, n)} slices of {@code ceil(n / k)} examples, the last one
 * smaller. Where DJL would produce an empty last slice (n = 5 over 4 devices gives 2, 2, 1 and
 * an empty one) the empty slice is dropped and that device sits the step out.
 */
final class BatchShards {

    private BatchShards() {}

    /**
     * The number of examples of a batch: the common size of axis 0 of its arrays.
     *
     * @param batch the batch
     * @return the example count
     * @throws IllegalArgumentException when the arrays disagree on axis 0
     */
    static long size(Batch batch) {
        long n = -1;
        int i = 0;
        for (NDArray a : concat(batch)) {
            if (a.getShape().dimension() == 0) {
                throw new IllegalArgumentException(
                        "Data-parallel training splits every input and label along axis 0, but array " + i + " of the batch is a scalar");
            }
            long rows = a.getShape().get(0);
            if (n >= 0 && rows != n) {
                throw new IllegalArgumentException(
                        "Data-parallel training splits every input and label along axis 0, but the batch's arrays have "
                                + n + " and " + rows + " rows (array " + i + ", shape " + a.getShape() + ")");
            }
            n = rows;
            i++;
        }
        if (n <= 0) {
            throw new IllegalArgumentException("Data-parallel training needs a non-empty batch");
        }
        return n;
    }

    /**
     * The shard boundaries of {@code n} examples over {@code devices} devices.
     *
     * @param n examples
     * @param devices devices
     * @return the exclusive end of each shard, e.g. {@code [3, 5]} for 5 over 2
     */
    static long[] ends(long n, int devices) {
        long slices = Math.min(devices, n);
        long step = (n + slices - 1) / slices;
        int count = (int) ((n + step - 1) / step);
        long[] ends = new long[count];
        for (int i = 0; i < count; i++) {
            ends[i] = Math.min(n, (i + 1) * step);
        }
        return ends;
    }

    /**
     * Splits the batch; the shards are views of the batch's arrays and stay on its device.
     *
     * @param batch the batch
     * @param devices how many devices to spread it over
     * @return at most {@code devices} non-empty shards, in example order
     */
    static List<Batch> split(Batch batch, int devices) {
        long[] ends = ends(size(batch), devices);
        List<Batch> shards = new ArrayList<>(ends.length);
        long from = 0;
        for (long end : ends) {
            shards.add(new Batch(slice(batch.inputs(), from, end), slice(batch.labels(), from, end)));
            from = end;
        }
        return shards;
    }

    /**
     * The shard on {@code device} (no copy when it is already there).
     *
     * @param shard the shard
     * @param device the device
     * @return the shard on the device
     */
    static Batch toDevice(Batch shard, Device device) {
        return new Batch(shard.inputs().toDevice(device, false), shard.labels().toDevice(device, false));
    }

    private static NDList slice(NDList list, long from, long to) {
        NDList out = new NDList(list.size());
        for (NDArray a : list) {
            out.add(a.get(from + ":" + to));
        }
        return out;
    }

    private static NDList concat(Batch batch) {
        NDList all = new NDList(batch.inputs().size() + batch.labels().size());
        all.addAll(batch.inputs());
        all.addAll(batch.labels());
        return all;
    }
}
