package org.fedpoison.notebook;

import java.util.Locale;

/**
 * The notebooks' fast-mode switch: when the environment variable {@value #VARIABLE} is set to
 * {@code 1}, the notebooks shrink their experiments (fewer rounds, fewer clients, shorter sweeps)
 * so that continuous integration can execute all of them quickly. Unset, every notebook runs at its
 * default size, which is what the committed outputs show.
 *
 * <p>Accepted values of {@value #VARIABLE} (case and surrounding blanks ignored): unset, empty,
 * {@code 0}, {@code false}, {@code no}, {@code off} mean default size; {@code 1}, {@code true},
 * {@code yes}, {@code on} mean fast mode. Anything else is rejected with an
 * {@link IllegalArgumentException} naming the variable and the accepted values, so that a typo
 * does not silently run the long version.
 *
 * <p>Typical use in a notebook: {@code int rounds = FastMode.current().pick(20, 5);}
 *
 * @param on whether fast mode is on
 */
public record FastMode(boolean on) {

    /** The environment variable that switches fast mode on. */
    public static final String VARIABLE = "FEDPOISON_FAST";

    /** Fast mode as the environment of this JVM sets it. */
    public static FastMode current() {
        return parse(System.getenv(VARIABLE));
    }

    /**
     * Interprets a value of {@value #VARIABLE}.
     *
     * @param value the variable's value, or null if it is unset
     * @throws IllegalArgumentException if the value is not one of the accepted spellings
     */
    public static FastMode parse(String value) {
        if (value == null) {
            return new FastMode(false);
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "", "0", "false", "no", "off":
                return new FastMode(false);
            case "1", "true", "yes", "on":
                return new FastMode(true);
            default:
                throw new IllegalArgumentException(VARIABLE + " is '" + value
                        + "', must be 1/true/yes/on (fast mode) or 0/false/no/off/empty (default size)");
        }
    }

    /**
     * The default-size value, or the fast one in fast mode. Both must be at least 1 and the fast
     * value must not exceed the default one (fast mode only ever shrinks an experiment).
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public int pick(int normal, int fast) {
        if (normal < 1) {
            throw new IllegalArgumentException("normal size is " + normal + ", must be >= 1");
        }
        if (fast < 1 || fast > normal) {
            throw new IllegalArgumentException("fast size is " + fast + ", must be in [1, " + normal + "] (the normal size)");
        }
        return on ? fast : normal;
    }

    /** The default-size object, or the fast one in fast mode (for lists of sweep values and the like). */
    public <T> T pick(T normal, T fast) {
        if (normal == null || fast == null) {
            throw new IllegalArgumentException("pick needs two non-null values, got normal=" + normal + ", fast=" + fast);
        }
        return on ? fast : normal;
    }

    /** One line for the top of a notebook saying which size is running and how to change it. */
    @Override
    public String toString() {
        return on ? "fast mode (" + VARIABLE + "=1): experiments shrunk for a quick check"
                  : "default size (set " + VARIABLE + "=1 before starting Jupyter for a quick run)";
    }
}
