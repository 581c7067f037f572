package org.fedpoison.aggregate;

import static org.bytedeco.openblas.global.openblas.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas.cblas_saxpy;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Federated averaging (McMahan et al., 2017, "Communication-Efficient Learning of Deep Networks
 * from Decentralized Data"): the aggregate is the weighted mean of the clients' deltas,
 * {@code sum_i w_i delta_i} with {@code w_i = n_i / sum_j n_j} ({@link #sampleWeighted()}, the
 * paper's rule, {@code n_i} the reported example count) or {@code w_i = 1/K}
 * ({@link #equalWeights()}).
 *
 * <p>Tolerance: none. One client controls a share {@code w_i} of the result, and an update scaled by
 * {@code 1/w_i} replaces the model (model replacement); a single NaN makes the aggregate NaN.
 *
 * <p>At call time: at least one update, all of one dimension (otherwise the message names the
 * first client whose dimension differs from the first update's); with sample weights the reported
 * counts must have a positive sum. Example for two clients of 1 and 3 examples with deltas
 * {@code [4, 0]} and {@code [0, 4]}: {@code [1, 3]}.
 *
 * <p>Speed: {@link #weightedSum} is memory-bound, so it reads each delta exactly once: the
 * coordinates are cut into blocks of 16 Ki floats, and for each block (blocks in parallel) the
 * deltas are added into the block of one float32 accumulator with OpenBLAS {@code saxpy} (the one
 * ND4J loads), while the accumulator block stays in the L2 cache. Measured here for K = 100,
 * d = 1,000,000: this 0.016-0.019 s; the same blocks summed by a plain Java loop into a float
 * accumulator 0.018-0.035 s, into a double accumulator 0.06 s (conversion-bound); ND4J
 * {@code acc.addi(v)} per client 0.03-0.05 s (the accumulator leaves the cache between clients).
 * Each coordinate adds its clients in list order, so the result does not depend on the number of
 * threads; the float32 accumulation has a relative error of order {@code K * 6e-8}.
 *
 * <p>Result type, shape and order, as for every rule: {@link #aggregate} sums the updates in
 * canonical order (client id, then content), so its result is bit for bit the same for any order of
 * the list; the result has the shape of the input deltas. When every delta is float32 the sum is
 * float32 as above; when any delta is float64 the sum is computed in float64 ({@code daxpy}, same
 * blocks) and the result is float64. Unlike the robust rules it does not reject non-finite values:
 * a NaN delta makes the aggregate NaN (the simulation's guard drops such updates by default).
 */
public final class FedAvg implements Aggregator {
    private final boolean bySamples;

    private FedAvg(boolean bySamples) {
        this.bySamples = bySamples;
    }

    /** FedAvg with weights proportional to the reported example counts. */
    public static FedAvg sampleWeighted() {
        return new FedAvg(true);
    }

    /** FedAvg with equal weights {@code 1/K} (the plain mean of the deltas). */
    public static FedAvg equalWeights() {
        return new FedAvg(false);
    }

    /** Whether weights follow the reported example counts. */
    public boolean isSampleWeighted() {
        return bySamples;
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        // validated and in canonical order (client id) like every rule; values are not checked for
        // finiteness: naive FedAvg lets one NaN poison the mean (the simulation's guard drops them)
        RoundUpdates b = RoundUpdates.of(updates, name());
        int k = b.size();
        long[] counts = new long[k];
        for (int i = 0; i < k; i++) {
            counts[i] = b.numExamples(i);
        }
        double[] w = weights(counts);
        if (w == null) {
            throw new IllegalArgumentException(name() + ": the " + k + " clients (first: client " + b.clientId(0)
                    + ") report 0 examples in total; sample-weighted FedAvg needs a positive sum of numExamples");
        }
        List<INDArray> deltas = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            deltas.add(b.delta(i));
        }
        INDArray sum = b.outputType() == DataType.DOUBLE ? weightedSumDouble(deltas, w) : weightedSum(deltas, w);
        return sum.reshape(b.shape.clone());
    }

    /**
     * The weights {@link #aggregate} gives updates reporting {@code counts} (canonical order):
     * {@code n_i / sum_j n_j}, the sum accumulated in double in order, or {@code 1/K}; null when
     * sample-weighted and the counts sum to 0. {@link FedAvgStream} uses the same weights.
     */
    double[] weights(long[] counts) {
        int k = counts.length;
        double[] w = new double[k];
        if (bySamples) {
            double total = 0;
            for (int i = 0; i < k; i++) {
                total += counts[i];
            }
            if (!(total > 0)) {
                return null;
            }
            for (int i = 0; i < k; i++) {
                w[i] = counts[i] / total;
            }
        } else {
            java.util.Arrays.fill(w, 1.0 / k);
        }
        return w;
    }

    /**
     * {@code sum_i weights[i] * vectors[i]} as a new rank-1 float32 array, accumulated in float32
     * in list order for every coordinate. Inputs are not modified.
     *
     * @param vectors  at least one vector, all of one length
     * @param weights  one finite, non-negative weight per vector, with a positive sum (they are used
     *                 as given, not normalised)
     */
    public static INDArray weightedSum(List<INDArray> vectors, double[] weights) {
        checkWeights(vectors, weights);
        int n = (int) vectors.get(0).length();
        List<INDArray> dense = new ArrayList<>(vectors.size());
        FloatPointer[] in = new FloatPointer[vectors.size()];
        for (int i = 0; i < in.length; i++) {
            INDArray v = FlatVectors.dense(vectors.get(i));
            dense.add(v); // keeps the buffers reachable while native code reads them
            in[i] = new FloatPointer(v.data().addressPointer());
        }
        INDArray out = Nd4j.create(DataType.FLOAT, n); // zero-filled
        if (n == 0) {
            return out;
        }
        FloatPointer outPtr = new FloatPointer(out.data().addressPointer());
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weights[i];
        }
        byBlocks(n, BLOCK, in.length, (i, from, len) ->
                cblas_saxpy(len, w[i], new FloatPointer(in[i]).position(from), 1, new FloatPointer(outPtr).position(from), 1));
        Reference.reachabilityFence(dense); // native code read these buffers
        Reference.reachabilityFence(out);
        return out;
    }

    /**
     * {@code sum_i weights[i] * vectors[i]} as a new rank-1 float64 array, accumulated in float64 in
     * list order for every coordinate (same blocks as {@link #weightedSum}). Inputs are not modified.
     */
    static INDArray weightedSumDouble(List<INDArray> vectors, double[] weights) {
        checkWeights(vectors, weights);
        int n = (int) vectors.get(0).length();
        List<INDArray> dense = new ArrayList<>(vectors.size());
        DoublePointer[] in = new DoublePointer[vectors.size()];
        for (int i = 0; i < in.length; i++) {
            INDArray v = vectors.get(i);
            boolean direct = v.dataType() == DataType.DOUBLE && v.offset() == 0 && v.data().length() == v.length()
                    && (v.rank() <= 1 || v.ordering() == 'c' || v.isVector()) && !v.isEmpty();
            INDArray dv = direct ? v : v.castTo(DataType.DOUBLE).dup('c');
            dense.add(dv); // keeps the buffers reachable while native code reads them
            in[i] = new DoublePointer(dv.data().addressPointer());
        }
        INDArray out = Nd4j.create(DataType.DOUBLE, n); // zero-filled
        if (n == 0) {
            return out;
        }
        DoublePointer outPtr = new DoublePointer(out.data().addressPointer());
        byBlocks(n, BLOCK / 2, in.length, (i, from, len) -> // the same 64 KiB per block
                cblas_daxpy(len, weights[i], new DoublePointer(in[i]).position(from), 1, new DoublePointer(outPtr).position(from), 1));
        Reference.reachabilityFence(dense); // native code read these buffers
        Reference.reachabilityFence(out);
        return out;
    }

    /** Adds vector {@code i}'s weighted values at {@code [from, from+len)} to the accumulator. */
    @FunctionalInterface
    private interface BlockUpdate {
        void add(int i, int from, int len);
    }

    /**
     * Runs {@code update} for every block of {@code block} coordinates and every vector, the vectors
     * of a block in list order (so every coordinate is summed in list order, whatever the threads);
     * the blocks are shared out by {@link Parallel}.
     */
    private static void byBlocks(int n, int block, int vectors, BlockUpdate update) {
        int blocks = (n + block - 1) / block;
        Parallel.current().forRanges(blocks, (long) n * vectors, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                int from = b * block;
                int len = Math.min(block, n - from);
                for (int i = 0; i < vectors; i++) {
                    update.add(i, from, len);
                }
            }
        });
    }

    /** Validates {@link #weightedSum}'s arguments. */
    private static void checkWeights(List<INDArray> vectors, double[] weights) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("vectors is empty, needs at least one");
        }
        if (weights.length != vectors.size()) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries for " + vectors.size()
                    + " vectors");
        }
        long n = vectors.get(0).length();
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length() != n) {
                throw new IllegalArgumentException("vector " + i + " has length " + vectors.get(i).length()
                        + ", expected " + n);
            }
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight of vector " + i + " is " + weights[i]
                        + ", must be non-negative and finite");
            }
            sum += weights[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights sum to " + sum + ", must have a positive sum");
        }
    }

    /**
     * Coordinates per block: 16 Ki floats, so a block and its accumulator stay in the L2 cache.
     * {@link FedAvgStream} calls {@code saxpy} on the same blocks, so its sums are these bit for bit.
     */
    static final int BLOCK = 1 << 14;

    @Override
    public String name() {
        return bySamples ? "FedAvg" : "FedAvg(equal)";
    }

    @Override
    public String toString() {
        return name();
    }
}
