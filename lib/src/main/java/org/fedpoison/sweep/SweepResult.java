package org.fedpoison.sweep;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The results of a {@link Sweep}: one {@link RunResult} per run, in the sweep's order (cells in
 * design order, seeds in list order) whatever the order they finished in. Tables are derived from
 * them: {@link #runs()} with one row per run, {@link #summary(String)} with one row per cell.
 */
public final class SweepResult {
    private final Sweep sweep;
    private final List<RunResult> results;

    SweepResult(Sweep sweep, List<RunResult> results) {
        this.sweep = sweep;
        this.results = List.copyOf(results);
    }

    /** The sweep that gave these results. */
    public Sweep sweep() {
        return sweep;
    }

    /** Every run's result, in the sweep's order. */
    public List<RunResult> results() {
        return results;
    }

    /** The runs that failed, with their errors. */
    public List<RunResult> failures() {
        return results.stream().filter(r -> !r.ok()).toList();
    }

    /**
     * One row per run: a string column per factor (the level's label), {@code seed}, a double column
     * per outcome (NaN for a failed run), {@code seconds}, and {@code error} (empty when the run succeeded).
     */
    public Table runs() {
        return runs(true);
    }

    /** The runs table without the {@code seconds} column: what two runners must give identically. */
    public Table runsWithoutTiming() {
        return runs(false);
    }

    private Table runs(boolean timing) {
        List<String> factors = sweep.design().factorNames();
        Table t = Table.create(sweep.name() + ": runs");
        for (int i = 0; i < factors.size(); i++) {
            StringColumn c = StringColumn.create(factors.get(i));
            for (RunResult r : results) {
                c.append(r.run().cell().levels().get(i));
            }
            t.addColumns(c);
        }
        LongColumn seed = LongColumn.create("seed");
        for (RunResult r : results) {
            seed.append(r.run().seed());
        }
        t.addColumns(seed);
        for (String o : sweep.outcomes()) {
            DoubleColumn c = DoubleColumn.create(o);
            for (RunResult r : results) {
                c.append(r.value(o));
            }
            t.addColumns(c);
        }
        if (timing) {
            DoubleColumn s = DoubleColumn.create("seconds");
            for (RunResult r : results) {
                s.append(r.seconds());
            }
            t.addColumns(s);
        }
        StringColumn e = StringColumn.create("error");
        for (RunResult r : results) {
            e.append(r.ok() ? "" : r.error());
        }
        t.addColumns(e);
        return t;
    }

    /**
     * One row per cell for {@code outcome}: its factors, {@code n} (successful runs), {@code failed},
     * {@code mean}, {@code sd} and the 95% Student-t interval {@code low}, {@code high} over the seeds
     * (see {@link Summary#of(Table, List, String)}).
     */
    public Table summary(String outcome) {
        if (!sweep.outcomes().contains(outcome)) {
            throw new IllegalArgumentException("sweep '" + sweep.name() + "' has no outcome '" + outcome + "'; outcomes: " + sweep.outcomes());
        }
        return Summary.of(runs(), sweep.design().factorNames(), outcome);
    }

    /** The {@link MeanInterval} of {@code outcome} over the seeds of the cell with these level labels. */
    public MeanInterval interval(String outcome, String... levels) {
        List<String> want = List.of(levels);
        List<Double> values = new ArrayList<>();
        boolean found = false;
        for (RunResult r : results) {
            if (r.run().cell().levels().equals(want)) {
                found = true;
                if (r.ok() && !Double.isNaN(r.value(outcome))) {
                    values.add(r.value(outcome));
                }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("sweep '" + sweep.name() + "' has no cell " + want);
        }
        return MeanInterval.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public String toString() {
        return sweep.name() + ": " + results.size() + " runs, " + failures().size() + " failed";
    }
}
