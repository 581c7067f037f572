package org.fedpoison.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedpoison.fl.History;

/**
 * An experiment at scale: a {@link Design} of cells, each run once per seed of a seed list, each
 * run a simulation whose outcomes (final accuracy, a metric, ...) fill one row of the runs table.
 * <pre>{@code
 * Factor<Supplier<Aggregator>> defence = Factor.of("defence", defences);
 * Factor<Function<Long, List<Client>>> attack = Factor.of("attack", attacks);
 * Sweep sweep = Sweep.builder("attacks x defences")
 *         .design(Design.grid(attack, defence))
 *         .seeds(1, 2, 3, 4, 5)
 *         .simulation(run -> Simulation.builder()...clients(run.get(attack).apply(run.simulationSeed()))
 *                 .aggregator(run.get(defence).get()).seed(run.simulationSeed()).threads(1).build())
 *         .outcome("accuracy", Outcome.finalAccuracy())
 *         .build();
 * SweepResult result = sweep.run();                       // LocalRunner.defaults()
 * result.runs();                                          // one row per run
 * result.summary("accuracy");                             // per cell: n, mean, sd, 95% t interval
 * }</pre>
 *
 * <p>A run that throws an exception is recorded with its error (outcomes NaN) and the others go on.
 * Each run's result depends only on its cell and seed ({@link Run#simulationSeed()}), never on the
 * order of execution, so every {@link Runner} gives the same table, and a sweep written to a runs
 * file ({@link #run(Runner, Path, SweepListener)}) can be resumed after a restart, skipping the runs
 * the file already holds.
 *
 * <p>Settings: a name (not blank); a design; at least one seed, no seed twice; at least one outcome
 * (default: {@code accuracy}, the final test accuracy, and {@code loss}), names distinct and not a
 * factor's name; the function that computes a run. Serializable (for the Spark runner) when the
 * factors' values and the function are.
 */
