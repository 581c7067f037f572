package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Geometric median: the point that minimises the sum of Euclidean distances to the client deltas,
 * found by the smoothed Weiszfeld iteration of robust federated aggregation (RFA).
 *
 * <p>{@code agg = argmin_z sum_i ||z - x_i||}, approximated by
 * {@code z_0} = the mean of the {@code floor(n/2) + 1} deltas nearest to the most central delta
 * (the one closest to its {@code floor(n/2)}-th nearest neighbour), {@code z_{t+1} = sum_i w_i x_i / sum_i w_i} with
 * {@code w_i = 1 / max(nu, ||z_t - x_i||)}, stopped after {@code maxIterations} steps or once a
 * step moves the iterate by at most {@code tolerance} times the median of the distances
 * {@code ||z_{t+1} - x_i||} (a scale that far-away deltas cannot inflate, unlike the objective).
 * Every iterate is a convex combination {@code z = sum_i c_i x_i}, so the iteration runs on the K coefficients {@code c}
 * with distances taken from one centred Gram matrix
 * ({@code ||z - x_i||^2 = G_ii - 2 (G c)_i + c^T G c}; centred on a delta among the others when a
 * far-away delta would cost precision, see {@link AggregationMath#gram}); the deltas are read twice in all (once
 * for the Gram matrix, once for the final combination). Clients are weighted equally: the example
 * counts they report are ignored (a liar could inflate them).
 *
 * <p>Settings: {@code maxIterations >= 1} (default 100), {@code tolerance >= 0} (default 1e-6),
 * the smoothing {@code nu > 0} (default 1e-6) that keeps weights finite when the iterate meets a
 * delta.
 *
 * <p>Tolerance: breakdown point 1/2: fewer than half of the clients cannot drag the geometric
 * median arbitrarily far, however far they place their deltas.
 *
 * <p>Example: deltas {@code [0, 0, 0], [4, 0, 0], [0, 4, 0]} aggregate to their Fermat point
 * {@code [2 - 2/sqrt(3), 2 - 2/sqrt(3), 0]}, about {@code [0.845, 0.845, 0]}.
 *
 * <p>Paper: Pillutla, Kakade, Harchaoui, "Robust Aggregation for Federated Learning", IEEE
 * Transactions on Signal Processing, 2022; Weiszfeld, 1937.
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
     * @param maxIterations the largest number of Weiszfeld steps, {@code >= 1}
     * @param tolerance     stop once a step moves the iterate by at most {@code tolerance} times the
     *                      median distance from the iterate to the deltas, {@code >= 0}
     * @param nu            smoothing: distances below {@code nu} count as {@code nu}, {@code > 0}
     * @throws IllegalArgumentException if a setting is out of range
     */
    public static GeometricMedian of(int maxIterations, double tolerance, double nu) {
        return new GeometricMedian(maxIterations, tolerance, nu);
    }

    private GeometricMedian(int maxIterations, double tolerance, double nu) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("GeometricMedian: maxIterations is " + maxIterations
                    + ", must be >= 1");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("GeometricMedian: tolerance is " + tolerance
                    + ", must be finite and >= 0");
        }
        if (!(nu > 0) || Double.isInfinite(nu)) {
            throw new IllegalArgumentException("GeometricMedian: nu is " + nu + ", must be finite and > 0");
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.nu = nu;
    }

    /** The largest number of Weiszfeld steps. */
    public int maxIterations() {
        return maxIterations;
    }

    /** The step, relative to the median distance to the deltas, below which the iteration stops. */
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
        return AggregationMath.weightedSum(b, coefficients(AggregationMath.gram(b, true)));
    }

    /** The Weiszfeld iteration on the coefficients of {@code z = sum_i c_i x_i}, from a centred Gram matrix. */
    double[] coefficients(double[][] g) {
        int k = g.length;
        double[] c = start(g);
        double[] dist = new double[k];
        double[] w = new double[k];
        double[] step = new double[k];
        double[] sorted = new double[k];
        distances(g, c, dist);
        for (int it = 0; it < maxIterations; it++) {
            double sum = 0;
            for (int i = 0; i < k; i++) {
                w[i] = 1.0 / Math.max(nu, dist[i]);
                sum += w[i];
            }
            for (int i = 0; i < k; i++) {
                double next = w[i] / sum;
                step[i] = next - c[i];
                c[i] = next;
            }
            distances(g, c, dist);
            System.arraycopy(dist, 0, sorted, 0, k);
            double typical = OrderStatistics.median(sorted, 0, k);
            if (Math.sqrt(quadratic(g, step)) <= tolerance * typical) {
                break;
            }
        }
        return c;
    }

    /**
     * The starting point: the mean of the {@code floor(K/2) + 1} deltas nearest to the central one
     * ({@link AggregationMath#centralRow}), so that far-away deltas (fewer than half) do not have
     * to be walked back from, one Weiszfeld step at a time.
     */
    private static double[] start(double[][] g) {
        int k = g.length;
        double[][] sq = AggregationMath.distancesFromGram(g);
        int centre = AggregationMath.centralRow(sq);
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(sq[centre][a], sq[centre][b])); // stable on ties
        int h = k / 2 + 1;
        double[] c = new double[k];
        for (int q = 0; q < h; q++) {
            c[order[q]] = 1.0 / h;
        }
        return c;
    }

    /** {@code v^T G v} (the squared length of {@code sum_i v_i x_i} when {@code sum_i v_i = 0}), at least 0. */
    private static double quadratic(double[][] g, double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            double gi = 0;
            for (int j = 0; j < v.length; j++) {
                gi += g[i][j] * v[j];
            }
            s += v[i] * gi;
        }
        return s > 0 ? s : 0.0;
    }

    /** Fills {@code dist[i] = ||z - x_i||} for {@code z = sum c_j x_j}. */
    private static void distances(double[][] g, double[] c, double[] dist) {
        int k = g.length;
        double[] gc = new double[k];
        double cgc = 0;
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += g[i][j] * c[j];
            }
            gc[i] = s;
            cgc += c[i] * s;
        }
        for (int i = 0; i < k; i++) {
            double sq = g[i][i] - 2 * gc[i] + cgc;
            dist[i] = sq > 0 ? Math.sqrt(sq) : 0.0; // rounding can make it slightly negative
        }
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
