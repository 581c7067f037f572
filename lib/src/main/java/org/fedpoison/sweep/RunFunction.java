package org.fedpoison.sweep;

import java.io.Serializable;
import java.util.Map;

/**
 * Computes one run of a sweep: the outcomes of its cell at its seed. Most sweeps give
 * {@link Sweep.Builder#simulation(SimulationFunction)} a function that builds a
 * {@code Simulation}; this is the general shape beneath it. An exception it throws is recorded as
 * the run's error and the sweep goes on; an {@link Error} (out of memory, a lost executor) is not
 * caught: it fails the task, which the Spark runner retries.
 *
 * <p>Serializable so that the Spark runner can ship it to executors; a lambda assigned to this type
 * is serializable if everything it captures is.
 */
@FunctionalInterface
public interface RunFunction extends Serializable {
    /** The outcomes of {@code run}, outcome name to value. */
    Map<String, Double> apply(Run run) throws Exception;
}
