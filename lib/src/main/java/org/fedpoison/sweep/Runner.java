package org.fedpoison.sweep;

import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Executes the runs of a sweep somewhere: {@link LocalRunner} on this machine's cores (the
 * default), the {@code fedpoison-spark} module's {@code SparkRunner} as Spark tasks. A runner only
 * decides where each run executes; every run's result depends on the run alone (its cell and
 * seed), so all runners give the same results.
 */
public interface Runner {
    /**
     * Starts executing {@code runs} with {@link Sweep#execute(Run)}, handing each result to
     * {@code done} as soon as it is known (from any thread; {@code done} is thread-safe).
     * The returned future completes when every run has been handed over, or exceptionally if the
     * runner could not execute a run (an {@link Error} in a run, a Spark job that failed after its
     * retries); cancelling it stops the runs not yet started.
     */
    Future<?> start(Sweep sweep, List<Run> runs, Consumer<RunResult> done);

    /** A short description for progress lines and benchmark output, e.g. {@code local threads=2}. */
    String description();
}
