package org.fedpoison.fl;

import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tablesaw helpers that summarise runs. The per-round and per-client tables of one run come from
 * {@link History#toTable()} and {@link History#clientTable()}.
 */
public final class Tables {
    private Tables() {}

    /**
     * One row per named run: {@code run, rounds, final_accuracy, best_accuracy, final_loss,
     * dropped} (total non-finite updates dropped) and the final value of each metric of the first run.
     */
    public static Table compare(Map<String, History> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs is empty, needs at least one");
        }
        StringColumn name = StringColumn.create("run");
        IntColumn rounds = IntColumn.create("rounds");
        DoubleColumn fin = DoubleColumn.create("final_accuracy");
        DoubleColumn best = DoubleColumn.create("best_accuracy");
        DoubleColumn loss = DoubleColumn.create("final_loss");
        IntColumn dropped = IntColumn.create("dropped");
        List<String> metricNames = List.copyOf(runs.values().iterator().next().metricNames());
        DoubleColumn[] metrics = new DoubleColumn[metricNames.size()];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = DoubleColumn.create(metricNames.get(i));
        }
        for (Map.Entry<String, History> e : runs.entrySet()) {
            History h = e.getValue();
            name.append(e.getKey());
            rounds.append(h.numRounds());
            fin.append(h.last().accuracy());
            double b = Double.NaN;
            for (double a : h.accuracy()) {
                b = Double.isNaN(b) ? a : Math.max(b, a);
            }
            best.append(b);
            loss.append(h.last().loss());
            int d = 0;
            for (int c : h.droppedCounts()) {
                d += c;
            }
            dropped.append(d);
            for (int i = 0; i < metrics.length; i++) {
                metrics[i].append(h.metricNames().contains(metricNames.get(i))
                        ? h.last().metric(metricNames.get(i)) : Double.NaN);
            }
        }
        Table t = Table.create("runs", name, rounds, fin, best, loss, dropped);
        t.addColumns(metrics);
        return t;
    }

    /**
     * A grid of results as a table: a first column {@code rowName} holding {@code rows}, then one
     * column per entry of {@code cols} holding {@code values[i][j]}.
     */
    public static Table grid(String title, String rowName, List<?> rows, List<?> cols, double[][] values) {
        if (values.length != rows.size()) {
            throw new IllegalArgumentException("values has " + values.length + " rows for " + rows.size() + " row labels");
        }
        StringColumn first = StringColumn.create(rowName);
        rows.forEach(r -> first.append(String.valueOf(r)));
        Table t = Table.create(title, first);
        for (int j = 0; j < cols.size(); j++) {
            DoubleColumn c = DoubleColumn.create(String.valueOf(cols.get(j)));
            for (int i = 0; i < rows.size(); i++) {
                if (values[i].length != cols.size()) {
                    throw new IllegalArgumentException("values row " + i + " has " + values[i].length + " entries for "
                            + cols.size() + " columns");
                }
                c.append(values[i][j]);
            }
            t.addColumns(c);
        }
        return t;
    }

    /** A table of named columns of equal length (for quick results in notebooks). */
    public static Table of(String title, Map<String, double[]> columns) {
        Table t = Table.create(title);
        int n = -1;
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            if (n >= 0 && e.getValue().length != n) {
                throw new IllegalArgumentException("column '" + e.getKey() + "' has " + e.getValue().length
                        + " values, the first column has " + n);
            }
            n = e.getValue().length;
            t.addColumns(DoubleColumn.create(e.getKey(), e.getValue()));
        }
        return t;
    }
}
