package org.fedpoison.aggregate;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.fedpoison.util.Parallel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Per-coordinate order statistics of a round's updates: the selection that the coordinate-wise
 * median ({@link #coordinateMedian}), the trimmed mean ({@link #trimmedMean}) and Bulyan's
 * coordinate phase ({@link #bulyanMean}) share, and the library's one median.
 *
 * <p>Float32 rounds run near memory speed: a block of coordinates of every update is copied into a
 * small per-thread buffer (one row per update, one lane per coordinate, at most 256 KB) and a
 * {@link SortingNetwork} orders every coordinate of the block at once, one compare-exchange of two
 * rows at a time, which the JIT turns into vector {@code min}/{@code max} instructions. Blocks are
 * shared out over {@link org.fedpoison.util.Parallel#threads()} threads; nothing is allocated per coordinate.
 * Where the JVM has the vector API ({@link #VECTOR_API}: {@code --add-modules jdk.incubator.vector})
 * the network runs instead on integer keys of the floats' bits, its first phases in vector registers
 * ({@link KeyLanes}), over blocks of about 768 KB; every wire it needs ends with the same bits.
 * Rounds holding a float64 delta, and rounds of more than {@value #NETWORK_MAX_K} updates
 * ({@value #KEY_NETWORK_MAX_K} on the vector path), take the
 * scalar path: {@link #perCoordinate} transposes blocks of
 * {@value #COORDINATE_BLOCK} coordinates so that a coordinate's K values are contiguous and applies
 * a {@link CoordinateRule} to each ({@link #select} is a quickselect with a branch-free partition;
 * the trimmed mean of a float32 round there, with {@code f >= 1}, is {@link SampleSelect}'s: one
 * pass against two sampled thresholds and quickselects over the few values beyond them, with the
 * scalar rule's float32 result).
 *
 * <p>Both paths give the same results, bit for bit:
 * <ul>
 *   <li>the median of an even count is {@code 0.5 lo + 0.5 hi} of the two middle values, as
 *       {@link #median(double[], int, int)} (NumPy's convention);</li>
 *   <li>the network orders {@code -0.0} before {@code 0.0} while quickselect leaves equal values where
 *       they fall, so a coordinate whose median is a zero and that holds zeros of both signs is
 *       recomputed by the scalar rule;</li>
 *   <li>the trimmed mean {@code (1/(n-2f)) sum_{r=f+1}^{n-f} x_(r)}: the network (pruned to the f
 *       lowest and f highest wires) leaves the kept values between them in some order and they are
 *       summed in double in that order; the scalar rule sums the same values in the order
 *       quickselect leaves them. The float32 result is the same whenever every order gives the
 *       same, exact, sum ({@link #exactMean}: the usual case) or no two summation orders can round
 *       to different floats ({@link #certainMean}); otherwise (a few coordinates in a million on
 *       Gaussian data) the coordinate is recomputed by the scalar rule;</li>
 *   <li>Bulyan's window is grown over the sorted values and summed in ascending order on both paths.</li>
 * </ul>
 * Results do not depend on the number of threads. Non-finite values are found on the way and the
 * message names the client. Inputs are never modified.
 */
public final class OrderStatistics {

    private OrderStatistics() {}

    /** Coordinates per block in {@link #perCoordinate} (the block is transposed into a scratch array). */
    static final int COORDINATE_BLOCK = 512;

    /** A rule applied to the K values of one coordinate. */
    @FunctionalInterface
    public interface CoordinateRule {
        /**
         * @param values scratch holding the coordinate's values at {@code [from, from+n)}, in canonical
         *     client order; the rule may reorder them
         * @return the aggregate value of the coordinate
         */
        double apply(double[] values, int from, int n);
    }

    /**
     * Applies {@code rule} to every coordinate: blocks of coordinates are read from every delta
     * and transposed into a small scratch array so that each coordinate's K values are contiguous.
     * Non-finite values are detected on the way (the message names the client).
     *
     * @param b    the batch
     * @param rule the rule applied to each coordinate's K values
     * @return the d results, one per coordinate
     */
    public static double[] perCoordinate(RoundUpdates b, CoordinateRule rule) {
        return perCoordinate(b, b.k, null, rule);
    }

    /** As {@link #perCoordinate(RoundUpdates, CoordinateRule)} but over the updates at canonical {@code rows} only. */
    static double[] perCoordinate(RoundUpdates b, int[] rows, CoordinateRule rule) {
        return perCoordinate(b, rows.length, rows, rule);
    }

    private static double[] perCoordinate(RoundUpdates b, int n, int[] rows, CoordinateRule rule) {
        double[] out = new double[b.d];
        int blocks = (b.d + COORDINATE_BLOCK - 1) / COORDINATE_BLOCK;
        boolean[] nonFinite = new boolean[1];
        Parallel.current().forRanges(blocks, (long) n * b.d, (blo, bhi) -> {
            double[] scratch = new double[COORDINATE_BLOCK * n];
            int[] ib = new int[COORDINATE_BLOCK];
            long[] lb = new long[COORDINATE_BLOCK];
            for (int blk = blo; blk < bhi; blk++) {
                int start = blk * COORDINATE_BLOCK;
                int len = Math.min(COORDINATE_BLOCK, b.d - start);
                for (int r = 0; r < n; r++) {
                    int i = rows == null ? r : rows[r];
                    if (b.floatBits[i] != null) {
                        if (RoundUpdates.firstNonFinite(b.floatBits[i], b.offsets[i] + start, len, ib) >= 0) {
                            nonFinite[0] = true;
                            return;
                        }
                        for (int j = 0, p = r; j < len; j++, p += n) {
                            scratch[p] = Float.intBitsToFloat(ib[j]);
                        }
                    } else {
                        if (RoundUpdates.firstNonFinite(b.doubleBits[i], b.offsets[i] + start, len, lb) >= 0) {
                            nonFinite[0] = true;
                            return;
                        }
                        for (int j = 0, p = r; j < len; j++, p += n) {
                            scratch[p] = Double.longBitsToDouble(lb[j]);
                        }
                    }
                }
                for (int j = 0; j < len; j++) {
                    out[start + j] = rule.apply(scratch, j * n, n);
                }
            }
        });
        if (nonFinite[0]) {
            b.ensureFinite(); // finds the client and throws
        }
        if (rows == null) {
            b.markFinite();
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // The rules on float32 rounds: a blocked sorting network
    // ---------------------------------------------------------------------------------------

    /**
     * The median and the trimmed mean of more updates than this take the scalar path on float32
     * rounds too: a network's compare-exchanges grow as {@code K log^2 K} per coordinate, quickselect's
     * comparisons as about {@code 3K} (the benchmark's K = 1,000 line runs faster so; at K = 600 the
     * network is still ahead).
     */
    static final int NETWORK_MAX_K = 768;

    /**
     * The same limit on the vector path ({@link KeyLanes}), where a compare-exchange costs a fraction
     * of the float network's: at K = 1,000 the network takes about 0.4 of quickselect's CPU time, at
     * K = 2,048 about 0.3, at K = 4,000 the two are even (W2-like rounds, 2 December).
     */
    static final int KEY_NETWORK_MAX_K = 3072;

    /** The largest round the network takes on this JVM. */
    static int networkMaxK() {
        return VECTOR_API ? KEY_NETWORK_MAX_K : NETWORK_MAX_K;
    }

    /**
     * Whether the JDK's vector API is used: float32 networks run on integer keys ({@link KeyLanes})
     * and the geometric median's passes widen floats in vectors ({@link VectorLoops}). True when the
     * JVM was started with {@code --add-modules jdk.incubator.vector} and the system property
     * {@code fedpoison.vectorApi} is not {@code false}. Both paths give the same results.
     */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("fedpoison.vectorApi"));

    /** Coordinates handed to the scalar rule so far (signed zeros, or a sum too close to a rounding boundary). */
    static final LongAdder FALLBACKS = new LongAdder();

    /**
     * The coordinate-wise median of the batch: the middle value of each coordinate, or for an even
     * count {@code 0.5 lo + 0.5 hi} of the middle pair.
     *
     * @param b the batch
     * @return one median per coordinate
     */
    static double[] coordinateMedian(RoundUpdates b) {
        if (b.outType != DataType.FLOAT || b.k > networkMaxK()) {
            return perCoordinate(b, OrderStatistics::median);
        }
        int n = b.k;
        SortingNetwork net = SortingNetwork.median(n);
        int m = n / 2;
        int[] reads = (n & 1) == 1 ? new int[] {m} : new int[] {m - 1, m};
        return blocked(b, null, net, reads, (v, len, start, out, ctx) -> {
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
                if (out[start + j] == 0.0 && mixedZeros(ctx.column(start + j))) {
                    out[start + j] = median(ctx.col, 0, n);
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
    static double[] trimmedMean(RoundUpdates b, int f) {
        int n = b.k;
        int kept = n - 2 * f;
        if (b.outType != DataType.FLOAT || (n > networkMaxK() && f == 0)) {
            return perCoordinate(b, (a, from, m) -> trimmedMeanOf(a, from, m, f));
        }
        if (n > networkMaxK()) {
            return perCoordinate(b, (a, from, m) -> SampleSelect.trimmedMean(a, from, m, f));
        }
        if (f == 0) { // the mean in canonical order, exactly as the scalar rule sums it
            return blocked(b, null, SortingNetwork.NONE, null, (v, len, start, out, ctx) -> {
                double[] s = ctx.sums;
                Arrays.fill(s, 0, len, 0.0);
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
        SortingNetwork net = SortingNetwork.tails(n, f); // the kept values are summed in whatever order they end in
        int[] reads = {f - 1, n - f}; // the neighbours of the kept rows (the float path reads all)
        return blocked(b, null, net, reads, new int[] {f, n - f}, (v, len, start, out, ctx) -> {
            double[] s = ctx.sums;
            float[] small = ctx.smallest;
            if (!ctx.keyed) { // (the vector path summed them while each chunk was sorted)
                floatSums(v, f, n - f, len, s, small);
            }
            float[] low = v[f - 1]; // the kept values lie between the f-th smallest and the f-th largest
            float[] high = v[n - f];
            for (int j = 0; j < len; j++) {
                float largest = Math.max(Math.abs(low[j]), Math.abs(high[j]));
                double mean = exactMean(s[j], small[j], largest, kept);
                if (Double.isNaN(mean)) {
                    mean = certainMean(s[j], (double) kept * largest, kept);
                }
                if (Double.isNaN(mean)) {
                    mean = trimmedMeanOf(ctx.column(start + j), 0, n, f);
                    FALLBACKS.increment();
                }
                out[start + j] = mean;
            }
        });
    }

    /** The double sums of rows {@code [from, to)} of {@code v} lane by lane, and the smallest magnitudes. */
    private static void floatSums(float[][] v, int from, int to, int len, double[] s, float[] small) {
        Arrays.fill(s, 0, len, 0.0);
        Arrays.fill(small, 0, len, Float.POSITIVE_INFINITY);
        int r = from;
        for (; r + 4 <= to; r += 4) { // four rows a pass: fewer loads and stores of the sums
            float[] r0 = v[r];
            float[] r1 = v[r + 1];
            float[] r2 = v[r + 2];
            float[] r3 = v[r + 3];
            for (int j = 0; j < len; j++) {
                float x0 = r0[j];
                float x1 = r1[j];
                float x2 = r2[j];
                float x3 = r3[j];
                s[j] += ((double) x0 + x1) + ((double) x2 + x3);
                small[j] = Math.min(small[j],
                        Math.min(Math.min(Math.abs(x0), Math.abs(x1)), Math.min(Math.abs(x2), Math.abs(x3))));
            }
        }
        for (; r < to; r++) {
            float[] row = v[r];
            for (int j = 0; j < len; j++) {
                float x = row[j];
                s[j] += x;
                small[j] = Math.min(small[j], Math.abs(x));
            }
        }
    }

    /**
     * {@code s / m} if {@code s}, a double sum of {@code m} float32 values whose magnitudes lie in
     * {@code [smallest, largest]} with {@code smallest > 0}, is exact, and so is every double sum of
     * the same values in any order; NaN otherwise. Every such value is a multiple of
     * {@code q = ulp(smallest)} (a power of two no larger than its own ulp), so is every partial sum,
     * and a partial sum is at most {@code m * largest} in magnitude: when that is at most
     * {@code 2^52 q}, double holds every partial sum exactly and each addition is exact. This is the
     * common case (values within a factor of about {@code 2^22 / m} of each other), including the
     * sums whose mean falls exactly halfway between two floats, which no error bound can settle.
     */
    static double exactMean(double s, float smallest, float largest, int m) {
        if (smallest > 0 && (double) m * largest <= 0x1p52 * Math.ulp(smallest)) {
            return s / m;
        }
        return Double.NaN;
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
            select(a, from, from + n, lo);
            select(a, lo, from + n, hi - 1);
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
    static double[] bulyanMean(RoundUpdates b, int[] rows, int beta) {
        int m = rows.length;
        if (b.outType != DataType.FLOAT) {
            return perCoordinate(b, rows, (a, from, count) -> {
                Arrays.sort(a, from, from + count);
                return bulyanOfSorted(a, from, count, beta);
            });
        }
        SortingNetwork net = SortingNetwork.sort(m);
        return blocked(b, rows, net, null, (v, len, start, out, ctx) -> {
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

    /** Whether {@code column} holds both a {@code -0.0} and a {@code 0.0}. */
    private static boolean mixedZeros(double[] column) {
        boolean neg = false;
        boolean pos = false;
        for (double x : column) {
            long bits = Double.doubleToRawLongBits(x);
            neg |= bits == 0x8000000000000000L;
            pos |= bits == 0L;
        }
        return neg && pos;
    }

    /** Float lanes (coordinates) per block: rows × lanes stays within about 256 KB (the L2 cache). */
    static int lanes(int n) {
        int b = 65536 / Math.max(1, n);
        return Math.max(16, Math.min(256, b & ~15));
    }

    /**
     * Lanes per block on the vector path: the block's keys ({@code 4 n lanes} bytes) fill about
     * three quarters of a 1 MB L2 cache, so each update is read in runs of a few kilobytes (which the
     * hardware prefetcher follows) and the block is still in L2 when its chunks are sorted; a multiple
     * of 64 lanes (whole vectors for any vector size up to 2048 bits).
     */
    static int keyLanes(int n) {
        int b = (3 << 18) / (4 * Math.max(1, n));
        return Math.max(64, Math.min(4096, b & ~63));
    }

    /** What a rule does with one block once the network has run. */
    @FunctionalInterface
    private interface BlockRule {
        /**
         * @param v     rows of the block, {@code v[r][0, len)}, ordered by the network (on the key
         *              path only the rows the rule said it reads)
         * @param len   lanes in this block
         * @param start the first coordinate of the block
         * @param out   the results, written at {@code [start, start+len)}
         * @param ctx   the thread's scratch and the batch, for the scalar fallback
         */
        void reduce(float[][] v, int len, int start, double[] out, Scratch ctx);
    }

    /** One thread's buffers. */
    private static final class Scratch {
        final RoundUpdates b;
        final int[] rows;
        final float[][] v;
        /** The block as keys on the vector path ({@link KeyLanes}), else null. */
        final int[] keys;
        final int[] load;
        /** Whether this call's network runs on {@link #keys}. */
        final boolean keyed;
        /** On the vector path, the rows whose {@link KeyLanes#apply(SortingNetwork, int[], int, int, int, double[], float[])} go to {@link #sums} and {@link #smallest}. */
        int sumFrom;
        int sumTo;
        final float[] check;
        final double[] sums;
        final float[] smallest;
        final double[] col;

        Scratch(RoundUpdates b, int[] rows, int n, int lanes, boolean keyed, int[] reads) {
            this.b = b;
            this.rows = rows;
            if (keyed && reads != null) { // only the rows the rule reads come back as floats
                this.v = new float[n][];
                for (int r : reads) {
                    v[r] = new float[lanes];
                }
            } else {
                this.v = new float[n][lanes];
            }
            this.keys = keyed ? new int[n * lanes] : null;
            this.load = keyed ? new int[lanes] : null;
            this.keyed = keyed;
            this.check = new float[lanes];
            this.sums = new double[lanes];
            this.smallest = new float[lanes];
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

    /**
     * Runs {@code net} on every block of coordinates and hands the ordered rows to {@code rule}.
     *
     * @param reads the rows {@code rule} reads (null: all); on the key path only these are turned
     *     back into floats
     */
    private static double[] blocked(RoundUpdates b, int[] rows, SortingNetwork net, int[] reads, BlockRule rule) {
        return blocked(b, rows, net, reads, new int[2], rule);
    }

    /**
     * As {@link #blocked(RoundUpdates, int[], SortingNetwork, int[], BlockRule)}; on the vector path
     * the rows {@code [sumRows[0], sumRows[1])} are also summed into {@code ctx.sums} and
     * {@code ctx.smallest} ({@link KeyLanes#apply(SortingNetwork, int[], int, int, int, double[], float[])}) before {@code rule} runs.
     */
    private static double[] blocked(RoundUpdates b, int[] rows, SortingNetwork net, int[] reads, int[] sumRows,
            BlockRule rule) {
        int n = rows == null ? b.k : rows.length;
        int d = b.d;
        boolean keyed = VECTOR_API && net.extremes;
        int lanes = keyed ? keyLanes(n) : lanes(n);
        int blocks = (d + lanes - 1) / lanes;
        double[] out = new double[d];
        boolean[] nonFinite = new boolean[1];
        Parallel.current().forRanges(blocks, (long) n * d, (blo, bhi) -> {
            Scratch ctx = new Scratch(b, rows, n, lanes, keyed, reads);
            ctx.sumFrom = sumRows[0];
            ctx.sumTo = sumRows[1];
            float[][] v = ctx.v;
            float[] check = ctx.check;
            int[] keys = ctx.keys;
            for (int blk = blo; blk < bhi && !nonFinite[0]; blk++) {
                int start = blk * lanes;
                int len = Math.min(lanes, d - start);
                if (ctx.keyed) {
                    for (int r = 0; r < n; r++) {
                        int i = rows == null ? r : rows[r];
                        KeyLanes.load(b.floatBits[i], b.offsets[i] + start, len, r, n, ctx.load, keys);
                    }
                    KeyLanes.apply(net, keys, KeyLanes.width(len) / KeyLanes.L, ctx.sumFrom, ctx.sumTo, ctx.sums, ctx.smallest);
                    if (!KeyLanes.finite(keys, n, len)) {
                        nonFinite[0] = true;
                        return;
                    }
                    if (reads == null) {
                        for (int r = 0; r < n; r++) {
                            KeyLanes.store(keys, n, r, len, v[r]);
                        }
                    } else {
                        for (int r : reads) {
                            KeyLanes.store(keys, n, r, len, v[r]);
                        }
                    }
                    rule.reduce(v, len, start, out, ctx);
                    continue;
                }
                for (int r = 0; r < n; r++) {
                    int i = rows == null ? r : rows[r];
                    b.floats[i].get(b.offsets[i] + start, v[r], 0, len);
                }
                if (!net.extremes) {
                    Arrays.fill(check, 0, len, 0f);
                    for (int r = 0; r < n; r++) {
                        float[] row = v[r];
                        for (int j = 0; j < len; j++) {
                            check[j] += row[j] * 0f; // stays 0 unless a value is NaN or infinite
                        }
                    }
                }
                net.apply(v, len);
                if (net.extremes ? !finiteBetween(v[0], v[n - 1], len) : !allZero(check, len)) {
                    nonFinite[0] = true;
                    return;
                }
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

    /** Whether every lane has {@code -inf < low[j]} and {@code high[j] < inf} (false for NaN). */
    private static boolean finiteBetween(float[] low, float[] high, int len) {
        boolean ok = true;
        for (int j = 0; j < len; j++) {
            ok &= low[j] > Float.NEGATIVE_INFINITY & high[j] < Float.POSITIVE_INFINITY;
        }
        return ok;
    }

    /** Whether the lanes sum to zero (a NaN or an infinity in them does not). */
    private static boolean allZero(float[] check, int len) {
        float bad = 0f;
        for (int j = 0; j < len; j++) {
            bad += check[j];
        }
        return bad == 0f;
    }

    // ---------------------------------------------------------------------------------------
    // Scalar selection
    // ---------------------------------------------------------------------------------------

    /**
     * The {@code k}-th smallest (0-based) of {@code a[from, to)}, found by quickselect with a
     * branch-free partition. Rearranges the range so that {@code a[from, k) <= a[k] <= a[k+1, to)}.
     * Values must not be NaN.
     *
     * @param a    the values
     * @param from the first index of the range
     * @param to   one past the last index of the range
     * @param k    the index (in {@code [from, to)}) whose sorted value is wanted
     * @return the value that sorting the range would put at index {@code k}
     */
    public static double select(double[] a, int from, int to, int k) {
        if (k < from || k >= to) {
            throw new IllegalArgumentException("select: k=" + k + " outside [" + from + ", " + to + ")");
        }
        int lo = from;
        int hi = to - 1;
        while (hi - lo >= 16) {
            int size = hi - lo;
            int mid = (lo + hi) >>> 1;
            // median of three into a[lo]
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            swap(a, lo, mid);
            double p = a[lo];
            int s = lo + 1;
            for (int i = lo + 1; i <= hi; i++) {
                double x = a[i];
                a[i] = a[s];
                a[s] = x;
                s += x < p ? 1 : 0;
            }
            int pi = s - 1; // a[lo+1, s) < p <= a[s, hi]
            a[lo] = a[pi];
            a[pi] = p;
            if (k == pi) {
                return p;
            }
            if (k < pi) {
                hi = pi - 1;
            } else {
                lo = pi + 1;
                if (hi - lo >= size - (size >> 2)) { // lopsided split (as when many values equal p): gather them
                    int e = lo;
                    for (int i = lo; i <= hi; i++) {
                        double x = a[i];
                        a[i] = a[e];
                        a[e] = x;
                        e += x == p ? 1 : 0;
                    }
                    if (k < e) {
                        return p;
                    }
                    lo = e;
                }
            }
        }
        // insertion sort of the small remainder
        for (int i = lo + 1; i <= hi; i++) {
            double x = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > x) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * The median of {@code values}: the middle value for an odd count, the mean of the two middle
     * values for an even count (NumPy's convention). The input is not modified. The one median of
     * the library: the aggregators, the exercises and the benchmarks all use it.
     *
     * @param values the values, not NaN
     * @return the median
     * @throws IllegalArgumentException if {@code values} is null or empty
     */
    public static double median(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("median: values is " + (values == null ? "null" : "empty")
                    + "; the median needs at least one value");
        }
        return median(values.clone(), 0, values.length);
    }

    /**
     * The median of {@code a[from, from+n)}: the middle value for odd n, the mean of the two middle
     * values for even n (NumPy's convention). Reorders the range.
     *
     * @param a    the values
     * @param from the first index of the range
     * @param n    the number of values, at least 1
     * @return the median
     */
    public static double median(double[] a, int from, int n) {
        int upper = from + n / 2;
        double hi = select(a, from, from + n, upper);
        if ((n & 1) == 1) {
            return hi;
        }
        double lo = a[from];
        for (int i = from + 1; i < upper; i++) {
            lo = Math.max(lo, a[i]);
        }
        return 0.5 * lo + 0.5 * hi;
    }
}
