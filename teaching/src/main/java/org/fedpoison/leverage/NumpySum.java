package org.fedpoison.leverage;

/**
 * Sums and means of doubles in NumPy's order of operations, so that ports of NumPy code round
 * the same way ({@code a.sum()} and {@code a.mean()} on a contiguous float64 array).
 *
 * <p>NumPy adds with pairwise summation: fewer than 8 numbers are added left to right; up to
 * 128 numbers go into 8 running sums ({@code r[j] += a[i + j]} for each full block of 8), which
 * are combined as {@code ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))} before the leftover
 * numbers are added one by one; longer arrays are split at {@code n/2} rounded down to a
 * multiple of 8 and the halves summed recursively. The mean is {@code sum / n}.
 * Arrays longer than NumPy's 8192-element buffer are summed buffer by buffer in NumPy; that
 * case is not reproduced, so results above 8192 elements may differ in the last bits.
 *
 * <p>Inputs are never modified.
 */
public final class NumpySum {
    private static final int BLOCK = 128;

    private NumpySum() {}

    /** {@code a.sum()}: the pairwise sum of all elements ({@code 0.0} for an empty array). */
    public static double sum(double[] a) {
        return sum(a, 0, a.length);
    }

    /**
     * {@code a[from:to].sum()}.
     *
     * @throws IllegalArgumentException if the range is not within {@code a}
     */
    public static double sum(double[] a, int from, int to) {
        if (from < 0 || to > a.length || from > to) {
            throw new IllegalArgumentException(
                    "range [" + from + ", " + to + ") is not within an array of length " + a.length);
        }
        return 0.0 + pairwise(a, from, to - from);
    }

    /**
     * {@code a.mean()}: {@link #sum(double[])} divided by the length.
     *
     * @throws IllegalArgumentException if {@code a} is empty (NumPy would warn and give NaN)
     */
    public static double mean(double[] a) {
        if (a.length == 0) {
            throw new IllegalArgumentException("mean of an empty array (length 0) is undefined");
        }
        return sum(a) / a.length;
    }

    private static double pairwise(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a[off], r1 = a[off + 1], r2 = a[off + 2], r3 = a[off + 3];
            double r4 = a[off + 4], r5 = a[off + 5], r6 = a[off + 6], r7 = a[off + 7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
}
