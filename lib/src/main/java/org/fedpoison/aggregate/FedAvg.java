package org.fedpoison.aggregate;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.fedpoison.fl.ClientUpdate;
import org.fedpoison.util.FlatVectors;
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
 * <p>Speed: {@link #weightedSum} reads each delta once, in blocks of 16 Ki coordinates, copying a
 * block to the heap (a bulk copy) and accumulating it in {@code double} in a plain vectorisable
 * loop; blocks are processed in parallel. Each coordinate sums its clients in list order, so the
 * result does not depend on the number of threads. Measured on the 2-core test machine for
 * K = 100 and d = 1,000,000 with {@code environment/bench} (line {@code W2 rule=mean}).
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
    public INDArray aggregate(List<ClientUpdate> updates) {
        checkUpdates(updates);
        int k = updates.size();
        double[] w = new double[k];
        if (bySamples) {
            double total = 0;
            for (ClientUpdate u : updates) {
                total += u.numExamples();
            }
            if (!(total > 0)) {
                throw new IllegalArgumentException("the " + k + " clients (first: client " + updates.get(0).clientId()
                        + ") report 0 examples in total; sample-weighted FedAvg needs a positive sum of numExamples");
            }
            for (int i = 0; i < k; i++) {
                w[i] = updates.get(i).numExamples() / total;
            }
        } else {
            java.util.Arrays.fill(w, 1.0 / k);
        }
        List<INDArray> deltas = new ArrayList<>(k);
        for (ClientUpdate u : updates) {
            deltas.add(u.delta());
        }
        return weightedSum(deltas, w);
    }

    /** Checks that there is at least one update and all have the first one's dimension. */
    static void checkUpdates(List<ClientUpdate> updates) {
        if (updates == null || updates.isEmpty()) {
            throw new IllegalArgumentException("updates is empty, aggregation needs at least one update");
        }
        long d = updates.get(0).delta().length();
        for (ClientUpdate u : updates) {
            if (u.delta().length() != d) {
                throw new IllegalArgumentException("client " + u.clientId() + " sent an update of dimension "
                        + u.delta().length() + ", expected " + d + " (the dimension of client "
                        + updates.get(0).clientId() + "'s update)");
            }
        }
    }

    /**
     * {@code sum_i weights[i] * vectors[i]} as a new rank-1 float32 array, accumulated in double,
     * in list order for every coordinate. Inputs are not modified.
     *
     * @param vectors  at least one vector, all of one length
     * @param weights  one finite, non-negative weight per vector, with a positive sum (they are used
     *                 as given, not normalised)
     */
    public static INDArray weightedSum(List<INDArray> vectors, double[] weights) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("vectors is empty, needs at least one");
        }
        if (weights.length != vectors.size()) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries for " + vectors.size()
                    + " vectors");
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
        int n = (int) vectors.get(0).length();
        FloatBuffer[] in = new FloatBuffer[vectors.size()];
        for (int i = 0; i < in.length; i++) {
            if (vectors.get(i).length() != n) {
                throw new IllegalArgumentException("vector " + i + " has length " + vectors.get(i).length()
                        + ", expected " + n);
            }
            in[i] = FlatVectors.floats(vectors.get(i));
        }
        INDArray out = Nd4j.create(DataType.FLOAT, n);
        if (n == 0) {
            return out;
        }
        FloatBuffer ob = FlatVectors.writable(out);
        int block = BLOCK;
        int blocks = (n + block - 1) / block;
        IntStream stream = IntStream.range(0, blocks);
        if (blocks > 1) {
            stream = stream.parallel();
        }
        stream.forEach(b -> {
            int from = b * block;
            int len = Math.min(block, n - from);
            float[] tmp = new float[len];
            double[] acc = new double[len];
            for (int i = 0; i < in.length; i++) {
                in[i].get(from, tmp, 0, len);
                double wi = weights[i];
                for (int j = 0; j < len; j++) {
                    acc[j] += wi * tmp[j];
                }
            }
            for (int j = 0; j < len; j++) {
                tmp[j] = (float) acc[j];
            }
            ob.put(from, tmp, 0, len);
        });
        return out;
    }

    /** Coordinates per block: 16 Ki floats, so a block and its accumulator stay in the L2 cache. */
    private static final int BLOCK = 1 << 14;

    @Override
    public String name() {
        return bySamples ? "FedAvg" : "FedAvg(equal)";
    }

    @Override
    public String toString() {
        return name();
    }
}
