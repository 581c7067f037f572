package org.fedpoison.aggregate;

import org.fedpoison.util.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weighted sums of a round's deltas and their norms, in double over the deltas' buffers (never
 * modified), by blocks of coordinates that the threads share; results are new arrays of the output
 * dtype and shape.
 */
final class WeightedSums {

    private WeightedSums() {}


    /**
     * {@code sum_i w_i x_i} over the batch's deltas (canonical order), accumulated in double and
     * returned as a new array of the output dtype and shape.
     *
     * @param b the batch
     * @param w one weight per update, in canonical order
     * @return the weighted sum, a new array
     */
    public static INDArray weightedSum(RoundUpdates b, double[] w) {
        if (w.length != b.k) {
            throw new IllegalArgumentException(b.rule + ": " + w.length + " weights for " + b.k + " updates");
        }
        b.ensureFinite();
        double[] out = new double[b.d];
        int block = 4096;
        int blocks = (b.d + block - 1) / block;
        Parallel.current().forRanges(blocks, (long) b.k * b.d, (blo, bhi) -> {
            double[] row = new double[block];
            float[] tmp = new float[block];
            for (int blk = blo; blk < bhi; blk++) {
                int start = blk * block;
                int len = Math.min(block, b.d - start);
                for (int i = 0; i < b.k; i++) {
                    double wi = w[i];
                    if (wi == 0.0) {
                        continue;
                    }
                    if (b.floats[i] != null) {
                        b.floats[i].get(b.offsets[i] + start, tmp, 0, len);
                        for (int j = 0; j < len; j++) {
                            out[start + j] += wi * tmp[j];
                        }
                    } else {
                        b.doubles[i].get(b.offsets[i] + start, row, 0, len);
                        for (int j = 0; j < len; j++) {
                            out[start + j] += wi * row[j];
                        }
                    }
                }
            }
        });
        return b.toArray(out);
    }

    /**
     * The Euclidean norm of every delta of the batch, summed in double.
     *
     * @param b the batch
     * @return the norms, in canonical order
     */
    public static double[] norms(RoundUpdates b) {
        b.ensureFinite();
        double[] out = new double[b.k];
        Parallel.current().forRanges(b.k, (long) b.k * b.d, (lo, hi) -> {
            int block = 4096;
            double[] row = new double[block];
            float[] tmp = new float[block];
            for (int i = lo; i < hi; i++) {
                double s = 0;
                for (int from = 0; from < b.d; from += block) {
                    int len = Math.min(block, b.d - from);
                    b.read(i, from, len, row, 0, tmp);
                    for (int j = 0; j < len; j++) {
                        s += row[j] * row[j];
                    }
                }
                out[i] = Math.sqrt(s);
            }
        });
        return out;
    }

    /** The unweighted mean of the updates at canonical positions {@code rows}. */
    static INDArray meanOf(RoundUpdates b, int[] rows) {
        double[] w = new double[b.k];
        for (int r : rows) {
            w[r] += 1.0 / rows.length;
        }
        return weightedSum(b, w);
    }
}
