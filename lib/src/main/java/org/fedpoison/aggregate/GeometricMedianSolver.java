package org.fedpoison.aggregate;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The numerics of {@link GeometricMedian}: the minimiser of {@code F(z) = sum_i ||z - x_i||} as a
 * convex combination {@code z = sum_j c_j x_j} of the round's deltas, to a precision set by the
 * rule's tolerance relative to the median distance from {@code z} to the deltas.
 *
 * <p>Steps, each on the K coefficients (never on d-dimensional vectors):
 * <ol>
 *   <li>Distances come from a centred Gram matrix ({@link AggregationMath#gram}):
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
        double[][] g = AggregationMath.gram(b, true);
        double[] corr = new double[k];
        Solver s = new Solver(g, corr, maxIterations, tolerance, nu);
        double[] c = s.run(start(g));
        double[] dist = s.distances(c);
        int near = nearest(dist);
        double typical = OrderStatistics.median(dist.clone(), 0, k);
        if (dist[near] <= NEAR * typical) {
            boolean direct = (long) k * k * b.d <= AggregationMath.DIRECT_GRAM_MAX_FLOPS;
            g = direct ? AggregationMath.gramDirect(b, near)
                    : AggregationMath.gramBlas(b, near, AggregationMath.Syrk.AVAILABLE);
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

    /** The vector iteration hands over to the Gram path after this many steps without converging. */
    static final int DIRECT_MAX_STEPS = 10;

    /** ... or as soon as successive steps shrink by less than this factor (Newton steps would do better). */
    static final double DIRECT_MAX_CONTRACTION = 0.5;

    /**
     * Float32 rounds take the vector iteration only for tolerances from this one up (the default):
     * its distances are float32 differences, which settle the minimiser to about 1e-7 median
     * distances; a finer tolerance goes to the Gram path, whose corrected distances are double.
     */
    static final double DIRECT_FLOAT_MIN_TOLERANCE = 1e-6;

    /**
     * The geometric median computed on the vectors themselves, for rounds where a Gram matrix costs
     * more than a few passes over the deltas ({@code K·K·d} above
     * {@link AggregationMath#DIRECT_GRAM_MAX_FLOPS}); null when the round is better left to
     * {@link #coefficients} (a tolerance of 0, or below {@value #DIRECT_FLOAT_MIN_TOLERANCE} for a
     * float32 round; an iterate near a delta; slow contraction).
     *
     * <p>Smoothed Weiszfeld steps from the mean, {@code z <- sum_i w_i x_i / sum_i w_i},
     * {@code w_i = 1 / max(nu, ||z - x_i||)}; each step is one pass over the deltas that forms the
     * new iterate block by block and, while the block is in cache, its exact distances to every
     * delta (in double) and its distance to the previous iterate. The stopping rule is the Gram
     * path's for Weiszfeld steps: the estimated distance left, {@code step * rho / (1 - rho)}
     * ({@code rho} the contraction of successive steps), at most {@code tolerance} times the median
     * distance. (Weiszfeld steps never increase the objective; no test on it, which float32
     * distances could not settle near the minimiser.)
     * The iteration hands over to the Gram path (which starts afresh) when an iterate comes within
     * {@value #NEAR} median distances of a delta (where Weiszfeld slows down and the minimiser may
     * be the delta itself), when steps shrink by less than {@value #DIRECT_MAX_CONTRACTION} a step,
     * or when the contraction seen would need more than {@value #DIRECT_MAX_STEPS} steps in all.
     * Rounds of many deltas in general position, honest or not, contract by a few percent a step
     * and stop after two or three steps (three or four passes; the last iterate is the result, so
     * no further pass forms it).
     *
     * @return the geometric median, d values in double, or null
     */
    static double[] direct(RoundUpdates b, int maxIterations, double tolerance, double nu) {
        int k = b.k;
        STEPS.get()[0] = 0;
        if (k < 2 || !(tolerance > 0) || (long) k * k * b.d <= AggregationMath.DIRECT_GRAM_MAX_FLOPS
                || (b.outType == DataType.FLOAT && tolerance < DIRECT_FLOAT_MIN_TOLERANCE)) {
            return null;
        }
        double[] c = new double[k];
        Arrays.fill(c, 1.0 / k);
        double[] z = new double[b.d];
        double[] prev = new double[b.d];
        double[] sq = new double[k];
        pass(b, c, z, null, sq);
        boolean finite = true;
        for (double v : sq) {
            finite &= Double.isFinite(v);
        }
        if (!finite) {
            b.ensureFinite(); // names the client and throws
        }
        b.markFinite();
        double[] dist = sqrt(sq);
        double typical = OrderStatistics.median(dist.clone(), 0, k);
        double previousStep = Double.NaN;
        for (int it = 0; it < maxIterations; it++) {
            if (dist[nearest(dist)] <= NEAR * typical) {
                return null;
            }
            double wsum = 0;
            for (int i = 0; i < k; i++) {
                c[i] = 1.0 / Math.max(nu, dist[i]);
                wsum += c[i];
            }
            for (int i = 0; i < k; i++) {
                c[i] /= wsum;
            }
            double[] t = prev; // prev <- the current iterate; the pass writes the next one into z
            prev = z;
            z = t;
            double length = Math.sqrt(pass(b, c, z, prev, sq));
            STEPS.get()[0]++;
            dist = sqrt(sq);
            typical = OrderStatistics.median(dist.clone(), 0, k);
            double rho = length / previousStep; // NaN after the first step
            previousStep = length;
            if (length == 0) {
                return z;
            }
            if (it == 0) {
                continue;
            }
            if (!(rho <= DIRECT_MAX_CONTRACTION)) {
                return null;
            }
            double left = length * rho / (1 - rho);
            if (left <= tolerance * typical) {
                return z;
            }
            // steps still needed at this contraction: left * rho^s <= tolerance * typical
            double needed = Math.log(tolerance * typical / left) / Math.log(rho);
            if (it + 1 + needed > DIRECT_MAX_STEPS) {
                return null;
            }
        }
        return z;
    }

    /** Coordinates per chunk of {@link #pass}: partial sums are formed per chunk, whatever the threads. */
    static final int PASS_CHUNK = 4096;

    /**
     * One pass over the deltas: {@code z = sum_i c_i x_i} (in double), {@code sq[i] = ||z - x_i||^2}
     * and, with {@code prev}, the returned {@code ||z - prev||^2} (else 0).
     *
     * <p>The coordinates are taken in chunks of {@value #PASS_CHUNK}, each in blocks small enough
     * for the block's K rows and K rows of running sums to stay in cache. Per block, the K rows are
     * read once: they form the block of {@code z}, then their squared differences from it are added
     * lane by lane to the running sums (element-wise work that the JIT vectorises, where one sum per
     * delta would be a chain of dependent additions). Each chunk's running sums are then summed per
     * delta in double, and the chunks' sums in chunk order, so results do not depend on the number
     * of threads. In float32 rounds the differences are taken from {@code z} rounded to float32 (the
     * point the rule returns), in float32 arithmetic: exact for a delta within a factor of two of
     * the iterate (Sterbenz), within {@code 2^-24} relative otherwise; a chunk's running sums add at
     * most {@code PASS_CHUNK / block} squares each in float32 before they are summed in double.
     */
    static double pass(RoundUpdates b, double[] c, double[] z, double[] prev, double[] sq) {
        int k = b.k;
        int d = b.d;
        int block = Math.max(64, Math.min(512, (32768 / k) & ~15));
        int chunks = (d + PASS_CHUNK - 1) / PASS_CHUNK;
        double[][] partial = new double[chunks][];
        boolean isFloat = b.outType == DataType.FLOAT;
        AggregationMath.parallelFor(chunks, (long) k * d, (lo, hi) -> {
            float[][] xf = isFloat ? new float[k][block] : null;
            float[][] accf = isFloat ? new float[k][block] : null;
            double[][] xd = isFloat ? null : new double[k][block];
            double[][] accd = isFloat ? null : new double[k][block];
            float[] tmp = new float[block];
            double[] zb = new double[block];
            float[] zf = new float[block];
            double[] step = new double[block];
            for (int ch = lo; ch < hi; ch++) {
                int chunkEnd = Math.min(d, (ch + 1) * PASS_CHUNK);
                for (int i = 0; i < k; i++) {
                    if (isFloat) {
                        Arrays.fill(accf[i], 0f);
                    } else {
                        Arrays.fill(accd[i], 0.0);
                    }
                }
                Arrays.fill(step, 0.0);
                for (int start = ch * PASS_CHUNK; start < chunkEnd; start += block) {
                    int len = Math.min(block, chunkEnd - start);
                    Arrays.fill(zb, 0, len, 0.0);
                    for (int i = 0; i < k; i++) {
                        if (isFloat) {
                            b.floats[i].get(b.offsets[i] + start, xf[i], 0, len);
                            if (c[i] != 0) {
                                addScaled(zb, c[i], xf[i], len);
                            }
                        } else {
                            b.read(i, start, len, xd[i], 0, tmp);
                            if (c[i] != 0) {
                                addScaled(zb, c[i], xd[i], len);
                            }
                        }
                    }
                    System.arraycopy(zb, 0, z, start, len);
                    if (isFloat) {
                        for (int j = 0; j < len; j++) {
                            zf[j] = (float) zb[j];
                        }
                        for (int i = 0; i < k; i++) {
                            addSquaredDifferences(accf[i], zf, xf[i], len);
                        }
                    } else {
                        for (int i = 0; i < k; i++) {
                            addSquaredDifferences(accd[i], zb, xd[i], 0, len);
                        }
                    }
                    if (prev != null) {
                        addSquaredDifferences(step, zb, prev, start, len);
                    }
                }
                double[] part = new double[k + 1];
                for (int i = 0; i < k; i++) {
                    double s = 0;
                    if (isFloat) {
                        float[] a = accf[i];
                        for (int j = 0; j < block; j++) {
                            s += a[j];
                        }
                    } else {
                        double[] a = accd[i];
                        for (int j = 0; j < block; j++) {
                            s += a[j];
                        }
                    }
                    part[i] = s;
                }
                double s = 0;
                for (int j = 0; j < block; j++) {
                    s += step[j];
                }
                part[k] = s;
                partial[ch] = part;
            }
        });
        Arrays.fill(sq, 0.0);
        double moved = 0;
        for (double[] part : partial) {
            for (int i = 0; i < k; i++) {
                sq[i] += part[i];
            }
            moved += part[k];
        }
        return moved;
    }

    // the loops of pass() as small methods on whole arrays from index 0, the form the JIT vectorises

    /** {@code z[j] += a * x[j]} for {@code j < len}. */
    private static void addScaled(double[] z, double a, float[] x, int len) {
        for (int j = 0; j < len; j++) {
            z[j] += a * x[j];
        }
    }

    /** {@code z[j] += a * x[j]} for {@code j < len}. */
    private static void addScaled(double[] z, double a, double[] x, int len) {
        for (int j = 0; j < len; j++) {
            z[j] += a * x[j];
        }
    }

    /** {@code acc[j] += (z[j] - x[j])^2} for {@code j < len}, in float32. */
    private static void addSquaredDifferences(float[] acc, float[] z, float[] x, int len) {
        for (int j = 0; j < len; j++) {
            float t = z[j] - x[j];
            acc[j] += t * t;
        }
    }

    /** {@code acc[j] += (z[j] - x[at + j])^2} for {@code j < len}. */
    private static void addSquaredDifferences(double[] acc, double[] z, double[] x, int at, int len) {
        for (int j = 0; j < len; j++) {
            double t = z[j] - x[at + j];
            acc[j] += t * t;
        }
    }

    private static double[] sqrt(double[] sq) {
        double[] out = new double[sq.length];
        for (int i = 0; i < sq.length; i++) {
            out[i] = sq[i] > 0 ? Math.sqrt(sq[i]) : 0.0;
        }
        return out;
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

    private static int nearest(double[] dist) {
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
     * ({@link AggregationMath#centralRow}), so that far-away deltas (fewer than half) do not have to
     * be walked back from.
     */
    static double[] start(double[][] g) {
        int k = g.length;
        double[][] sq = AggregationMath.distancesFromGram(g);
        int centre = AggregationMath.centralRow(sq);
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
        AggregationMath.parallelFor(blocks, (long) k * d, (lo, hi) -> {
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
