package org.fedpoison.attack.model;

/**
 * The standard normal distribution function and its inverse, computed by numerical integration
 * and bisection (accurate to about 1e-10, ample for choosing an attack's z).
 */
final class NormalQuantile {
    private NormalQuantile() {}

    /** {@code Phi(x) = 1/2 + (1/sqrt(2 pi)) * integral_0^x exp(-t^2/2) dt}, Simpson's rule with 4000 panels. */
    static double cdf(double x) {
        if (x > 9) {
            return 1.0;
        }
        if (x < -9) {
            return 0.0;
        }
        int panels = 4000;
        double h = x / panels;
        double sum = 1.0 + Math.exp(-x * x / 2);
        for (int i = 1; i < panels; i++) {
            double t = i * h;
            sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t / 2);
        }
        return 0.5 + sum * h / 3 / Math.sqrt(2 * Math.PI);
    }

    /** {@code Phi^{-1}(p)} for p in (0, 1), by bisection on [-9, 9]. */
    static double of(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p is " + p + ", must be in (0, 1)");
        }
        double lo = -9;
        double hi = 9;
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
