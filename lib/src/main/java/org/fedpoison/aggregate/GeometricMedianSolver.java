package org.fedpoison.aggregate;

import java.util.Arrays;
import org.fedpoison.util.Parallel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The numerics of {@link GeometricMedian}: the minimiser of {@code F(z) = sum_i ||z - x_i||} as a
 * convex combination {@code z = sum_j c_j x_j} of the round's deltas, to a precision set by the
 * rule's tolerance relative to the median distance from {@code z} to the deltas.
 *
 * <p>Steps, each on the K coefficients (never on d-dimensional vectors):
 * <ol>
 *   <li>Distances come from a centred Gram matrix ({@link Gram#gram}):
 *       {@code ||z - x_i||^2 = G_ii - 2 (G c)_i + c^T G c}. Start: the mean of the
 *       {@code floor(K/2) + 1} deltas nearest to the most central one.</li>
 *   <li>Each step takes the better (lower objective) of a Weiszfeld step
 *       {@code c <- w / sum w}, {@code w_i = 1 / max(nu, ||z - x_i||)}, and, for K up to
 *       {@value #NEWTON_MAX_K}, a Newton step on F restricted to the deltas' affine hull (the
 *       Hessian {@code sum_i (I - u_i u_i^T) / ||z - x_i||} inverted through the Woodbury identity,
 *       a K×K solve). Weiszfeld alone needs about {@code 2.5 D / delta} steps when the minimiser
 *       lies a distance {@code delta} from a delta (D the typical distance); Newton converges
 *       quadratically there.</li>
 *   <li>Stop once the estimated distance left to the minimiser is at most {@code tolerance} times
 *       the median distance: the last step's length after a Newton step (quadratic convergence),
 *       {@code step * rho / (1 - rho)} after a Weiszfeld step ({@code rho} the observed contraction
 *       of successive steps); or after {@code maxIterations} steps.</li>
 *   <li>When the iterate ends within {@value #NEAR} median distances of a delta {@code x_k}, the Gram
 *       matrix is computed again centred on {@code x_k}, so that the small distance is not the
 *       difference of large numbers, and the iteration goes on from where it was. Then
 *       {@code x_k} itself is the minimiser exactly when {@code ||sum_{i != k} (x_i - x_k) /
 *       ||x_i - x_k|| || <= 1} (Vardi and Zhang, 2000); the rule then returns {@code x_k}.</li>
 *   <li>Last, the distances from {@code z} to every delta are computed directly from the vectors
 *       (one pass over the deltas in double); their differences from the Gram form's become a fixed
 *       correction of the squared distances and the iteration is resumed, which removes the
 *       float32 Gram matrix's rounding (about {@code 1e-6} relative) from the result.</li>
 * </ol>
 */
final class GeometricMedianSolver {

    private GeometricMedianSolver() {}

    /** Newton steps are tried up to this many deltas (a K×K Cholesky factorisation per step). */
    static final int NEWTON_MAX_K = 400;

    /** An iterate this close to a delta (in median distances) recentres the Gram matrix on it. */
    static final double NEAR = 1e-2;

    /** Steps taken by the last call on this thread (for tests). */
    static final ThreadLocal<int[]> STEPS = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * The coefficients {@code c} (summing to 1) of the geometric median {@code sum_j c_j x_j} of the
     * batch's deltas, in canonical order.
     */
    static double[] coefficients(RoundUpdates b, int maxIterations, double tolerance, double nu) {
        int k = b.k;
        STEPS.get()[0] = 0;
        if (k == 1) {
            return new double[] {1.0};
        }
        double[][] g = Gram.gram(b, true);
        double[] corr = new double[k];
        Solver s = new Solver(g, corr, maxIterations, tolerance, nu);
        double[] c = s.run(start(g));
        double[] dist = s.distances(c);
        int near = nearest(dist);
        double typical = OrderStatistics.median(dist.clone(), 0, k);
        if (dist[near] <= NEAR * typical) {
            g = Gram.centredOn(b, near);
            if (isMinimiserAt(g, near)) {
                double[] e = new double[k];
                e[near] = 1.0;
                return e;
            }
            s = new Solver(g, corr, maxIterations, tolerance, nu);
            c = s.run(c);
        }
        // direct distances: the Gram form's rounding becomes a fixed correction, and the iteration resumes
        double[] direct = directSquaredDistances(b, c);
        double[] gramSq = s.squaredDistances(c);
        for (int i = 0; i < k; i++) {
            corr[i] = direct[i] - gramSq[i];
        }
        return s.run(c);
    }

    /**
     * Whether delta {@code k} minimises F: {@code ||sum_{i != k} (x_i - x_k) / ||x_i - x_k|| || <= 1}
     * (Vardi and Zhang 2000, Theorem 1, unit weights), from a Gram matrix centred on {@code x_k}.
     */
    static boolean isMinimiserAt(double[][] g, int k) {
        int n = g.length;
        double[] v = new double[n]; // R = sum_i v_i (x_i - x_k)
        for (int i = 0; i < n; i++) {
            if (i != k) {
                double sq = g[i][i] + g[k][k] - 2 * g[i][k];
                if (!(sq > 0)) {
                    continue; // a duplicate of x_k: its direction is free, it does not pull
                }
                v[i] = 1 / Math.sqrt(sq);
            }
        }
        double r2 = 0;
        for (int i = 0; i < n; i++) {
            if (v[i] == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (v[j] != 0) {
                    r2 += v[i] * v[j] * (g[i][j] - g[i][k] - g[k][j] + g[k][k]);
                }
            }
        }
        int duplicates = 0;
        for (int i = 0; i < n; i++) {
            if (i != k && v[i] == 0) {
                duplicates++;
            }
        }
        // each duplicate of x_k adds one to the weight x_k carries
        return Math.sqrt(Math.max(0, r2)) <= 1 + duplicates;
    }

    static int nearest(double[] dist) {
        int best = 0;
        for (int i = 1; i < dist.length; i++) {
            if (dist[i] < dist[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The starting point: the mean of the {@code floor(K/2) + 1} deltas nearest to the central one
     * ({@link Gram#centralRow}), so that far-away deltas (fewer than half) do not have to
     * be walked back from.
     */
    static double[] start(double[][] g) {
        int k = g.length;
        double[][] sq = Gram.distancesFromGram(g);
        int centre = Gram.centralRow(sq);
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(sq[centre][a], sq[centre][b])); // stable on ties
        int h = k / 2 + 1;
        double[] c = new double[k];
        for (int q = 0; q < h; q++) {
            c[order[q]] = 1.0 / h;
        }
        return c;
    }

    /**
     * {@code ||sum_j c_j x_j - x_i||^2} for every delta, summed in double over the vectors: blocks of
     * coordinates form {@code z} and then the squared differences while the block is in cache.
     */
    static double[] directSquaredDistances(RoundUpdates b, double[] c) {
        b.ensureFinite();
        int k = b.k;
        int d = b.d;
        int block = (int) Math.max(256, Math.min(4096, (1L << 18) / k));
        int blocks = (d + block - 1) / block;
        double[][] partial = new double[blocks][];
        Parallel.current().forRanges(blocks, (long) k * d, (lo, hi) -> {
            double[] z = new double[block];
            double[] row = new double[block];
            float[] tmp = new float[block];
            for (int blk = lo; blk < hi; blk++) {
                int start = blk * block;
                int len = Math.min(block, d - start);
                Arrays.fill(z, 0, len, 0.0);
                for (int i = 0; i < k; i++) {
                    if (c[i] != 0) {
                        b.read(i, start, len, row, 0, tmp);
                        double ci = c[i];
                        for (int j = 0; j < len; j++) {
                            z[j] += ci * row[j];
                        }
                    }
                }
                double[] part = new double[k];
                for (int i = 0; i < k; i++) {
                    b.read(i, start, len, row, 0, tmp);
                    double s = 0;
                    for (int j = 0; j < len; j++) {
                        double diff = z[j] - row[j];
                        s += diff * diff;
                    }
                    part[i] = s;
                }
                partial[blk] = part;
            }
        });
        double[] out = new double[k];
        for (double[] part : partial) { // fixed block order: the sum does not depend on threads
            for (int i = 0; i < k; i++) {
                out[i] += part[i];
            }
        }
        return out;
    }

    /** The iteration on the coefficients, over one Gram matrix and a fixed correction of squared distances. */
    static final class Solver {
        private final double[][] g;
        private final double[] corr;
        private final int maxIterations;
        private final double tolerance;
        private final double nu;
        private final int k;

        Solver(double[][] g, double[] corr, int maxIterations, double tolerance, double nu) {
            this.g = g;
            this.corr = corr;
            this.maxIterations = maxIterations;
            this.tolerance = tolerance;
            this.nu = nu;
            this.k = g.length;
        }

        double[] squaredDistances(double[] c) {
            double[] gc = times(c);
            double cgc = dot(c, gc);
            double[] sq = new double[k];
            for (int i = 0; i < k; i++) {
                sq[i] = g[i][i] - 2 * gc[i] + cgc + corr[i];
            }
            return sq;
        }

        double[] distances(double[] c) {
            double[] sq = squaredDistances(c);
            for (int i = 0; i < k; i++) {
                sq[i] = sq[i] > 0 ? Math.sqrt(sq[i]) : 0.0; // rounding can make it slightly negative
            }
            return sq;
        }

        private double objective(double[] c) {
            double s = 0;
            for (double v : distances(c)) {
                s += v;
            }
            return s;
        }

        /** Runs the iteration from {@code c0} (not modified); returns the final coefficients. */
        double[] run(double[] c0) {
            double[] c = c0.clone();
            double[] dist = distances(c);
            double f = sum(dist);
            double previousStep = Double.NaN;
            for (int it = 0; it < maxIterations; it++) {
                STEPS.get()[0]++;
                double[] w = new double[k];
                double wsum = 0;
                for (int i = 0; i < k; i++) {
                    w[i] = 1.0 / Math.max(nu, dist[i]);
                    wsum += w[i];
                }
                double[] next = new double[k];
                for (int i = 0; i < k; i++) {
                    next[i] = w[i] / wsum;
                }
                double fNext = objective(next);
                boolean newton = false;
                if (k <= NEWTON_MAX_K && k > 2) {
                    double[] n = newton(c, dist, w, wsum);
                    if (n != null) {
                        double fn = objective(n);
                        if (fn < fNext) {
                            next = n;
                            fNext = fn;
                            newton = true;
                        }
                    }
                }
                double[] step = new double[k];
                for (int i = 0; i < k; i++) {
                    step[i] = next[i] - c[i];
                }
                double length = Math.sqrt(Math.max(0, dot(step, times(step))));
                if (!(fNext <= f) && !newton && it > 0) {
                    break; // rounding noise: the objective no longer decreases
                }
                c = next;
                dist = distances(c);
                f = fNext;
                double typical = OrderStatistics.median(dist.clone(), 0, k);
                double left;
                if (newton) {
                    left = length;
                } else {
                    double rho = length / previousStep;
                    left = rho < 0.9 ? length * rho / (1 - rho) : Double.POSITIVE_INFINITY;
                }
                previousStep = length;
                if (left <= tolerance * typical || length == 0) {
                    break;
                }
            }
            return c;
        }

        /**
         * The Newton step's end point on F over the affine hull of the deltas, or null if the
         * system is singular. With {@code u_i = (z - x_i)/d_i}, {@code H = W (I - V V^T)} where
         * {@code V = [u_i / sqrt(d_i W)]}, so {@code H^-1 = (I + V (I - V^T V)^-1 V^T) / W}; every
         * product is a Gram form in the coefficients. Deltas within {@code nu} count with weight
         * {@code 1/nu} and no curvature along {@code u_i}, as in the smoothed objective.
         */
        private double[] newton(double[] c, double[] dist, double[] w, double wsum) {
            double[] gamma = new double[k]; // the gradient sum_i w_i (z - x_i), as coefficients: W c - w
            for (int i = 0; i < k; i++) {
                gamma[i] = wsum * c[i] - w[i];
            }
            double[] p = times(c);
            double q = dot(c, p);
            double[] pg = times(gamma);
            double cg = dot(c, pg);
            double[] s = new double[k];
            double root = Math.sqrt(wsum);
            for (int i = 0; i < k; i++) {
                s[i] = dist[i] > nu ? Math.pow(w[i], 1.5) / root : 0.0;
            }
            double[][] m = new double[k][k]; // I - V^T V
            for (int i = 0; i < k; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = -s[i] * s[j] * (q - p[i] - p[j] + g[i][j]);
                    if (i == j) {
                        v += 1;
                    }
                    m[i][j] = v;
                    m[j][i] = v;
                }
            }
            double[] rhs = new double[k]; // V^T g
            for (int i = 0; i < k; i++) {
                rhs[i] = s[i] * (cg - pg[i]);
            }
            double[] y = choleskySolve(m, rhs);
            if (y == null) {
                return null;
            }
            double asum = 0;
            double[] a = new double[k];
            for (int i = 0; i < k; i++) {
                a[i] = s[i] * y[i];
                asum += a[i];
            }
            double[] next = new double[k];
            double total = 0;
            for (int i = 0; i < k; i++) {
                next[i] = c[i] - (gamma[i] + asum * c[i] - a[i]) / wsum;
                total += next[i];
            }
            for (int i = 0; i < k; i++) {
                next[i] /= total; // sums to 1 up to rounding; keep it exact-ish
            }
            return next;
        }

        private double[] times(double[] v) {
            double[] out = new double[k];
            for (int i = 0; i < k; i++) {
                double s = 0;
                double[] gi = g[i];
                for (int j = 0; j < k; j++) {
                    s += gi[j] * v[j];
                }
                out[i] = s;
            }
            return out;
        }
    }

    /** Solves {@code m y = b} for symmetric positive definite {@code m} (overwritten); null if not. */
    static double[] choleskySolve(double[][] m, double[] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double dj = m[j][j];
            for (int t = 0; t < j; t++) {
                dj -= m[j][t] * m[j][t];
            }
            if (!(dj > 1e-12)) {
                return null;
            }
            dj = Math.sqrt(dj);
            m[j][j] = dj;
            for (int i = j + 1; i < n; i++) {
                double v = m[i][j];
                double[] mi = m[i];
                double[] mj = m[j];
                for (int t = 0; t < j; t++) {
                    v -= mi[t] * mj[t];
                }
                m[i][j] = v / dj;
            }
        }
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            double v = y[i];
            for (int t = 0; t < i; t++) {
                v -= m[i][t] * y[t];
            }
            y[i] = v / m[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double v = y[i];
            for (int t = i + 1; t < n; t++) {
                v -= m[t][i] * y[t];
            }
            y[i] = v / m[i][i];
        }
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
