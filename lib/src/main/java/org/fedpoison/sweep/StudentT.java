package org.fedpoison.sweep;

/**
 * Student's t distribution with {@code df} degrees of freedom (a positive integer): its
 * distribution function and its quantiles, for confidence intervals of a mean over a few seeds.
 *
 * <p>The distribution function uses the finite sums of Abramowitz and Stegun 26.7.3-26.7.4: with
 * {@code theta = atan(t / sqrt(df))} and {@code A = P(|T| <= |t|)},
 * <pre>{@code df odd:  A = (2/pi) (theta + sin(theta) (cos(theta) + (2/3) cos^3(theta) + ... + (2*4*...*(df-3))/(1*3*...*(df-2)) cos^(df-2)(theta)))
 * df even: A = sin(theta) (1 + (1/2) cos^2(theta) + (1*3)/(2*4) cos^4(theta) + ... + (1*3*...*(df-3))/(2*4*...*(df-2)) cos^(df-2)(theta))}</pre>
 * (for {@code df = 1} only the {@code theta} term, for {@code df = 2} only the 1), exact up to
 * rounding; quantiles invert it by bisection to about {@code 1e-12}. Two closed forms check it:
 * {@code df = 1} is the Cauchy distribution, {@code t_p = tan(pi (p - 1/2))}, and {@code df = 2}
 * has {@code t_p = (2p - 1) / sqrt(2 p (1 - p))}; for {@code p = 0.975} they give 12.7062 and 4.3027.
 *
 * <p>Reference: Abramowitz and Stegun, <i>Handbook of Mathematical Functions</i> (1964), 26.7.3 and 26.7.4.
 */
public final class StudentT {
    private StudentT() {}

    /**
     * {@code P(T <= t)} for Student's t with {@code df} degrees of freedom.
     *
     * @throws IllegalArgumentException if {@code df < 1} or {@code t} is NaN
     */
    public static double cdf(double t, int df) {
        checkDf(df);
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t is NaN, must be a number");
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1.0 : 0.0;
        }
        double theta = Math.atan(Math.abs(t) / Math.sqrt(df));
        double c2 = Math.cos(theta) * Math.cos(theta);
        double s = Math.sin(theta);
        double a;
        if (df % 2 == 1) {
            double sum = 0;
            double term = Math.cos(theta);           // cos(theta), then (2/3) cos^3(theta), ...
            for (int k = 1; 2 * k + 1 <= df; k++) {
                sum += term;
                term *= c2 * (2.0 * k) / (2.0 * k + 1);
            }
            a = 2 / Math.PI * (theta + s * sum);
        } else {
            double sum = 0;
            double term = 1;                         // 1, then (1/2) cos^2(theta), ...
            for (int k = 1; 2 * k <= df; k++) {
                sum += term;
                term *= c2 * (2.0 * k - 1) / (2.0 * k);
            }
            a = s * sum;
        }
        a = Math.min(1, a);
        return t >= 0 ? 0.5 + a / 2 : 0.5 - a / 2;
    }

    /**
     * The {@code p}-quantile: the {@code t} with {@code P(T <= t) = p}; for a two-sided 95% interval
     * use {@code p = 0.975}.
     *
     * @throws IllegalArgumentException if {@code p} is not in (0, 1) or {@code df < 1}
     */
    public static double quantile(double p, int df) {
        checkDf(df);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p is " + p + ", must be in (0, 1)");
        }
        if (p == 0.5) {
            return 0.0;
        }
        if (p < 0.5) {
            return -quantile(1 - p, df);
        }
        double lo = 0;
        double hi = 1;
        while (cdf(hi, df) < p) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static void checkDf(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("df is " + df + ", must be >= 1");
        }
    }
}
