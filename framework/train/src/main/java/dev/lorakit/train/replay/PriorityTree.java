package dev.lorakit.train.replay;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A sum tree and a min tree over leaf priorities, both as flat arrays (node {@code i} has
 * children {@code 2i}, {@code 2i+1}; leaves start at a power of two). Setting a leaf is
 * O(log n), the total and the minimum are O(1), and finding the leaf whose prefix sum covers a
 * value is O(log n).
 */
final class PriorityTree {

    private final int leaves;
    private final int base;
    private final double[] sums;
    private final double[] mins;

    PriorityTree(int leaves) {
        this.leaves = leaves;
        this.base = Integer.highestOneBit(Math.max(1, leaves - 1)) << 1;
        sums = new double[2 * base];
        mins = new double[2 * base];
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
    }

    void set(int leaf, double priority) {
        int node = base + leaf;
        sums[node] = priority;
        mins[node] = priority;
        for (node >>= 1; node >= 1; node >>= 1) {
            sums[node] = sums[2 * node] + sums[2 * node + 1];
            mins[node] = Math.min(mins[2 * node], mins[2 * node + 1]);
        }
    }

    double get(int leaf) {
        return sums[base + leaf];
    }

    double total() {
        return sums[1];
    }

    double min() {
        return mins[1];
    }

    /**
     * The leaf {@code i} with {@code prefix(i) <= value < prefix(i + 1)}, among the first {@code
     * size} leaves and never one of priority zero.
     */
    int find(double value, int size) {
        int node = 1;
        while (node < base) {
            int left = 2 * node;
            if (value < sums[left] || sums[left + 1] == 0) {
                node = left;
            } else {
                value -= sums[left];
                node = left + 1;
            }
        }
        int leaf = node - base;
        // Rounding can walk past the last live leaf; fall back to the last one with mass.
        if (leaf >= size || sums[node] == 0) {
            for (leaf = Math.min(leaf, size - 1); leaf > 0 && sums[base + leaf] == 0; leaf--) {
                // search left for a leaf with priority
            }
        }
        return leaf;
    }

    int bytesPerLeaf() {
        // Two trees of 2*base doubles over `leaves` slots.
        return (int) Math.ceil(2.0 * 2 * base * Double.BYTES / leaves);
    }

    void save(DataOutputStream out, int size) throws IOException {
        out.writeInt(leaves);
        for (int i = 0; i < size; i++) {
            out.writeDouble(sums[base + i]);
        }
    }

    void load(DataInputStream in, int size) throws IOException {
        ArrayIO.expect("priority tree leaves", in.readInt(), leaves);
        Arrays.fill(sums, 0);
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
        for (int i = 0; i < size; i++) {
            double p = in.readDouble();
            sums[base + i] = p;
            mins[base + i] = p;
        }
        for (int node = base - 1; node >= 1; node--) {
            sums[node] = sums[2 * node] + sums[2 * node + 1];
            mins[node] = Math.min(mins[2 * node], mins[2 * node + 1]);
        }
    }
}
