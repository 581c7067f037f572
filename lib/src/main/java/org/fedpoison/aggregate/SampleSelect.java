package org.fedpoison.aggregate;

/**
 * The trimmed mean of many values per coordinate (float32 rounds of more than
 * {@link OrderStatistics#networkMaxK()} updates) by sampling, in the manner of Floyd and Rivest
 * ("Expected time bounds for selection", CACM 1975): the float32 result of the scalar rule
 * {@link OrderStatistics#trimmedMeanOf}, found with one pass over the values and quickselects over
 * a few percent of them, instead of two quickselects over all of them.
 *
 * <p>Method, for the {@code n} values of one coordinate:
 * <ol>
 *   <li>A sample of {@value #SAMPLE} values at evenly spaced positions is copied and two of its order
 *       statistics are taken as thresholds {@code t1 < t2}, {@code 2.5} standard deviations of a
 *       sample rank (plus one) inside the tails, so that in all but rare cases more than {@code f}
 *       values lie at or below {@code t1} and more than {@code f} at or above {@code t2}.</li>
 *   <li>One branch-free pass over the values copies those {@code <= t1} and those {@code >= t2}
 *       into two buffers and sums the others, which are all kept.</li>
 *   <li>If each buffer holds more than {@code f} values (else the scalar rule runs on the untouched
 *       values: {@link #MISSES}), quickselect in each buffer separates its dropped values from its
 *       kept ones, which are added to the sum.</li>
 * </ol>
 * Cost: one pass over the {@code n} values plus quickselects over the {@value #SAMPLE} sampled
 * values and the two buffers (each about {@code (f + 1) / n + 2.5 sqrt((f + 1) / (n SAMPLE))} of
 * the values: 5 % at K = 1,000, f = 10), against two quickselects over all n values; no
 * allocation per coordinate (one buffer per thread). Measured at K = 1,000, f = 10: about 1.2
 * times as fast per coordinate as the two quickselects (the transposition before it is unchanged).
 *
 * <p>The kept values are summed in another order than the scalar rule's: the result is returned
 * only when {@link OrderStatistics#certainMean} (and not within a normal float of zero, where the
 * sign of a zero could depend on the order) or {@link OrderStatistics#exactMean} proves that every
 * order of summation rounds to the same float32; otherwise the scalar rule decides
 * ({@link OrderStatistics#FALLBACKS}). The values must be finite (the caller checks); the range
 * {@code a[from, from+n)} is not modified except by a fallback to the scalar rule.
 */
final class SampleSelect {

    private SampleSelect() {}

    /** Values sampled per coordinate. */
    static final int SAMPLE = 128;

    /** Coordinates whose thresholds did not bracket the wanted ranks (for tests). */
    static final java.util.concurrent.atomic.LongAdder MISSES = new java.util.concurrent.atomic.LongAdder();

    private static final ThreadLocal<double[]> BUFFER = ThreadLocal.withInitial(() -> new double[0]);

    private static double[] buffer(int n) {
        double[] buf = BUFFER.get();
        if (buf.length < 2 * n + SAMPLE) {
            buf = new double[2 * n + SAMPLE];
            BUFFER.set(buf);
        }
        return buf;
    }

    /**
     * Copies {@value #SAMPLE} values at evenly spaced positions of {@code a[from, from+n)} (n at
     * least {@value #SAMPLE}) to {@code buf[at, at+SAMPLE)}.
     */
    private static void sample(double[] a, int from, int n, double[] buf, int at) {
        for (int i = 0; i < SAMPLE; i++) {
            buf[at + i] = a[from + (int) (((2L * i + 1) * n) / (2 * SAMPLE))];
        }
    }

    /** A sample rank's margin for a population fraction {@code p}: 2.5 standard deviations, plus one. */
    private static int margin(double p) {
        return (int) Math.ceil(2.5 * Math.sqrt(SAMPLE * p * (1 - p))) + 1;
    }

