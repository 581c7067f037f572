package org.fedpoison.util;

/**
 * Validation of settings with one wording everywhere: {@code "<setting> is <value>, must be
 * <allowed>"}, for example {@code "NormScreen: bound B is -1.0, must be finite and > 0"}. Each
 * check returns the value, so a constructor can validate and assign in one line:
 * {@code this.sigma = Check.nonNegative("GaussianNoise: sigma", sigma);}.
 *
 * <p>Numbers print as Java prints them ({@code Double.toString}: {@code NaN}, {@code Infinity},
 * {@code 0.5}). Every method throws {@link IllegalArgumentException}.
 */
public final class Check {
    private Check() {}

    /**
     * The error for a setting whose value is not allowed, in the one wording.
     *
     * @param setting what is set, with its owner where that helps ({@code "Krum: f"})
     * @param value   the value given
     * @param allowed what is allowed ({@code "finite and > 0"}, {@code "in [0, 1]"})
     * @return the exception, to throw
     */
    public static IllegalArgumentException invalid(String setting, Object value, String allowed) {
        return new IllegalArgumentException(setting + " is " + value + ", must be " + allowed);
    }

    /** {@code value}, which must be finite (no NaN, no infinity). */
    public static double finite(String setting, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(setting, value, "finite");
        }
        return value;
    }

    /** {@code value}, which must be finite and {@code > 0}. */
    public static double positive(String setting, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw invalid(setting, value, "finite and > 0");
        }
        return value;
    }

    /** {@code value}, which must be finite and {@code >= 0}. */
    public static double nonNegative(String setting, double value) {
        return atLeast(setting, value, 0);
    }

    /** {@code value}, which must be finite and {@code >= min}. */
    public static double atLeast(String setting, double value, double min) {
        if (!(value >= min) || value == Double.POSITIVE_INFINITY) {
            throw invalid(setting, value, "finite and >= " + number(min));
        }
        return value;
    }

    /** {@code value}, which must lie in the closed interval {@code [lo, hi]}. */
    public static double inClosed(String setting, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw invalid(setting, value, "in [" + number(lo) + ", " + number(hi) + "]");
        }
        return value;
    }

    /** {@code value}, which must lie in {@code (lo, hi]}. */
    public static double inOpenClosed(String setting, double value, double lo, double hi) {
        if (!(value > lo && value <= hi)) {
            throw invalid(setting, value, "in (" + number(lo) + ", " + number(hi) + "]");
        }
        return value;
    }

    /** {@code value}, which must lie in the open interval {@code (lo, hi)}. */
    public static double inOpen(String setting, double value, double lo, double hi) {
        if (!(value > lo && value < hi)) {
            throw invalid(setting, value, "in (" + number(lo) + ", " + number(hi) + ")");
        }
        return value;
    }

    /** {@code value}, which must be {@code >= min}. */
    public static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw invalid(setting, value, ">= " + min);
        }
        return value;
    }

    /** {@code value}, which must lie in {@code [lo, hi]}. */
    public static int inClosed(String setting, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw invalid(setting, value, "in [" + lo + ", " + hi + "]");
        }
        return value;
    }

    /**
     * {@code value}, which must not be null.
     *
     * @param what what it must be instead, e.g. {@code "an Aggregator such as FedAvg.sampleWeighted()"}
     */
    public static <T> T notNull(String setting, T value, String what) {
        if (value == null) {
            throw invalid(setting, null, what);
        }
        return value;
    }

    /** A bound as a reader writes it: {@code 1} rather than {@code 1.0}. */
    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
