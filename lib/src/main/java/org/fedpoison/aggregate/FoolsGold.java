package org.fedpoison.aggregate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.Check;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FoolsGold: each client's weight shrinks with how closely the sum of all its past deltas points
 * the same way as another client's, so that sybils pushing one objective share the weight of one
 * client.
 *
 * <p>Per client id the rule keeps the history {@code H_i = sum_t x_{i,t}} (including this round),
 * and for the round's clients computes {@code cs_ij = cos(H_i, H_j)}, {@code v_i = max_{j != i} cs_ij};
 * pardons the honest ({@code cs_ij *= v_i / v_j} when {@code v_j > v_i}, {@code v_j > 0});
 * sets {@code a_i = clip(1 - max_{j != i} cs_ij, 0, 1)}, rescales {@code a_i /= max_j a_j},
 * caps {@code a_i} at 0.99 and applies the logit {@code a_i = clip(kappa * (ln(a_i / (1 - a_i)) + 0.5), 0, 1)};
 * the aggregate is {@code sum_i a_i x_i / sum_i a_i}. We normalise by the weight sum so that the
 * aggregate is on the scale of one update, as with FedAvg. When every client is as similar to
 * another as it can be ({@code max_j a_j = 0}, e.g. all send the same delta) nothing tells them
 * apart and the weights are equal (the mean). The optional importance weighting of features of the
 * paper is not implemented. The example counts are ignored.
 *
 * <p>Settings: the confidence {@code kappa > 0} of the logit (default 1). State: the history per
 * client id, kept across rounds until {@link #reset()}; a history has the dimension of the first
 * delta its client sent. Memory: one double vector per client id seen. Sharing: a simulation runs on
 * {@link #forSimulation()}, a fresh FoolsGold with the same {@code kappa}, so one instance can be
 * given to several simulations, concurrent or not, and each keeps its own histories (the instance
 * itself is left untouched); calling {@link #aggregate} directly from several threads at once is
 * serialised but mixes their histories.
 *
 * <p>Tolerance (sybils): FoolsGold assumes nothing about the number of sybils; any group of
 * identities whose histories point the same way is weighted down together, however large the
 * group. It needs at least one honest client whose history differs from the sybils', and it
 * assumes honest clients differ from each other (non-IID data): honest clients with very similar
 * data are weighted down like sybils. It does not limit a single attacker with a single identity,
 * nor sybils that decorrelate their histories (e.g. by adding noise or splitting the objective).
 *
 * <p>Example (first round, kappa = 1): deltas {@code [1, 0, 0], [1, 0, 0], [0, 1, 0]} give weights
 * 0, 0, 1 (the two identical histories have cosine 1), so the aggregate is {@code [0, 1, 0]}.
 *
 * <p>Paper: Fung, Yoon, Beschastnikh, "The Limitations of Federated Learning in Sybil Settings",
 * RAID 2020.
 */
public final class FoolsGold implements Aggregator {

    private final double kappa;
    private final Map<Integer, INDArray> history = new HashMap<>();

    /** FoolsGold with confidence {@code kappa = 1}. */
    public static FoolsGold of() {
        return new FoolsGold();
    }

    private FoolsGold() {
        this(1.0);
    }

    /**
     * @param kappa the confidence of the logit, finite and {@code > 0}
     * @throws IllegalArgumentException if {@code kappa} is out of range
     */
    public static FoolsGold of(double kappa) {
        return new FoolsGold(kappa);
    }

    private FoolsGold(double kappa) {
        this.kappa = Check.positive("FoolsGold: kappa", kappa);
    }

    /** The confidence of the logit. */
    public double kappa() {
        return kappa;
    }

    /** The number of client ids with a history. */
    public synchronized int historySize() {
        return history.size();
    }

    @Override
    public synchronized INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        RoundUpdates b = RoundUpdates.of(updates, name());
        b.ensureFinite();
        int k = b.size();
        int d = b.dimension();
        for (int i = 1; i < k; i++) {
            if (b.clientId(i) == b.clientId(i - 1)) {
                throw new IllegalArgumentException(name() + ": client " + b.clientId(i)
                        + " sent 2 updates in one round; FoolsGold keeps one history per client id");
            }
        }
        INDArray[] next = new INDArray[k];
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = b.clientId(i);
            INDArray delta = b.delta(i).castTo(DataType.DOUBLE).reshape(d);
            INDArray h = history.get(ids[i]);
            if (h != null && h.length() != d) {
                throw new IllegalArgumentException(name() + ": client " + ids[i] + " sent a delta of " + d
                        + " values but its history has " + h.length() + "; call reset() when the model changes");
            }
            next[i] = h == null ? delta.dup() : h.add(delta);
        }
        double[] w = weights(Gram.gram(RoundUpdates.ofTrusted(name(), ids, next), false), kappa);
        for (int i = 0; i < k; i++) {
            history.put(ids[i], next[i]);
        }
        return WeightedSums.weightedSum(b, w);
    }

    /** The normalised FoolsGold weights (summing to 1) from the Gram matrix of the histories. */
    static double[] weights(double[][] g, double kappa) {
        int k = g.length;
        double[] equal = new double[k];
        Arrays.fill(equal, 1.0 / k);
        if (k == 1) {
            return equal;
        }
        double[][] cs = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double den = Math.sqrt(g[i][i]) * Math.sqrt(g[j][j]);
                cs[i][j] = i == j || den == 0 ? 0.0 : Math.max(-1.0, Math.min(1.0, g[i][j] / den));
            }
        }
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = maxOffDiagonal(cs[i], i);
        }
        for (int i = 0; i < k; i++) { // pardoning
            for (int j = 0; j < k; j++) {
                if (j != i && v[j] > v[i] && v[j] > 0) {
                    cs[i][j] *= v[i] / v[j];
                }
            }
        }
        double[] a = new double[k];
        double max = 0;
        for (int i = 0; i < k; i++) {
            a[i] = Math.max(0.0, Math.min(1.0, 1.0 - maxOffDiagonal(cs[i], i)));
            max = Math.max(max, a[i]);
        }
        if (max == 0) { // every client is a perfect copy of another: nothing tells them apart
            return equal;
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double r = Math.min(0.99, a[i] / max);
            double logit = r == 0 ? 0.0 : kappa * (Math.log(r / (1 - r)) + 0.5);
            a[i] = Math.max(0.0, Math.min(1.0, logit));
            sum += a[i];
        }
        for (int i = 0; i < k; i++) {
            a[i] /= sum;
        }
        return a;
    }

    private static double maxOffDiagonal(double[] row, int i) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < row.length; j++) {
            if (j != i) {
                m = Math.max(m, row[j]);
            }
        }
        return m;
    }

    /** A fresh FoolsGold with the same {@code kappa} and no history (what a simulation run uses). */
    @Override
    public FoolsGold forSimulation() {
        return new FoolsGold(kappa);
    }

    /** Forgets every client's history. */
    @Override
    public synchronized void reset() {
        history.clear();
    }

    @Override
    public String name() {
        return kappa == 1.0 ? "FoolsGold" : "FoolsGold(kappa=" + kappa + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
