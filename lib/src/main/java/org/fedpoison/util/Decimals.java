package org.fedpoison.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The library's one way of writing numbers for people: always {@code '.'} as the decimal point,
 * no digit grouping, whatever the default locale, and rounding half-even on the exact binary
 * value ({@link BigDecimal}), so a printed number never depends on the machine.
 *
 * <ul>
 *   <li>{@link #fixed(double, int)}: exactly {@code decimals} places ({@code 0.7437});</li>
 *   <li>{@link #format(double, int)}: the same, except that a non-zero value that would round to
 *       zero ({@code |x| < 0.5 * 10^-decimals}) prints in scientific notation with three
 *       significant digits ({@code 1.04E-7}), so that it does not masquerade as zero;</li>
 *   <li>{@link #significant(double, int)}: {@code digits} significant digits without trailing
 *       zeros, plain for {@code 1e-4 <= |x| < 1e7} ({@code 0.0131579}), scientific otherwise
 *       ({@code 1.11022E-15});</li>
 *   <li>{@link #of(Table, int)}: a copy of a table whose floating-point columns print as
 *       {@link #format} does.</li>
 * </ul>
 * Non-finite values print as Java prints them: {@code NaN}, {@code Infinity}, {@code -Infinity}.
 */
public final class Decimals {
    private Decimals() {}

    private static int checkDecimals(int decimals) {
        return Check.inClosed("decimals", decimals, 0, 15);
    }

    /**
     * {@code x} rounded half-even to {@code decimals} places, always with that many places.
     *
     * @throws IllegalArgumentException if {@code decimals} is negative
     */
    public static String fixed(double x, int decimals) {
        Check.atLeast("decimals", decimals, 0);
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * {@code x} as a table cell shows it: {@link #fixed}, or three significant digits in scientific
     * notation when a non-zero {@code x} would round to zero.
     *
     * @throws IllegalArgumentException if {@code decimals} is outside {@code [0, 15]}
     */
    public static String format(double x, int decimals) {
        checkDecimals(decimals);
        if (Double.isFinite(x) && x != 0 && Math.abs(x) < 0.5 * Math.pow(10, -decimals)) {
            BigDecimal d = new BigDecimal(x).round(new MathContext(3, RoundingMode.HALF_EVEN));
            String s = String.format(Locale.ROOT, "%.2E", d.doubleValue());
            return s.replaceAll("E(-?)0+(\\d)", "E$1$2"); // 1.04E-07 -> 1.04E-7
        }
        return fixed(x, decimals);
    }

    /**
     * {@code x} to {@code digits} significant digits (half-up, as {@link MathContext} rounds),
     * trailing zeros removed: {@code 76}, {@code 0.0131579}, {@code -367.887}, {@code 1.11022E-15}.
     *
     * @throws IllegalArgumentException if {@code digits} is outside {@code [1, 17]}
     */
    public static String significant(double x, int digits) {
        Check.inClosed("digits", digits, 1, 17);
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(digits)).stripTrailingZeros();
        double a = Math.abs(x);
        return a >= 1e-4 && a < 1e7 ? d.toPlainString() : d.toString();
    }

    /**
     * A copy of {@code table} whose {@code double} and {@code float} columns print as
     * {@link #format(double, int)} with {@code decimals} places. Only the display changes: the
     * stored values are the same numbers, and {@code table} is not modified.
     *
     * @throws IllegalArgumentException if {@code table} is null or {@code decimals} is outside {@code [0, 15]}
     */
    public static Table of(Table table, int decimals) {
        Check.notNull("table", table, "the Table to format");
        checkDecimals(decimals);
        Table copy = table.copy();
        NumberColumnFormatter formatter = new NumberColumnFormatter() {
            @Override
            public String format(double value) {
                return Decimals.format(value, decimals);
            }

            @Override
            public String format(float value) {
                return Decimals.format(value, decimals);
            }
        };
        for (Column<?> c : copy.columns()) {
            if (c instanceof DoubleColumn dc) {
                dc.setPrintFormatter(formatter);
            } else if (c instanceof FloatColumn fc) {
                fc.setPrintFormatter(formatter);
            }
        }
        return copy;
    }
}
