package org.fedpoison.aggregate;

import java.util.Arrays;
import org.fedpoison.util.Parallel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The geometric median of a large round by Weiszfeld steps on the vectors themselves, one pass over
 * the deltas a step ({@link #run}); {@link GeometricMedianSolver} (Gram matrix, Newton steps,
 * corrected distances) takes the rounds this iteration hands over.
 */
final class WeiszfeldPasses {

    private WeiszfeldPasses() {}

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
     * {@link Gram#DIRECT_GRAM_MAX_FLOPS}); null when the round is better left to
     * {@link GeometricMedianSolver#coefficients} (a tolerance of 0, or below {@value #DIRECT_FLOAT_MIN_TOLERANCE} for a
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
     * {@value GeometricMedianSolver#NEAR} median distances of a delta (where Weiszfeld slows down and the minimiser may
     * be the delta itself), when steps shrink by less than {@value #DIRECT_MAX_CONTRACTION} a step,
     * or when the contraction seen would need more than {@value #DIRECT_MAX_STEPS} steps in all.
     * Rounds of many deltas in general position, honest or not, contract by a few percent a step
     * and stop after two or three steps (three or four passes; the last iterate is the result, so
     * no further pass forms it).
     *
     * @return the geometric median, d values in double, or null
     */
    static double[] run(RoundUpdates b, int maxIterations, double tolerance, double nu) {
        int k = b.k;
        GeometricMedianSolver.STEPS.get()[0] = 0;
        if (k < 2 || !(tolerance > 0) || (long) k * k * b.d <= Gram.DIRECT_GRAM_MAX_FLOPS
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
            if (dist[GeometricMedianSolver.nearest(dist)] <= GeometricMedianSolver.NEAR * typical) {
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
            GeometricMedianSolver.STEPS.get()[0]++;
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
        // float32 deltas are read in runs of whole blocks, about 512 KB for all K (runs of a few KB per
        // delta, which the hardware prefetcher follows, where one block is often a KB); the blocks,
        // and so every sum, are the same whatever the run
        // (the vector path's loops only: the JIT vectorises the scalar loops when the block starts at 0)
        int run = OrderStatistics.VECTOR_API ? block * Math.max(1, Math.min(PASS_CHUNK / block, (131072 / k) / block))
                : block;
        int chunks = (d + PASS_CHUNK - 1) / PASS_CHUNK;
        double[][] partial = new double[chunks][];
        boolean isFloat = b.outType == DataType.FLOAT;
        Parallel.current().forRanges(chunks, (long) k * d, (lo, hi) -> {
            float[][] xf = isFloat ? new float[k][run] : null;
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
                    int at = 0; // where the block's values sit in xf's rows
                    if (isFloat) {
                        int sub = (start - ch * PASS_CHUNK) % run;
                        if (sub == 0) { // read the next run of every delta: a few kilobytes of each in one go
                            int runLen = Math.min(run, chunkEnd - start);
                            for (int i = 0; i < k; i++) {
                                b.floats[i].get(b.offsets[i] + start, xf[i], 0, runLen);
                            }
                        }
                        at = sub;
                    }
                    Arrays.fill(zb, 0, len, 0.0);
                    for (int i = 0; i < k; i++) {
                        if (isFloat) {
                            if (c[i] != 0) {
                                addScaled(zb, c[i], xf[i], at, len);
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
                            addSquaredDifferences(accf[i], zf, xf[i], at, len);
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

    /** {@code z[j] += a * x[at + j]} for {@code j < len} ({@code at == 0} without the vector API). */
    private static void addScaled(double[] z, double a, float[] x, int at, int len) {
        if (OrderStatistics.VECTOR_API) {
            VectorLoops.addScaled(z, a, x, at, len);
        } else {
            addScaled(z, a, x, len);
        }
    }

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

    /** {@code acc[j] += (z[j] - x[at + j])^2} for {@code j < len}, in float32 ({@code at == 0} without the vector API). */
    private static void addSquaredDifferences(float[] acc, float[] z, float[] x, int at, int len) {
        if (OrderStatistics.VECTOR_API) {
            VectorLoops.addSquaredDifferences(acc, z, x, at, len);
        } else {
            addSquaredDifferences(acc, z, x, len);
        }
    }

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
}
