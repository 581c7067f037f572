package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Coordinate-wise trimmed mean: in every coordinate, drop the {@code f} largest and the {@code f}
 * smallest values and average the rest.
 *
 * <p>{@code agg[j] = (1 / (n - 2f)) * sum_{r = f+1}^{n-f} x_(r)[j]}, where {@code x_(r)[j]} is the
 * r-th smallest value of coordinate j over the n clients. With {@code f = 0} it is the plain
 * (unweighted) mean. The example counts the clients report are ignored.
 *
 * <p>Settings: {@code f >= 0}, the number of values trimmed from each end of every coordinate
 * (the number of attackers to survive). Needs {@code n > 2f} clients, checked at call time.
 *
 * <p>Tolerance: up to {@code f} attackers among {@code n > 2f} clients: every value that is kept
 * lies between the smallest and the largest honest value of its coordinate. Breakdown point
 * {@code f/n}, approaching 1/2 as {@code f} approaches {@code n/2}.
 *
 * <p>Example: with {@code f = 1}, deltas {@code [1, 5, 9], [2, 0, 9], [100, 4, -9]} aggregate to
 * {@code [2, 4, 9]} (n = 3 leaves one value per coordinate).
 *
 * <p>Paper: Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning: Towards
 * Optimal Statistical Rates", ICML 2018.
 */
public final class TrimmedMean extends FaultTolerantRule {

    /**
     * @param f the number of values trimmed from each end of every coordinate, {@code >= 0}
     * @throws IllegalArgumentException if {@code f < 0}
     */
    public static TrimmedMean of(int f) {
        return new TrimmedMean(f);
    }

    private TrimmedMean(int f) {
        super("TrimmedMean", f);
    }

    /** {@code 2f + 1} ({@code n > 2f}). */
    @Override
    public int minUpdates() {
        return 2 * f() + 1;
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        int f = f();
        RoundUpdates b = RoundUpdates.of(updates, name());
        b.require(2 * f + 1, "n > 2f = " + (2 * f) + " for f=" + f);
        return b.toArray(OrderStatistics.trimmedMean(b, f));
    }
}
