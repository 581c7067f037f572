/**
 * Experiments at scale: a grid of simulations, each cell run once per seed, summarised with
 * confidence intervals.
 *
 * <ul>
 *   <li>What to run: {@link org.fedpoison.sweep.Factor}s (a setting and its levels) combined by a
 *       {@link org.fedpoison.sweep.Design} (the full {@code grid} or {@code explicit} cells), a seed list,
 *       and a function from a {@link org.fedpoison.sweep.Run} to a {@code Simulation}, together a
 *       {@link org.fedpoison.sweep.Sweep}. A run's seed follows from its cell and listed seed only
 *       ({@link org.fedpoison.sweep.Run#simulationSeed()}), so results do not depend on the order of
 *       execution or on the runner.</li>
 *   <li>Where: a {@link org.fedpoison.sweep.Runner}; {@link org.fedpoison.sweep.LocalRunner} (the
 *       default, one run per core in this JVM) here, the Spark runner in the separate module
 *       {@code fedpoison-spark}.</li>
 *   <li>What comes back: a {@link org.fedpoison.sweep.SweepResult} with the runs table (one row per
 *       run, a failed run with its error) and per-cell {@link org.fedpoison.sweep.Summary summaries}
 *       (n, mean, sd and the Student-t interval of {@link org.fedpoison.sweep.MeanInterval}); charts
 *       from {@link org.fedpoison.sweep.SweepPlots}; progress from {@link org.fedpoison.sweep.SweepProgress};
 *       a CSV {@link org.fedpoison.sweep.RunsFile} to resume from.</li>
 *   <li>Outside Java: a sweep described in a text file ({@link org.fedpoison.sweep.SweepFile}, names from
 *       {@link org.fedpoison.sweep.Catalog}), run by {@link org.fedpoison.sweep.SweepMain}.</li>
 * </ul>
 */
package org.fedpoison.sweep;
