package org.fedpoison.aggregate;

import java.util.Arrays;
import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.Check;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Multi-Krum: the unweighted mean of the {@code m} client deltas with the best (lowest) Krum
 * scores.
 *
 * <p>{@code score(i) = sum_{j in N_i} ||x_i - x_j||^2} over the {@code n - f - 2} nearest
 * neighbours of {@code x_i}, as in {@link Krum}; {@code agg = (1/m) sum_{i in S} x_i}, where
 * {@code S} holds the {@code m} lowest scores (equal scores ordered by the deltas' values). With
 * {@code m = 1} it is Krum; with {@code m = n} it is the mean. The example counts are ignored.
 *
 * <p>Settings: {@code f >= 0}, the number of Byzantine clients to tolerate; {@code m >= 1}, the
 * number of deltas averaged (a common choice is {@code m = n - f}). Needs {@code n > 2f + 2} and
 * {@code n >= m}, checked at call time.
 *
 * <p>Tolerance: as Krum, {@code f} Byzantine clients with {@code n > 2f + 2}; with
 * {@code m <= n - f} the average can still include attackers whose deltas sit close to the honest
 * ones, which bounds how far they move it.
 *
 * <p>Example: with {@code f = 0, m = 2}, deltas {@code [0, 0, 0], [1, 0, 0], [10, 0, 0]} have scores
 * 1, 1, 81 and aggregate to {@code [0.5, 0, 0]}.
 *
 * <p>Conventions: ByzFL's {@code MultiKrum(f)} averages the {@code n - f} best deltas scored over
 * {@code n - f - 1} neighbours; ours equals it with {@code MultiKrum.of(f - 1, n - f)} for {@code f >= 1}
 * (see {@link Krum}).
 *
 * <p>Paper: Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent", NeurIPS 2017.
 */
public final class MultiKrum extends FaultTolerantRule {

    private final int m;

    /**
     * @param f the number of Byzantine clients to tolerate, {@code >= 0}
     * @param m the number of best-scoring deltas averaged, {@code >= 1}
     * @throws IllegalArgumentException if {@code f < 0} or {@code m < 1}
     */
    public static MultiKrum of(int f, int m) {
        return new MultiKrum(f, m);
    }

    private MultiKrum(int f, int m) {
        super("MultiKrum", f);
        this.m = Check.atLeast("MultiKrum: m", m, 1);
    }

    /** The number of deltas averaged. */
    public int m() {
        return m;
    }

    /** {@code max(2f + 3, m)}. */
    @Override
    public int minUpdates() {
        return Math.max(2 * f() + 3, m);
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        int f = f();
        RoundUpdates b = RoundUpdates.of(updates, name());
        b.require(2 * f + 3, "n > 2f + 2 = " + (2 * f + 2) + " for f=" + f);
        b.require(m, "n >= m = " + m);
        int[] all = KrumScoring.range(b.size());
        double[][] dist = Gram.pairwiseSquaredDistances(b);
        double[] scores = KrumScoring.krumScores(dist, all, f);
        int[] best = Arrays.copyOf(KrumScoring.orderByScore(b, all, scores), m);
        Arrays.sort(best); // sum in canonical order
        return WeightedSums.meanOf(b, best);
    }

    @Override
    public String name() {
        return "MultiKrum(f=" + f() + ", m=" + m + ")";
    }
}
