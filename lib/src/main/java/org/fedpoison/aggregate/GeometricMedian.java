package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.Check;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Geometric median: the point that minimises the sum of Euclidean distances to the client deltas,
 * the aggregate of robust federated aggregation (RFA).
 *
 * <p>{@code agg = argmin_z sum_i ||z - x_i||}, computed as a convex combination
 * {@code z = sum_i c_i x_i} ({@link GeometricMedianSolver} gives the details): from the mean of the
 * {@code floor(n/2) + 1} deltas nearest to the most central delta, each step is the better of a
 * smoothed Weiszfeld step {@code z <- sum_i w_i x_i / sum_i w_i}, {@code w_i = 1 / max(nu, ||z - x_i||)},
 * and a Newton step (up to 400 clients), with distances from a centred Gram matrix; the iteration
 * stops once the estimated distance left to the minimiser is at most {@code tolerance} times the
 * median distance from the iterate to the deltas (a scale far-away deltas cannot inflate), or after
 * {@code maxIterations} steps. An iterate that ends next to a delta recentres the Gram matrix on
 * it, and if that delta is itself the minimiser (Vardi and Zhang's test) it is returned exactly.
 * Last, the distances are computed directly from the vectors and the iteration resumes with the
 * Gram form corrected by them, so that float32 rounding of the Gram matrix does not limit the
 * result. The deltas are read three or four times in all (Gram matrix, direct distances, final
 * combination). Large rounds ({@code K·K·d > 2^24}) first run the Weiszfeld steps on the vectors
 * themselves, from the mean, one pass over the deltas a step with exact distances
 * ({@code WeiszfeldPasses}: rounds in general position stop after two or three steps); a round
 * where that iteration slows down, meets a delta or needs a tolerance finer than float32 distances
 * resolve goes to the Gram path above. Clients are weighted equally: the example counts they
 * report are ignored (a liar could inflate them).
 *
 * <p>Settings: {@code maxIterations >= 1}, the most steps (default 100; Newton steps need a handful,
 * Weiszfeld steps alone about {@code 2.5 D / delta} when the minimiser lies {@code delta} from a
 * delta, D the typical distance); {@code tolerance >= 0}, the distance left to the minimiser at
 * which to stop, relative to the median distance (default 1e-6); {@code nu > 0}, the smoothing that
 * keeps weights finite when the iterate meets a delta (default 1e-6, an absolute distance: a
 * minimiser closer than {@code nu} to a delta that is not itself the minimiser is found only to
 * about {@code nu}). With the defaults the result agrees with the exact minimiser to about 1e-6
 * median distances whether it lies far from, next to or at a delta.
 *
 * <p>Tolerance: breakdown point 1/2: fewer than half of the clients cannot drag the geometric
 * median arbitrarily far, however far they place their deltas.
 *
 * <p>Example: deltas {@code [0, 0, 0], [4, 0, 0], [0, 4, 0]} aggregate to their Fermat point
 * {@code [2 - 2/sqrt(3), 2 - 2/sqrt(3), 0]}, about {@code [0.845, 0.845, 0]}.
 *
 * <p>Paper: Pillutla, Kakade, Harchaoui, "Robust Aggregation for Federated Learning", IEEE
 * Transactions on Signal Processing, 2022; Weiszfeld, 1937; Vardi and Zhang, "The multivariate L1-median
 * and associated data depth", PNAS 2000.
 */
public final class GeometricMedian implements Aggregator {

    private final int maxIterations;
    private final double tolerance;
    private final double nu;

    /** The rule with 100 iterations at most, tolerance 1e-6 and smoothing 1e-6. */
    public static GeometricMedian of() {
        return new GeometricMedian();
    }

    private GeometricMedian() {
        this(100, 1e-6, 1e-6);
    }

    /**
     * @param maxIterations the largest number of steps (Weiszfeld or Newton), {@code >= 1}
     * @param tolerance     stop once the estimated distance left to the minimiser is at most
     *                      {@code tolerance} times the median distance from the iterate to the
     *                      deltas, {@code >= 0} (0: run every step)
     * @param nu            smoothing: distances below {@code nu} count as {@code nu}, {@code > 0}
     * @throws IllegalArgumentException if a setting is out of range
     */
    public static GeometricMedian of(int maxIterations, double tolerance, double nu) {
        return new GeometricMedian(maxIterations, tolerance, nu);
    }

    private GeometricMedian(int maxIterations, double tolerance, double nu) {
        this.maxIterations = Check.atLeast("GeometricMedian: maxIterations", maxIterations, 1);
        this.tolerance = Check.nonNegative("GeometricMedian: tolerance", tolerance);
        this.nu = Check.positive("GeometricMedian: nu", nu);
    }

    /** The largest number of steps. */
    public int maxIterations() {
        return maxIterations;
    }

    /** The estimated distance left to the minimiser, relative to the median distance, at which the iteration stops. */
    public double tolerance() {
        return tolerance;
    }

    /** The smoothing distance. */
    public double nu() {
        return nu;
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        RoundUpdates b = RoundUpdates.of(updates, name());
        double[] z = WeiszfeldPasses.run(b, maxIterations, tolerance, nu);
        if (z != null) {
            return b.toArray(z);
        }
        return WeightedSums.weightedSum(b, GeometricMedianSolver.coefficients(b, maxIterations, tolerance, nu));
    }

    @Override
    public String name() {
        return "GeometricMedian";
    }

    @Override
    public String toString() {
        return "GeometricMedian(maxIterations=" + maxIterations + ", tolerance=" + tolerance + ", nu=" + nu + ")";
    }
}
