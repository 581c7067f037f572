package org.fedpoison.aggregate;

import java.util.Arrays;
import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulyan: Krum picks {@code theta = n - 2f} deltas one at a time, then every coordinate is the
 * mean of the {@code beta = theta - 2f} selected values closest to their median.
 *
 * <p>Selection: {@code S = {}}; repeat {@code theta} times: among the deltas not yet selected
 * {@code R}, add the one with the lowest Krum score, where a score sums the squared distances to
 * the {@code max(0, |R| - f - 2)} nearest others in {@code R} (equal scores: the lexicographically
 * smallest delta). Aggregation: {@code agg[j] = (1/beta) sum_{i in B_j} x_i[j]}, where {@code B_j}
 * holds the {@code beta} values of coordinate j over {@code S} closest to their median (median of
 * an even count: the mean of the two middle values; at equal distance the smaller value is taken
 * first). The example counts are ignored.
 *
 * <p>Settings: {@code f >= 0}, the number of Byzantine clients to tolerate. Needs
 * {@code n >= 4f + 3} clients, checked at call time.
 *
 * <p>Tolerance: {@code f} Byzantine clients with {@code n >= 4f + 3} (a fraction under 1/4); in
 * exchange every coordinate stays within a band around the honest values, which Krum alone does not
 * guarantee in high dimension.
 *
 * <p>Example: with {@code f = 0} (theta = beta = n), Bulyan is the coordinate-wise mean:
 * deltas {@code [1, 5, 9], [2, 0, 9], [3, 4, -9]} aggregate to {@code [2, 3, 3]}.
 *
 * <p>Paper: El Mhamdi, Guerraoui, Rouault, "The Hidden Vulnerability of Distributed Learning in
 * Byzantium", ICML 2018.
 */
public final class Bulyan extends FaultTolerantRule {

    /**
     * @param f the number of Byzantine clients to tolerate, {@code >= 0}
     * @throws IllegalArgumentException if {@code f < 0}
     */
    public static Bulyan of(int f) {
        return new Bulyan(f);
    }

    private Bulyan(int f) {
        super("Bulyan", f);
    }

    /** {@code 4f + 3}. */
    @Override
    public int minUpdates() {
        return 4 * f() + 3;
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        int f = f();
        RoundUpdates b = RoundUpdates.of(updates, name());
        b.require(4 * f + 3, "n >= 4f + 3 = " + (4 * f + 3) + " for f=" + f);
        int n = b.size();
        int theta = n - 2 * f;
        int beta = theta - 2 * f;
        double[][] dist = Gram.pairwiseSquaredDistances(b);
        int[] remaining = KrumScoring.range(n);
        int[] selected = new int[theta];
        for (int s = 0; s < theta; s++) {
            double[] scores = KrumScoring.krumScores(dist, remaining, f);
            int best = KrumScoring.orderByScore(b, remaining, scores)[0];
            selected[s] = best;
            int[] rest = new int[remaining.length - 1];
            int q = 0;
            for (int r : remaining) {
                if (r != best) {
                    rest[q++] = r;
                }
            }
            remaining = rest;
        }
        Arrays.sort(selected); // canonical order
        return b.toArray(OrderStatistics.bulyanMean(b, selected, beta));
    }
}
