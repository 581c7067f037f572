package org.fedpoison.aggregate;

/**
 * Per-coordinate order statistics of a round's updates: the selection that the coordinate-wise
 * median, the trimmed mean and Bulyan's coordinate phase share, and the library's one median.
 *
 * <p>{@link #perCoordinate} reads blocks of {@value #COORDINATE_BLOCK} coordinates from every
 * delta, transposes each block into a small scratch array (so a coordinate's K values are
 * contiguous) and applies a {@link CoordinateRule} to every coordinate; blocks run in parallel.
 * {@link #select} is a quickselect with a branch-free partition. Results do not depend on the
 * number of threads. Non-finite values are found on the way and the message names the client.
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
        AggregationMath.parallelFor(blocks, (long) n * b.d, (blo, bhi) -> {
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
