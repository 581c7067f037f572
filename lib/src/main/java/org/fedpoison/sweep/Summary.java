package org.fedpoison.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Per-cell summaries of a runs table: for each combination of the grouping columns, the mean,
 * standard deviation and 95% Student-t interval ({@link MeanInterval}) of one value column over the
 * rows (seeds). It works on any runs table, including one with a column the notebook derived
 * (for example an attack's success relative to the attack-free run of the same defence and seed).
 */
public final class Summary {
    private Summary() {}

    /**
     * One row per distinct combination of {@code by} (in order of first appearance): the {@code by}
     * columns, {@code n} (rows with a finite value and, if the table has an {@code error} column, no
     * error), {@code failed} (rows with an error), {@code mean}, {@code sd}, {@code low}, {@code high}.
     * The table is named {@code "<value>: mean and 95% interval over seeds"}.
     *
     * @throws IllegalArgumentException if a column is missing or {@code value} is not numeric
     */
    public static Table of(Table runs, List<String> by, String value) {
        for (String b : by) {
            if (!runs.columnNames().contains(b)) {
                throw new IllegalArgumentException("runs table has no column '" + b + "'; columns: " + runs.columnNames());
            }
        }
        if (!runs.columnNames().contains(value) || !(runs.column(value) instanceof NumericColumn<?>)) {
            throw new IllegalArgumentException("runs table has no numeric column '" + value + "'; columns: " + runs.columnNames());
        }
        NumericColumn<?> values = (NumericColumn<?>) runs.column(value);
        Column<?> error = runs.columnNames().contains("error") ? runs.column("error") : null;
        Map<List<String>, List<Double>> groups = new LinkedHashMap<>();
        Map<List<String>, Integer> failed = new LinkedHashMap<>();
        for (int r = 0; r < runs.rowCount(); r++) {
            List<String> key = new ArrayList<>();
            for (String b : by) {
                key.add(runs.column(b).getString(r));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>());
            failed.merge(key, 0, Integer::sum);
            boolean isError = error != null && !error.getString(r).isEmpty();
            double v = values.getDouble(r);
            if (isError) {
                failed.merge(key, 1, Integer::sum);
            } else if (Double.isFinite(v)) {
                groups.get(key).add(v);
            }
        }
        Table t = Table.create(value + ": mean and 95% interval over seeds");
        List<StringColumn> keyCols = new ArrayList<>();
        for (String b : by) {
            keyCols.add(StringColumn.create(b));
        }
        IntColumn n = IntColumn.create("n");
        IntColumn f = IntColumn.create("failed");
        DoubleColumn mean = DoubleColumn.create("mean");
        DoubleColumn sd = DoubleColumn.create("sd");
        DoubleColumn low = DoubleColumn.create("low");
        DoubleColumn high = DoubleColumn.create("high");
        for (Map.Entry<List<String>, List<Double>> g : groups.entrySet()) {
            for (int i = 0; i < by.size(); i++) {
                keyCols.get(i).append(g.getKey().get(i));
            }
            MeanInterval ci = MeanInterval.of(g.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            n.append(ci.n());
            f.append(failed.get(g.getKey()));
            mean.append(ci.mean());
            sd.append(ci.sd());
            low.append(ci.low());
            high.append(ci.high());
        }
        keyCols.forEach(t::addColumns);
        t.addColumns(n, f, mean, sd, low, high);
        return t;
    }

    /**
     * A summary laid out as a grid for reading: one row per level of {@code rows}, one column per
     * level of {@code columns}, each cell {@code "mean [low, high]"} with {@code decimals} digits
     * ({@code "mean (n=1)"} when one run cannot give an interval, {@code "failed"} when no run succeeded).
     *
     * @param summary a table from {@link #of} grouped by exactly {@code rows} and {@code columns}
     */
    public static Table grid(Table summary, String rows, String columns, int decimals) {
        List<String> rowLabels = distinct(summary, rows);
        List<String> colLabels = distinct(summary, columns);
        Map<List<String>, String> text = new LinkedHashMap<>();
        for (int r = 0; r < summary.rowCount(); r++) {
            int n = summary.intColumn("n").getInt(r);
            double mean = summary.doubleColumn("mean").getDouble(r);
            String s = n == 0 ? "failed"
                    : n == 1 ? fixed(mean, decimals) + " (n=1)"
                    : fixed(mean, decimals) + " [" + fixed(summary.doubleColumn("low").getDouble(r), decimals)
                            + ", " + fixed(summary.doubleColumn("high").getDouble(r), decimals) + "]";
            text.put(List.of(summary.column(rows).getString(r), summary.column(columns).getString(r)), s);
        }
        Table t = Table.create(summary.name(), StringColumn.create(rows, rowLabels));
        for (String c : colLabels) {
            StringColumn col = StringColumn.create(c);
            for (String r : rowLabels) {
                col.append(text.getOrDefault(List.of(r, c), ""));
            }
            t.addColumns(col);
        }
        return t;
    }

    /**
     * {@code x} with {@code decimals} digits after the point (the JDK's {@code %.nf}, root locale);
     * a negative number that rounds to zero prints as zero ({@code -0.004} as {@code 0.00}, not {@code -0.00}).
     */
    static String fixed(double x, int decimals) {
        if (decimals < 0 || decimals > 15) {
            throw new IllegalArgumentException("decimals is " + decimals + ", must be in [0, 15]");
        }
        String s = String.format(java.util.Locale.ROOT, "%." + decimals + "f", x);
        return s.matches("-0\\.?0*") ? s.substring(1) : s;
    }

    /** The distinct values of a column, in order of first appearance. */
    static List<String> distinct(Table t, String column) {
        if (!t.columnNames().contains(column)) {
            throw new IllegalArgumentException("table has no column '" + column + "'; columns: " + t.columnNames());
        }
        List<String> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            String s = t.column(column).getString(r);
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
