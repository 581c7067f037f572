package org.fedpoison.leverage;

import org.fedpoison.util.Decimals;

/**
 * Python's number formatting, for ports of the text's {@code print(f"...")} lines that must
 * match character for character.
 *
 * <p>{@code f"{x:.4f}"} rounds the exact binary value of {@code x} to 4 decimals, ties to even
 * (Java's {@code %.4f} rounds the shortest decimal string half up, which can differ in the last
 * digit). A negative number keeps its minus sign even when it rounds to zero ({@code -1e-15}
 * prints {@code -0.0000}, {@code 1e-15} prints {@code 0.0000}), as does {@code -0.0}.
 * Non-finite values print {@code nan}, {@code inf}, {@code -inf}. Always {@code '.'} as the
 * decimal point, whatever the default locale.
 */
public final class PyFormat {
    private PyFormat() {}

    /**
     * {@code f"{x:.<decimals>f}"}.
     *
     * @throws IllegalArgumentException if {@code decimals} is negative
     */
    public static String fixed(double x, int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals = " + decimals + " must be >= 0");
        }
        if (Double.isNaN(x)) {
            return "nan";
        }
        boolean negative = x < 0 || (x == 0 && 1 / x < 0);
        if (Double.isInfinite(x)) {
            return negative ? "-inf" : "inf";
        }
        String digits = Decimals.fixed(Math.abs(x), decimals);
        return negative ? "-" + digits : digits;
    }

    /** {@code f"{x:+.<decimals>f}"}: like {@link #fixed} with a {@code +} before non-negative numbers. */
    public static String signed(double x, int decimals) {
        String s = fixed(x, decimals);
        return s.startsWith("-") ? s : "+" + s;
    }

    /** Python's {@code str(bool)}: {@code True} or {@code False}. */
    public static String bool(boolean b) {
        return b ? "True" : "False";
    }
}
