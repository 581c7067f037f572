package org.fedpoison.sweep;

import java.io.Serializable;
import org.fedpoison.fl.Simulation;

/**
 * Builds the simulation of one run, e.g.
 * {@code run -> Simulation.builder()...aggregator(run.get(defence).get()).seed(run.simulationSeed()).threads(1).build()}.
 * Use {@link Run#simulationSeed()} as the simulation's seed (and for anything else random in the
 * run, such as the partition), so that runs depend only on their cell and seed. A sweep already runs
 * one simulation per core: {@code threads(1)} avoids competing with it.
 */
@FunctionalInterface
public interface SimulationFunction extends Serializable {
    /** The simulation of {@code run}, not yet run. */
    Simulation build(Run run) throws Exception;
}