public final class Sweep implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Design design;
    private final List<Long> seeds;
    private final Seeding seeding;
    private final List<String> outcomes;
    private final RunFunction function;

    private Sweep(Builder b, List<String> outcomes, RunFunction function) {
        this.name = b.name;
        this.design = b.design;
        this.seeds = List.copyOf(b.seeds);
        this.seeding = b.seeding;
        this.outcomes = List.copyOf(outcomes);
        this.function = function;
    }

    /** A new builder; {@code name} labels progress lines and tables. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The sweep's name. */
    public String name() {
        return name;
    }

    /** The design (factors and cells). */
    public Design design() {
        return design;
    }

    /** The listed seeds, in order. */
    public List<Long> seeds() {
        return seeds;
    }

    /** How runs derive their simulation seeds. */
    public Seeding seeding() {
        return seeding;
    }

    /** The outcomes' names, in column order. */
    public List<String> outcomes() {
        return outcomes;
    }

    /** Every run: for each cell in design order, one per seed in list order. */
    public List<Run> runs() {
        List<Run> runs = new ArrayList<>(design.cells().size() * seeds.size());
        for (Cell c : design.cells()) {
            for (long s : seeds) {
                runs.add(new Run(c, s, seeding));
            }
        }
        return runs;
    }

    /**
     * Computes one run here and now, on the calling thread: its outcomes, or its error if the
     * function throws an {@link Exception} (an {@link Error} propagates). Runners call this.
     */
    public RunResult execute(Run run) {
        long t0 = System.nanoTime();
        Map<String, Double> values = new LinkedHashMap<>();
        String error = null;
        try {
            Map<String, Double> got = function.apply(run);
            if (got == null) {
                throw new IllegalStateException("the run function returned no outcomes (null)");
            }
            for (String k : got.keySet()) {
                if (!outcomes.contains(k)) {
                    throw new IllegalStateException("the run function returned outcome '" + k + "', the sweep declares " + outcomes);
                }
            }
            for (String o : outcomes) {
                Double v = got.get(o);
                values.put(o, v == null ? Double.NaN : v);
            }
        } catch (Exception e) {
            error = oneLine(e);
            values.clear();
            for (String o : outcomes) {
                values.put(o, Double.NaN);
            }
        }
        return new RunResult(run, values, (System.nanoTime() - t0) / 1e9, error);
    }

    private static String oneLine(Throwable e) {
        String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return msg.replaceAll("[\\r\\n]+", " ");
    }

    /** Runs every run on {@link LocalRunner#defaults()}, keeping nothing on disk. */
    public SweepResult run() {
        return run(LocalRunner.defaults(), null, SweepListener.none());
    }

    /** Runs every run on {@code runner}, keeping nothing on disk. */
    public SweepResult run(Runner runner) {
        return run(runner, null, SweepListener.none());
    }

    /**
     * Runs the sweep on {@code runner}. With a {@code runsFile} (CSV, see {@link RunsFile}), every
     * finished run is appended to it at once, and runs the file already holds are read back instead
     * of computed: a sweep interrupted by a crash or a kernel restart resumes where it stopped, and a
     * finished one is only read. {@code listener} hears of each run on this thread.
     *
     * @param runner   where the runs execute
     * @param runsFile the runs file, or null to keep nothing on disk
     * @param listener told of progress (e.g. a {@link SweepProgress})
     * @throws IllegalArgumentException if the runs file was written by a sweep with other columns
     * @throws IllegalStateException    if the runner failed (an {@link Error} in a run, a Spark job lost
     *                                  after its retries); the runs finished before are in the file
     */
    public SweepResult run(Runner runner, Path runsFile, SweepListener listener) {
        if (runner == null || listener == null) {
            throw new IllegalArgumentException("runner and listener must not be null (use SweepListener.none())");
        }
        List<Run> all = runs();
        Map<String, RunResult> byKey = new HashMap<>();
        RunsFile file = null;
        try {
            if (runsFile != null) {
                file = RunsFile.open(runsFile, this);
                for (RunResult r : file.results()) {
                    byKey.put(r.run().key(), r);
                }
            }
            List<Run> todo = new ArrayList<>();
            int known = 0;
            for (Run r : all) {
                if (byKey.containsKey(r.key())) {
                    known++;
                } else {
                    todo.add(r);
                }
            }
            listener.started(all.size(), known);
            if (!todo.isEmpty()) {
                LinkedBlockingQueue<RunResult> queue = new LinkedBlockingQueue<>();
                Future<?> job = runner.start(this, todo, queue::add);
                int received = 0;
                try {
                    while (received < todo.size()) {
                        RunResult r = queue.poll(200, TimeUnit.MILLISECONDS);
                        if (r == null) {
                            if (job.isDone() && queue.isEmpty()) {
                                job.get();   // throws what failed the runner
                                throw new IllegalStateException("runner " + runner.description() + " finished with "
                                        + (todo.size() - received) + " runs not reported");
                            }
                            continue;
                        }
                        received++;
                        byKey.put(r.run().key(), r);
                        if (file != null) {
                            file.append(r);
                        }
                        listener.finished(r);
                    }
                    job.get();
                } catch (InterruptedException e) {
                    job.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("sweep '" + name + "' interrupted after " + received + " of "
                            + todo.size() + " runs" + (file != null ? " (they are in " + runsFile + ")" : ""), e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sweep '" + name + "': runner " + runner.description() + " failed after "
                            + received + " of " + todo.size() + " runs: " + oneLine(e.getCause()), e.getCause());
                }
            }
            listener.ended();
        } catch (IOException e) {
            throw new UncheckedIOException("sweep '" + name + "': runs file " + runsFile, e);
        } finally {
            if (file != null) {
                file.close();
            }
        }
        List<RunResult> ordered = new ArrayList<>(all.size());
        for (Run r : all) {
            ordered.add(byKey.get(r.key()));
        }
        return new SweepResult(this, ordered);
    }

    @Override
    public String toString() {
        return "sweep '" + name + "': " + design + " x " + seeds.size() + " seeds = " + design.cells().size() * seeds.size() + " runs";
    }

    /** Builds a {@link Sweep}. */
    public static final class Builder {
        private final String name;
        private Design design;
        private List<Long> seeds = List.of();
        private Seeding seeding = Seeding.COMMON;
        private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
        private SimulationFunction simulation;
        private RunFunction function;
        private List<String> functionOutcomes;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("sweep name is " + (name == null ? "null" : "blank") + ", must say what is swept");
            }
            this.name = name;
        }

        /** The cells. */
        public Builder design(Design d) {
            this.design = d;
            return this;
        }

        /** Shorthand for {@code design(Design.grid(factors))}. */
        public Builder grid(Factor<?>... factors) {
            return design(Design.grid(factors));
        }

        /** The seed list: each cell runs once per seed. */
        public Builder seeds(long... s) {
            this.seeds = Arrays.stream(s).boxed().toList();
            return this;
        }

        /** The seed list {@code 1, 2, ..., n}. */
        public Builder seeds(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("seeds is " + n + ", must be >= 1");
            }
            long[] s = new long[n];
            for (int i = 0; i < n; i++) {
                s[i] = i + 1;
            }
            return seeds(s);
        }

        /** How a run's simulation seed is derived (default {@link Seeding#COMMON}). */
        public Builder seeding(Seeding s) {
            if (s == null) {
                throw new IllegalArgumentException("seeding must not be null");
            }
            this.seeding = s;
            return this;
        }

        /** Each run is this simulation; its outcomes are those added with {@link #outcome}. */
        public Builder simulation(SimulationFunction f) {
            this.simulation = f;
            return this;
        }

        /** An outcome of each simulation, a column of the runs table (in the order added). */
        public Builder outcome(String outcomeName, Outcome outcome) {
            if (outcomeName == null || outcomeName.isBlank() || outcome == null) {
                throw new IllegalArgumentException("an outcome needs a name and a function, got '" + outcomeName + "'");
            }
            if (outcomes.put(outcomeName, outcome) != null) {
                throw new IllegalArgumentException("outcome '" + outcomeName + "' is added twice");
            }
            return this;
        }

        /** Each run is {@code f}, which returns the named outcomes (instead of a simulation). */
        public Builder function(List<String> outcomeNames, RunFunction f) {
            this.function = f;
            this.functionOutcomes = outcomeNames == null ? null : List.copyOf(outcomeNames);
            return this;
        }

        /**
         * The sweep.
         *
         * @throws IllegalArgumentException naming the first setting that is missing or wrong
         */
        public Sweep build() {
            if (design == null) {
                throw new IllegalArgumentException("sweep '" + name + "' has no design: call design(...) or grid(...)");
            }
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("sweep '" + name + "' has no seeds: call seeds(...)");
            }
            if (seeds.stream().distinct().count() != seeds.size()) {
                throw new IllegalArgumentException("sweep '" + name + "': seeds " + seeds + " list a seed twice");
            }
            if ((simulation == null) == (function == null)) {
                throw new IllegalArgumentException("sweep '" + name + "' needs exactly one of simulation(...) and function(...)");
            }
            List<String> names;
            RunFunction f;
            if (simulation != null) {
                Map<String, Outcome> os = new LinkedHashMap<>(outcomes);
                if (os.isEmpty()) {
                    os.put("accuracy", Outcome.finalAccuracy());
                    os.put("loss", Outcome.finalLoss());
                }
                names = new ArrayList<>(os.keySet());
                SimulationFunction sim = simulation;
                LinkedHashMap<String, Outcome> frozen = new LinkedHashMap<>(os);
                f = run -> {
                    History h = sim.build(run).run();
                    Map<String, Double> out = new LinkedHashMap<>();
                    for (Map.Entry<String, Outcome> e : frozen.entrySet()) {
                        out.put(e.getKey(), e.getValue().of(h));
                    }
                    return out;
                };
            } else {
                if (!outcomes.isEmpty()) {
                    throw new IllegalArgumentException("sweep '" + name + "': outcome(...) goes with simulation(...); function(...) names its own");
                }
                if (functionOutcomes == null || functionOutcomes.isEmpty()) {
                    throw new IllegalArgumentException("sweep '" + name + "': function(...) needs at least one outcome name");
                }
                names = functionOutcomes;
                f = function;
            }
            for (String o : names) {
                if (design.factorNames().contains(o) || Factor.RESERVED.contains(o)) {
                    throw new IllegalArgumentException("sweep '" + name + "': outcome '" + o + "' clashes with a factor or with "
                            + Factor.RESERVED);
                }
            }
            if (names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("sweep '" + name + "': outcomes " + names + " name one twice");
            }
            return new Sweep(this, names, f);
        }
    }
}
