package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Coordinate-wise median: every coordinate of the aggregate is the median of that coordinate over
 * the clients' deltas.
 *
 * <p>{@code agg[j] = median(x_1[j], ..., x_n[j])}. For an even number of clients the median is the
 * mean of the two middle values, {@code (x_(n/2)[j] + x_(n/2+1)[j]) / 2} in 1-based order
 * statistics, as NumPy's {@code median} does. The example counts the clients report are ignored.
 *
 * <p>Settings: none. Needs at least one client.
 *
 * <p>Tolerance: breakdown point 1/2. Values held by fewer than half of the clients cannot move a
 * coordinate outside the range of the other clients' values, however extreme they are; once half
 * or more of the clients agree on a value (n/2 for even n, where the mean of the middle pair
 * already averages in one attacker's value), they carry that coordinate anywhere they like.
 *
 * <p>Example: deltas {@code [1, 5, 9], [2, 0, 9], [100, 4, -9]} aggregate to {@code [2, 4, 9]}.
 *
 * <p>Paper: Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning: Towards
 * Optimal Statistical Rates", ICML 2018.
 */
public final class CoordinateMedian implements Aggregator {

    /** The rule (it has no settings). */
    public static CoordinateMedian of() {
        return new CoordinateMedian();
    }

    private CoordinateMedian() {}

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        RoundUpdates b = RoundUpdates.of(updates, name());
        return b.toArray(OrderStatistics.coordinateMedian(b));
    }

    @Override
    public String name() {
        return "CoordinateMedian";
    }

    @Override
    public String toString() {
        return name();
    }
}
