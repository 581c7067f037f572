package org.fedpoison.exercises;

/**
 * How checkers compare a number the reader gives with the value they recompute. A value within a
 * relative {@value #RELATIVE_TOLERANCE} is right, and so is the value rounded to
 * {@value #PRINTED_DECIMALS} or more decimals, as the notebooks print it (if that is within 1%); a value that equals the expected one rounded to
 * fewer digits is {@link Verdict#CLOSE} ("don't round"); {@code null} is {@link Verdict#UNFILLED};
 * anything else, NaN included, is {@link Verdict#WRONG}.
 */
public final class Numbers {
    /** The relative tolerance for a right number. */
    public static final double RELATIVE_TOLERANCE = 1e-4;
    /** Values rounded to this many decimals (what the notebooks print) are accepted. */
    public static final int PRINTED_DECIMALS = 4;
    /** The absolute tolerance near zero. */
    public static final double ABSOLUTE_TOLERANCE = 1e-9;

    private Numbers() {}

    /** The verdict on {@code given} against {@code expected}; never throws. */
    public static Verdict judge(Double given, double expected) {
        if (given == null) {
            return Verdict.UNFILLED;
        }
        double g = given;
        if (!Double.isFinite(g)) {
            return Verdict.WRONG;
        }
        double diff = Math.abs(g - expected);
        if (diff <= ABSOLUTE_TOLERANCE || diff <= RELATIVE_TOLERANCE * Math.abs(expected)) {
            return Verdict.CORRECT;
        }
        if (Math.signum(g) == Math.signum(expected)) {
            // what the notebooks print: four or more decimals
            for (int decimals = PRINTED_DECIMALS; decimals <= 10; decimals++) {
                double scale = Math.pow(10, decimals);
                if (Math.abs(Math.round(expected * scale) / scale - g) <= 1e-9 * Math.max(1, Math.abs(g))
                        && diff <= 0.01 * Math.abs(expected)) {
                    return Verdict.CORRECT;
                }
            }
            for (int decimals = -6; decimals <= 10; decimals++) {
                double scale = Math.pow(10, decimals);
                double rounded = Math.round(expected * scale) / scale;
                if (rounded != 0 && Math.abs(rounded - g) <= 1e-9 * Math.max(1, Math.abs(g))) {
                    return Verdict.CLOSE;
                }
            }
            // significant digits (1..6), for values printed as 1.23E-4
            for (int digits = 1; digits <= 6; digits++) {
                double rounded = new java.math.BigDecimal(expected).round(new java.math.MathContext(digits)).doubleValue();
                if (rounded != 0 && Math.abs(rounded - g) <= 1e-12 * Math.abs(g)) {
                    return Verdict.CLOSE;
                }
            }
        }
        return Verdict.WRONG;
    }
}
