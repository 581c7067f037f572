package org.fedpoison.notebook;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Display formatting for Tablesaw tables in notebooks: a copy of a table whose decimal columns
 * print with a fixed number of decimals ({@code 0.9554} instead of {@code 0.9554317548746518}),
 * so that a table of results reads at a glance. Only how values print changes (what the kernel's
 * HTML table and {@code print()} show); the values themselves are kept in full.
 *
 * <p>Rounding is half-even in the root locale (a dot as decimal separator, no grouping); NaN
 * prints as {@code NaN}. Settings: {@code decimals} in [0, 12]. The input table is not modified.
 */
public final class TableFormat {
    private TableFormat() {}

    /**
     * A copy of {@code table} whose {@link DoubleColumn}s print with {@code decimals} decimals.
     *
     * @throws IllegalArgumentException if {@code table} is null or {@code decimals} is outside [0, 12]
     */
    public static Table decimals(Table table, int decimals) {
        if (table == null) {
            throw new IllegalArgumentException("table is null");
        }
        if (decimals < 0 || decimals > 12) {
            throw new IllegalArgumentException("decimals is " + decimals + ", must be in [0, 12]");
        }
        Table copy = table.copy();
        copy.setName(table.name());
        for (Column<?> c : copy.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(new NumberColumnFormatter(format(decimals), "NaN"));
            }
        }
        return copy;
    }

    private static DecimalFormat format(int decimals) {
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        f.setGroupingUsed(false);
        return f;
    }
}
