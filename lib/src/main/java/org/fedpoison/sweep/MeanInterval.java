package org.fedpoison.sweep;

import java.io.Serializable;
import org.fedpoison.util.Check;

/**
 * The mean of a few repeated measurements (one per seed) with its sample standard deviation and a
 * two-sided Student-t confidence interval:
 * <pre>{@code mean = (1/n) sum x_i,   sd = sqrt( sum (x_i - mean)^2 / (n - 1) ),
 * interval = mean -/+ t_{(1 + level)/2, n - 1} * sd / sqrt(n)}</pre>
 * The interval assumes the seeds give independent measurements of a roughly normal quantity; with
 * five seeds it is wide, and that is the point: it shows how much of a difference between two cells
 * is noise. For {@code n = 1} the standard deviation and the interval are NaN (one run says nothing
 * about its spread); for {@code n = 0} the mean is NaN too.
 *
 * <p>Example: {@code of(1, 2, 3, 4, 5)} has mean 3, sd {@code sqrt(2.5) = 1.5811}, and with
 * {@code t_{0.975, 4} = 2.7764} the 95% interval {@code 3 -/+ 1.9632 = [1.0368, 4.9632]}.
 *
 * @param n       the number of measurements
 * @param mean    their mean
 * @param sd      their sample standard deviation (divisor {@code n - 1})
 * @param level   the confidence level, e.g. 0.95
 * @param low     the interval's lower end
 * @param high    the interval's upper end
 */
public record MeanInterval(int n, double mean, double sd, double level, double low, double high) implements Serializable {
    /** The level used by {@link #of(double...)}. */
    public static final double DEFAULT_LEVEL = 0.95;

    /** Validates: {@code n >= 0}, {@code level} in (0, 1). */
    public MeanInterval {
        if (n < 0) {
            throw new IllegalArgumentException("n is " + n + ", must be >= 0");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level is " + level + ", must be in (0, 1)");
        }
    }

    /** The 95% interval of the values. NaN values are an error: drop failed runs before. */
    public static MeanInterval of(double... values) {
        return atLevel(DEFAULT_LEVEL, values);
    }

    /**
     * The interval at {@code level} (e.g. 0.9) of the values.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite, or {@code level} is not in (0, 1)
     */
    public static MeanInterval atLevel(double level, double... values) {
        int n = values.length;
        for (int i = 0; i < n; i++) {
            Check.finite("value " + i, values[i]);
        }
        if (n == 0) {
            return new MeanInterval(0, Double.NaN, Double.NaN, level, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanInterval(1, mean, Double.NaN, level, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = StudentT.quantile((1 + level) / 2, n - 1) * sd / Math.sqrt(n);
        return new MeanInterval(n, mean, sd, level, mean - half, mean + half);
    }

    /** Half the interval's width, {@code t * sd / sqrt(n)} (NaN when {@code n < 2}). */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /** True when this interval and {@code other} share no point: the difference is unlikely to be noise alone. */
    public boolean separatedFrom(MeanInterval other) {
        return high < other.low || other.high < low;
    }
}
