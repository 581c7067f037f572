package org.fedpoison.notebook;

import java.math.BigDecimal;
import java.math.RoundingMode;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Display format for the numbers of a notebook table: a copy of the table whose floating-point
 * columns print with a fixed number of decimals, so a rendered table reads {@code 0.7437} rather
 * than {@code 0.7437325905292479}.
 *
 * <p>Rule: {@code x} prints as {@code x} rounded half-even to {@code decimals} places, always with
 * {@code '.'} as the decimal point and no digit grouping, whatever the default locale. A non-zero
 * value that would round to zero ({@code |x| < 0.5 * 10^-decimals}) prints in scientific notation
 * with three significant digits ({@code 1.04E-7}) so that it does not masquerade as zero.
 * {@code NaN} (also Tablesaw's missing value of a double column) prints {@code NaN}, infinities
 * {@code Infinity} / {@code -Infinity}.
 *
 * <p>Only the display changes: the values stored in the columns are the same numbers, and the
 * table passed in is not modified.
 */
public final class Decimals {
    private Decimals() {}

    /**
     * A copy of {@code table} whose {@code double} and {@code float} columns print with
     * {@code decimals} places.
     *
     * @param table    the table to show
     * @param decimals places after the decimal point, in {@code [0, 15]}
     * @return a new table with the same columns and values
     * @throws IllegalArgumentException if {@code table} is null or {@code decimals} is outside {@code [0, 15]}
     */
    public static Table of(Table table, int decimals) {
        if (table == null) {
            throw new IllegalArgumentException("table is null; pass the Table to format");
        }
        if (decimals < 0 || decimals > 15) {
            throw new IllegalArgumentException("decimals is " + decimals + "; allowed 0..15");
        }
        Table copy = table.copy();
        Fixed formatter = new Fixed(decimals);
        for (Column<?> c : copy.columns()) {
            if (c instanceof DoubleColumn dc) {
                dc.setPrintFormatter(formatter);
            } else if (c instanceof FloatColumn fc) {
                fc.setPrintFormatter(formatter);
            }
        }
        return copy;
    }

    /**
     * {@code x} as {@link #of} prints it.
     *
     * @param x        the number
     * @param decimals places after the decimal point, in {@code [0, 15]}
     * @return the text
     * @throws IllegalArgumentException if {@code decimals} is outside {@code [0, 15]}
     */
    public static String format(double x, int decimals) {
        if (decimals < 0 || decimals > 15) {
            throw new IllegalArgumentException("decimals is " + decimals + "; allowed 0..15");
        }
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x != 0 && Math.abs(x) < 0.5 * Math.pow(10, -decimals)) {
            BigDecimal d = new BigDecimal(x).round(new java.math.MathContext(3, RoundingMode.HALF_EVEN));
            String s = String.format(java.util.Locale.ROOT, "%.2E", d.doubleValue());
            // 1.04E-07 -> 1.04E-7
            return s.replaceAll("E(-?)0+(\\d)", "E$1$2");
        }
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The formatter {@link #of} installs. */
    private static final class Fixed extends NumberColumnFormatter {
        private final int decimals;

        Fixed(int decimals) {
            this.decimals = decimals;
        }

        @Override
        public String format(double value) {
            return Decimals.format(value, decimals);
        }

        @Override
        public String format(float value) {
            return Decimals.format(value, decimals);
        }
    }
}
