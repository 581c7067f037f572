package org.fedpoison.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run gave: its outcomes (one number per outcome of the sweep, in the sweep's order,
 * NaN where a run could not measure one), the wall-clock seconds it took, and, if it failed, the
 * error it threw (class and message, on one line) with every outcome NaN.
 *
 * @param run     the run
 * @param values  outcome name to value, in the sweep's outcome order
 * @param seconds wall-clock time of the run (the only field that differs between two executions)
 * @param error   null when the run succeeded
 */
public record RunResult(Run run, Map<String, Double> values, double seconds, String error) implements Serializable {
    /** Copies {@code values}, keeping its order. */
    public RunResult {
        if (run == null) {
            throw new IllegalArgumentException("a run result needs its run");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** True when the run completed without an error. */
    public boolean ok() {
        return error == null;
    }

    /** The value of outcome {@code name} (NaN if the run failed or did not measure it). */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The same result without its timing: what two runners must agree on bit for bit. */
    public RunResult withoutTiming() {
        return new RunResult(run, values, 0.0, error);
    }
}