    /**
     * The trimmed mean of {@code a[from, from+n)} (the mean of the values left after dropping the
     * {@code f >= 1} smallest and the {@code f} largest, {@code n > 2f}), with the float32 result of
     * {@link OrderStatistics#trimmedMeanOf}.
     */
    static double trimmedMean(double[] a, int from, int n, int f) {
        int m = n - 2 * f;
        if (n < 4 * SAMPLE || f < 1) {
            return OrderStatistics.trimmedMeanOf(a, from, n, f);
        }
        double[] buf = buffer(n);
        int at = 2 * n;
        sample(a, from, n, buf, at);
        double p = (f + 1.0) / n;
        int j = (int) Math.ceil(p * SAMPLE) + margin(Math.min(p, 0.5));
        if (2 * j + 1 >= SAMPLE) { // the tails are not small beside the sample: no gain
            return OrderStatistics.trimmedMeanOf(a, from, n, f);
        }
        double t1 = OrderStatistics.select(buf, at, at + SAMPLE, at + j);
        double t2 = OrderStatistics.select(buf, at + j, at + SAMPLE, at + SAMPLE - 1 - j);
        if (!(t1 < t2)) {
            MISSES.increment();
            return fallback(a, from, n, f);
        }
        // one pass: x <= t1 to buf[0, c1), x >= t2 to buf[n, n + c3), the rest summed
        int c1 = 0;
        int c3 = 0;
        double s = 0;
        int end = from + n;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 4 <= end; i += 4) { // four sums: a double addition's latency, not its throughput, bounded one
            double x = a[i];
            int gt1 = sign(t1 - x);
            int lt2 = sign(x - t2);
            buf[c1] = x;
            c1 += 1 - gt1;
            buf[n + c3] = x;
            c3 += 1 - lt2;
            s += masked(x, gt1 & lt2);
            x = a[i + 1];
            gt1 = sign(t1 - x);
            lt2 = sign(x - t2);
            buf[c1] = x;
            c1 += 1 - gt1;
            buf[n + c3] = x;
            c3 += 1 - lt2;
            s1 += masked(x, gt1 & lt2);
            x = a[i + 2];
            gt1 = sign(t1 - x);
            lt2 = sign(x - t2);
            buf[c1] = x;
            c1 += 1 - gt1;
            buf[n + c3] = x;
            c3 += 1 - lt2;
            s2 += masked(x, gt1 & lt2);
            x = a[i + 3];
            gt1 = sign(t1 - x);
            lt2 = sign(x - t2);
            buf[c1] = x;
            c1 += 1 - gt1;
            buf[n + c3] = x;
            c3 += 1 - lt2;
            s3 += masked(x, gt1 & lt2);
        }
        for (; i < end; i++) {
            double x = a[i];
            int gt1 = sign(t1 - x); // x > t1
            int lt2 = sign(x - t2); // x < t2
            buf[c1] = x;
            c1 += 1 - gt1;
            buf[n + c3] = x;
            c3 += 1 - lt2;
            s += masked(x, gt1 & lt2);
        }
        s = (s + s1) + (s2 + s3);
        if (c1 <= f || c3 <= f) { // a threshold did not reach past f values: the kept range is not bracketed
            MISSES.increment();
            return fallback(a, from, n, f);
        }
        // buf[0, c1) holds the smallest values, ranks 0..c1-1: the kept ones are ranks f..c1-1
        double low = OrderStatistics.select(buf, 0, c1, f);
        // buf[n, n + c3) the largest, ranks n-c3..n-1: the kept ones are its c3 - f smallest
        double high = OrderStatistics.select(buf, n, n + c3, n + c3 - 1 - f);
        for (int q = f; q < c1; q++) {
            s += buf[q];
        }
        for (int q = n; q < n + c3 - f; q++) {
            s += buf[q];
        }
        float largest = (float) Math.max(Math.abs(low), Math.abs(high)); // every kept value is in [low, high]
        double mean = OrderStatistics.certainMean(s, (double) m * largest, m);
        if (Math.abs(mean) < Float.MIN_NORMAL) { // near zero the float's sign could still depend on the order
            mean = Double.NaN;
        }
        if (Double.isNaN(mean)) {
            float smallest = Float.POSITIVE_INFINITY;
            for (int q = from; q < end; q++) { // the kept values hold every value in [low, high]
                double x = a[q];
                if (x >= low && x <= high) {
                    smallest = Math.min(smallest, (float) Math.abs(x));
                }
            }
            mean = OrderStatistics.exactMean(s, smallest, largest, m);
        }
        if (Double.isNaN(mean)) {
            return fallback(a, from, n, f);
        }
        return mean;
    }

    /**
     * 1 if {@code v < 0} (or {@code -0.0}), else 0: the sign bit, without a branch. A difference
     * {@code x - t} of finite or infinite operands is negative exactly when {@code x < t}: it is
     * {@code +0.0} when they are equal, and never NaN here ({@code t} is never the same infinity as
     * {@code x}, which is finite).
     */
    private static int sign(double v) {
        return (int) (Double.doubleToRawLongBits(v) >>> 63);
    }

    /** {@code x} if {@code keep} is 1, {@code +0.0} if it is 0 (a mask of the bits: no branch). */
    private static double masked(double x, int keep) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & -(long) keep);
    }

    private static double fallback(double[] a, int from, int n, int f) {
        OrderStatistics.FALLBACKS.increment();
        return OrderStatistics.trimmedMeanOf(a, from, n, f);
    }
}
