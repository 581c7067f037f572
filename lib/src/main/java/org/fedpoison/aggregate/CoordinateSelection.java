package org.fedpoison.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Per-coordinate order statistics of a round's updates, the one implementation behind
 * {@link CoordinateMedian}, {@link TrimmedMean} and {@link Bulyan}'s coordinate phase.
 *
 * <p>For float32 rounds the work runs near memory speed: a block of coordinates of every update is
 * copied into a small per-thread buffer (one row per update, one lane per coordinate) and a
 * sorting network (Batcher's odd-even merge sort, pruned to the wires the rule reads) orders every
 * coordinate of the block at once, one compare-exchange of two rows at a time, which the JIT turns
 * into vector {@code min}/{@code max} instructions over the lanes. Blocks are shared out over
 * {@link AggregationMath#threads()} threads; nothing is allocated per coordinate. Rounds holding a
 * float64 delta keep the scalar path (quickselect per coordinate, {@link AggregationMath#perCoordinate}).
 *
 * <p>Results are those of the scalar path, bit for bit:
 * <ul>
 *   <li>the median of an even count is {@code 0.5 lo + 0.5 hi} of the two middle values, as
 *       {@link AggregationMath#median(double[], int, int)};</li>
 *   <li>the network orders {@code -0.0} before {@code 0.0} while quickselect leaves equal values where
 *       they fall, so a coordinate whose selected value is a zero and that holds zeros of both signs
 *       is recomputed by the scalar rule;</li>
 *   <li>the trimmed mean {@code (1/(n-2f)) sum_{r=f+1}^{n-f} x_(r)} is summed in double in ascending
 *       order; the scalar path sums the same values in the order quickselect leaves them. The two
 *       double sums differ by at most {@code 2 (m-1) u sum|x|} ({@code m} values kept, {@code u =
 *       2^-53}); when every value in that interval rounds to the same float32 result the
 *       result is the scalar path's, otherwise (about one coordinate in a million on Gaussian data)
 *       the coordinate is recomputed by the scalar rule;</li>
 *   <li>Bulyan's window is grown over the sorted values and summed in ascending order, as before.</li>
 * </ul>
 * Non-finite values are found on the way and reported by {@link AggregationMath.Batch#ensureFinite()}
 * (the message names the client). Inputs are never modified.
 */
final class CoordinateSelection {

    private CoordinateSelection() {}

    /** Coordinates handed to the scalar rule so far (signed zeros, or a sum too close to a rounding boundary). */
    static final java.util.concurrent.atomic.LongAdder FALLBACKS = new java.util.concurrent.atomic.LongAdder();

    /** Float lanes (coordinates) per block: rows × lanes stays within about 256 KB (the L2 cache). */
    static int lanes(int n) {
        int b = 65536 / Math.max(1, n);
        return Math.max(16, Math.min(256, b & ~15));
    }

    // ---------------------------------------------------------------------------------------
    // The rules
    // ---------------------------------------------------------------------------------------

    /**
     * The coordinate-wise median of the batch: the middle value of each coordinate, or for an even
     * count {@code 0.5 lo + 0.5 hi} of the middle pair.
     *
     * @param b the batch
     * @return one median per coordinate
     */
    static double[] median(AggregationMath.Batch b) {
        if (b.outType != DataType.FLOAT) {
            return AggregationMath.perCoordinate(b, AggregationMath::median);
        }
        int n = b.k;
        Network net = Network.median(n);
        int m = n / 2;
        return run(b, null, net, (v, len, start, out, ctx) -> {
            float[] hi = v[m];
            if ((n & 1) == 1) {
                for (int j = 0; j < len; j++) {
                    out[start + j] = hi[j];
                }
            } else {
                float[] lo = v[m - 1];
                for (int j = 0; j < len; j++) {
                    out[start + j] = 0.5 * lo[j] + 0.5 * hi[j];
                }
            }
            for (int j = 0; j < len; j++) {
                if (out[start + j] == 0.0 && mixedZeros(v, n, j)) {
                    out[start + j] = AggregationMath.median(ctx.column(start + j), 0, n);
                    FALLBACKS.increment();
                }
            }
        });
    }

    /**
     * The coordinate-wise trimmed mean: per coordinate, the mean of the values left after dropping
     * the {@code f} smallest and the {@code f} largest.
     *
     * @param b the batch, with {@code n > 2f} updates (checked by the caller)
     * @param f the number of values dropped at each end, {@code >= 0}
     * @return one trimmed mean per coordinate
     */
    static double[] trimmedMean(AggregationMath.Batch b, int f) {
        int n = b.k;
        int kept = n - 2 * f;
        if (b.outType != DataType.FLOAT) {
            return AggregationMath.perCoordinate(b, (a, from, m) -> trimmedMeanOf(a, from, m, f));
        }
        if (f == 0) { // the mean in canonical order, exactly as the scalar rule sums it
            return run(b, null, Network.NONE, (v, len, start, out, ctx) -> {
                double[] s = ctx.sums;
                java.util.Arrays.fill(s, 0, len, 0.0);
                for (int r = 0; r < n; r++) {
                    float[] row = v[r];
                    for (int j = 0; j < len; j++) {
                        s[j] += row[j];
                    }
                }
                for (int j = 0; j < len; j++) {
                    out[start + j] = s[j] / kept;
                }
            });
        }
        Network net = Network.sort(n);
        return run(b, null, net, (v, len, start, out, ctx) -> {
            double[] s = ctx.sums;
            double[] a = ctx.abs;
            java.util.Arrays.fill(s, 0, len, 0.0);
            java.util.Arrays.fill(a, 0, len, 0.0);
            for (int r = f; r < n - f; r++) {
                float[] row = v[r];
                for (int j = 0; j < len; j++) {
                    float x = row[j];
                    s[j] += x;
                    a[j] += Math.abs(x);
                }
            }
            for (int j = 0; j < len; j++) {
                double mean = certainMean(s[j], a[j], kept);
                if (Double.isNaN(mean)) {
                    mean = trimmedMeanOf(ctx.column(start + j), 0, n, f);
                    FALLBACKS.increment();
                }
                out[start + j] = mean;
            }
        });
    }

    /**
     * {@code s / m} if every double sum of the same {@code m} values in any order, divided by
     * {@code m}, rounds to the same float32 as {@code s / m}; NaN otherwise.
     *
     * <p>A double sum of m values in any order is within {@code (m-1) u sum|x|} of the exact sum
     * ({@code u = 2^-53}; Higham, Accuracy and Stability of Numerical Algorithms, 2002, eq. 4.4), so
     * two orders differ by less than {@code 2 (m-1) u sum|x|}. Both ends of that interval around
     * {@code s} are divided and rounded; {@code v -> (float) (v / m)} is monotone, so equal ends mean
     * one result for the whole interval. The margin ({@code 3 m} instead of {@code 2 (m-1)}) covers
     * the rounding of the bound and of {@code s +- bound}.
     *
     * @param s   the sum of the values in some order, in double
     * @param abs the sum of their absolute values, in double
     * @param m   the number of values
     */
    static double certainMean(double s, double abs, int m) {
        double e = 3.0 * m * 0x1p-53 * abs;
        float low = (float) ((s - e) / m);
        float high = (float) ((s + e) / m);
        return low == high ? s / m : Double.NaN;
    }

    /**
     * The trimmed mean of {@code a[from, from+n)} as the scalar rule computes it: quickselect puts the
     * {@code f} smallest before and the {@code f} largest after the kept values, which are then summed
     * in double in the order they are left in. Reorders the range.
     */
    static double trimmedMeanOf(double[] a, int from, int n, int f) {
        int lo = from + f;
        int hi = from + n - f; // keep [lo, hi)
        if (f > 0) {
            AggregationMath.select(a, from, from + n, lo);
            AggregationMath.select(a, lo, from + n, hi - 1);
        }
        double s = 0;
        for (int i = lo; i < hi; i++) {
            s += a[i];
        }
        return s / (n - 2 * f);
    }

    /**
     * Bulyan's coordinate phase over the updates at canonical positions {@code rows}: per
     * coordinate, the mean of the {@code beta} values closest to their median (median of an even
     * count: the mean of the two middle values; at equal distance the smaller value is taken first),
     * summed in ascending order.
     *
     * @param b    the batch
     * @param rows the selected canonical positions, ascending
     * @param beta the number of values averaged, {@code 1 <= beta <= rows.length}
     * @return one value per coordinate
     */
    static double[] bulyan(AggregationMath.Batch b, int[] rows, int beta) {
        int m = rows.length;
        if (b.outType != DataType.FLOAT) {
            return AggregationMath.perCoordinate(b, rows, (a, from, count) -> {
                java.util.Arrays.sort(a, from, from + count);
                return bulyanOfSorted(a, from, count, beta);
            });
        }
        Network net = Network.sort(m);
        return run(b, rows, net, (v, len, start, out, ctx) -> {
            double[] col = ctx.col;
            for (int j = 0; j < len; j++) {
                for (int r = 0; r < m; r++) {
                    col[r] = v[r][j];
                }
                out[start + j] = bulyanOfSorted(col, 0, m, beta);
            }
        });
    }

    /** Bulyan's window mean over the sorted {@code a[from, from+m)}. */
    static double bulyanOfSorted(double[] a, int from, int m, int beta) {
        double med = (m & 1) == 1 ? a[from + m / 2] : 0.5 * a[from + m / 2 - 1] + 0.5 * a[from + m / 2];
        // grow a window [lo, hi) around the median, taking the closer neighbour (the smaller on ties)
        int lo = from + m / 2;
        int hi = lo;
        if ((m & 1) == 1) {
            hi = lo + 1;
        }
        while (hi - lo < beta) {
            boolean takeLow = hi >= from + m || (lo > from && med - a[lo - 1] <= a[hi] - med);
            if (takeLow) {
                lo--;
            } else {
                hi++;
            }
        }
        double s = 0;
        for (int i = lo; i < hi; i++) {
            s += a[i];
        }
        return s / beta;
    }

    /** Whether lane {@code j} of rows {@code v[0, n)} holds both a {@code -0.0} and a {@code 0.0}. */
    private static boolean mixedZeros(float[][] v, int n, int j) {
        boolean neg = false;
        boolean pos = false;
        for (int r = 0; r < n; r++) {
            int bits = Float.floatToRawIntBits(v[r][j]);
            neg |= bits == 0x80000000;
            pos |= bits == 0;
        }
        return neg && pos;
    }

    // ---------------------------------------------------------------------------------------
    // The blocked pass
    // ---------------------------------------------------------------------------------------

    /** What a rule does with one block once the network has run. */
    @FunctionalInterface
    private interface BlockRule {
        /**
         * @param v     rows of the block, {@code v[r][0, len)}, ordered by the network
         * @param len   lanes in this block
         * @param start the first coordinate of the block
         * @param out   the results, written at {@code [start, start+len)}
         * @param ctx   the thread's scratch and the batch, for the scalar fallback
         */
        void reduce(float[][] v, int len, int start, double[] out, Scratch ctx);
    }

    /** One thread's buffers. */
    private static final class Scratch {
        final AggregationMath.Batch b;
        final int[] rows;
        final float[][] v;
        final float[] check;
        final double[] sums;
        final double[] abs;
        final double[] col;

        Scratch(AggregationMath.Batch b, int[] rows, int n, int lanes) {
            this.b = b;
            this.rows = rows;
            this.v = new float[n][lanes];
            this.check = new float[lanes];
            this.sums = new double[lanes];
            this.abs = new double[lanes];
            this.col = new double[n];
        }

        /** The values of coordinate {@code j} over the rows, in canonical order (for the scalar rules). */
        double[] column(int j) {
            int n = col.length;
            for (int r = 0; r < n; r++) {
                col[r] = b.value(rows == null ? r : rows[r], j);
            }
            return col;
        }
    }

    private static double[] run(AggregationMath.Batch b, int[] rows, Network net, BlockRule rule) {
        int n = rows == null ? b.k : rows.length;
        int d = b.d;
        int lanes = lanes(n);
        int blocks = (d + lanes - 1) / lanes;
        double[] out = new double[d];
        boolean[] nonFinite = new boolean[1];
        AggregationMath.parallelFor(blocks, (long) n * d, (blo, bhi) -> {
            Scratch ctx = new Scratch(b, rows, n, lanes);
            float[][] v = ctx.v;
            float[] check = ctx.check;
            for (int blk = blo; blk < bhi && !nonFinite[0]; blk++) {
                int start = blk * lanes;
                int len = Math.min(lanes, d - start);
                java.util.Arrays.fill(check, 0, len, 0f);
                for (int r = 0; r < n; r++) {
                    int i = rows == null ? r : rows[r];
                    float[] row = v[r];
                    b.floats[i].get(b.offsets[i] + start, row, 0, len);
                    for (int j = 0; j < len; j++) {
                        check[j] += row[j] * 0f; // stays 0 unless a value is NaN or infinite
                    }
                }
                float bad = 0f;
                for (int j = 0; j < len; j++) {
                    bad += check[j];
                }
                if (bad != 0f) { // NaN (never equal) or, impossibly, non-zero
                    nonFinite[0] = true;
                    return;
                }
                net.apply(v, len);
                rule.reduce(v, len, start, out, ctx);
            }
        });
        if (nonFinite[0]) {
            b.ensureFinite(); // finds the client and throws
            throw new IllegalStateException(b.rule + ": a non-finite value was seen but not found again");
        }
        if (rows == null) {
            b.markFinite();
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // Sorting networks
    // ---------------------------------------------------------------------------------------

    /**
     * A comparator network on {@code n} wires: compare-exchange {@code (lo[c], hi[c])} in order
     * puts the smaller value on wire {@code lo[c]}.
     */
    static final class Network {
        static final Network NONE = new Network(0, new int[0], new int[0]);
        private static final ConcurrentHashMap<Long, Network> CACHE = new ConcurrentHashMap<>();

        final int n;
        final int[] lo;
        final int[] hi;

        private Network(int n, int[] lo, int[] hi) {
            this.n = n;
            this.lo = lo;
            this.hi = hi;
        }

        /** The number of compare-exchanges. */
        int size() {
            return lo.length;
        }

        /** Batcher's odd-even merge sort on {@code n} wires (comparators on padding wires removed). */
        static Network sort(int n) {
            return CACHE.computeIfAbsent(((long) n << 1), key -> batcher(n));
        }

        /** The comparators of {@link #sort} that the median wires ({@code n/2}, and {@code n/2 - 1} for even n) depend on. */
        static Network median(int n) {
            return CACHE.computeIfAbsent(((long) n << 1) | 1, key -> {
                boolean[] need = new boolean[n];
                need[n / 2] = true;
                if ((n & 1) == 0) {
                    need[n / 2 - 1] = true;
                }
                return sort(n).prune(need);
            });
        }

        private static Network batcher(int n) {
            int p2 = 1;
            while (p2 < n) {
                p2 <<= 1;
            }
            List<int[]> pairs = new ArrayList<>();
            for (int p = 1; p < p2; p <<= 1) {
                for (int k = p; k >= 1; k >>= 1) {
                    for (int j = k % p; j + k < p2; j += 2 * k) {
                        for (int i = 0; i < Math.min(k, p2 - j - k); i++) {
                            if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) {
                                int a = i + j;
                                int c = i + j + k;
                                // wires >= n hold +infinity in the padded network: their comparators never exchange
                                if (c < n) {
                                    pairs.add(new int[] {a, c});
                                }
                            }
                        }
                    }
                }
            }
            int[] lo = new int[pairs.size()];
            int[] hi = new int[pairs.size()];
            for (int c = 0; c < lo.length; c++) {
                lo[c] = pairs.get(c)[0];
                hi[c] = pairs.get(c)[1];
            }
            return new Network(n, lo, hi);
        }

        /** The comparators that the wires marked in {@code need} depend on. */
        Network prune(boolean[] need) {
            boolean[] live = need.clone();
            boolean[] keep = new boolean[lo.length];
            int kept = 0;
            for (int c = lo.length - 1; c >= 0; c--) {
                if (live[lo[c]] || live[hi[c]]) {
                    keep[c] = true;
                    live[lo[c]] = true;
                    live[hi[c]] = true;
                    kept++;
                }
            }
            int[] l = new int[kept];
            int[] h = new int[kept];
            for (int c = 0, q = 0; c < lo.length; c++) {
                if (keep[c]) {
                    l[q] = lo[c];
                    h[q++] = hi[c];
                }
            }
            return new Network(n, l, h);
        }

        /** Runs the network on lanes {@code [0, len)} of the rows {@code v}. */
        void apply(float[][] v, int len) {
            for (int c = 0; c < lo.length; c++) {
                exchange(v[lo[c]], v[hi[c]], len);
            }
        }

        /** Runs the network on one column {@code a[0, n)} (for tests). */
        void apply(double[] a) {
            for (int c = 0; c < lo.length; c++) {
                double x = a[lo[c]];
                double y = a[hi[c]];
                a[lo[c]] = Math.min(x, y);
                a[hi[c]] = Math.max(x, y);
            }
        }

        /** {@code (x, y) <- (min, max)} lane by lane; {@code -0.0} counts as smaller than {@code 0.0}. */
        private static void exchange(float[] x, float[] y, int len) {
            for (int j = 0; j < len; j++) {
                float a = x[j];
                float b = y[j];
                x[j] = Math.min(a, b);
                y[j] = Math.max(a, b);
            }
        }
    }
}
