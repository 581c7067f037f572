package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Evaluation;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundNotAggregatable;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.NativeThreads;
import org.fedpoison.util.Parallel;
import org.fedpoison.util.VectorPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A federated training run (FedAvg's protocol, McMahan et al., 2017), built with
 * {@link #builder()} and executed by {@link #run()}, which returns an immutable {@link History}.
 *
 * <p>Each round {@code t = 0, 1, ...}:
 * <ol>
 *   <li>the server samples {@code m} of the {@code K} clients ({@link ClientSampler}: all by
 *       default; otherwise a uniform sample without replacement drawn from
 *       {@code Seeds.derive(seed, t, -1)}, always including the clients whose
 *       {@link Client#alwaysParticipates(int) alwaysParticipates(t)} is true);</li>
 *   <li>the sampled clients that do not observe peers compute their updates in parallel on
 *       {@code threads} threads ({@link Parallel}), client {@code i} with seed
 *       {@code Seeds.derive(seed, t, i)};</li>
 *   <li>then the clients that {@link Client#observesPeers() observe peers} compute theirs, given the
 *       others' updates in client-id order;</li>
 *   <li>the server checks each update ({@link UpdateGuard}): present, carrying its client's id, of
 *       the model's dimension ({@link IllegalArgumentException} naming the client and the round); an
 *       update holding NaN or infinity is dropped and recorded ({@code dropNonFinite(true)}, the
 *       default) or kept, as naive FedAvg would ({@code dropNonFinite(false)});</li>
 *   <li>the {@link Aggregator} combines the accepted updates in client-id order, on the same
 *       threads, and {@code w <- w + aggregate};</li>
 *   <li>the global model is evaluated on the test set and every {@link Metric} is measured.</li>
 * </ol>
 *
 * <p>A round that cannot be aggregated is recorded with a typed {@link RoundRejection} and keeps
 * the global model it had: every update dropped, fewer left than the rule's
 * {@link Aggregator#minUpdates()}, the rule throwing {@link RoundNotAggregatable}, or (unless
 * {@code dropNonFinite(false)}) an aggregate holding NaN or infinity or overflowing the global
 * model. By the {@link RoundPolicy} the run then goes on ({@link RoundPolicy#SKIP_ROUND}, the
 * default) or ends there ({@link RoundPolicy#STOP}); either way {@link #run()} returns the history.
 * Errors in user code — a client, the aggregator, a metric or the {@code onRound} callback that
 * throws, an aggregator that returns null or the wrong size — end the run with an exception whose
 * message names the component and the round.
 *
 * <p>Same settings and seed give the same history bit for bit, whatever the number of threads and
 * whatever {@code OMP_NUM_THREADS} says: every client computes on one thread from its own seed,
 * OpenBLAS is set to one thread ({@link NativeThreads}), and everything else runs in a fixed order.
 *
 * <p>Defaults: aggregator {@link FedAvg#sampleWeighted()}, 10 rounds, all clients every round,
 * {@link TrainConfig#defaults()}, seed 42, threads = available processors, non-finite updates
 * dropped, initial parameters {@code model.init(seed)}, per-round parameters not kept,
 * {@link RoundPolicy#SKIP_ROUND}.
 */
public final class Simulation {
    /** The default seed. */
    public static final long DEFAULT_SEED = 42L;

    static {
        NativeThreads.pin(); // OpenBLAS on one thread whatever OMP_NUM_THREADS says
    }

    private final SimulationSettings settings;
    private final Model model;
    private final List<Client> clients;
    private final ClientSampler sampler;
    private final UpdateGuard guard;

    /** A simulation of validated settings (the builder makes them). */
    public Simulation(SimulationSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings is null, must be SimulationSettings (see Simulation.builder())");
        }
        this.settings = settings;
        this.model = settings.model();
        List<Client> sorted = new ArrayList<>(settings.clients().size());
        for (Client c : settings.clients()) {
            sorted.add(forSimulation(c, settings.seed()));
        }
        sorted.sort(Comparator.comparingInt(Client::id));
        this.clients = List.copyOf(sorted);
        this.sampler = new ClientSampler(clients, settings.perRound(), settings.seed());
        this.guard = new UpdateGuard(model.numParams(), model.name(), settings.dropNonFinite());
    }

    /** The client as it takes part in a simulation with this seed ({@link Client#forSimulation(long)}); its id must not change. */
    private static Client forSimulation(Client c, long seed) {
        Client bound = c.forSimulation(seed);
        if (bound == null || bound.id() != c.id()) {
            throw new IllegalStateException("client " + c.id() + ": forSimulation(" + seed + ") returned "
                    + (bound == null ? "null" : "a client with id " + bound.id()) + ", must return a client with id " + c.id());
        }
        return bound;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The validated settings. */
    public SimulationSettings settings() {
        return settings;
    }

    /** The clients, in id order. */
    public List<Client> clients() {
        return clients;
    }

    /** Clients sampled per round. */
    public int clientsPerRound() {
        return settings.perRound();
    }

    /** A one-line description (model, aggregator, clients, seed). */
    public String description() {
        long bad = clients.stream().filter(Client::isMalicious).count();
        int perRound = settings.perRound();
        return model.name() + ", " + settings.aggregator().name() + ", " + clients.size() + " clients"
                + (bad > 0 ? " (" + bad + " malicious)" : "") + (perRound < clients.size() ? ", " + perRound + " per round" : "")
                + ", seed " + settings.seed();
    }

    /**
     * Runs the rounds and returns the history: every round, or up to the first round that cannot be
     * aggregated under {@link RoundPolicy#STOP}. The rounds aggregate with
     * {@link Aggregator#forSimulation() aggregator.forSimulation()} (a fresh instance for a stateful rule
     * such as FoolsGold, so one rule object can serve concurrent simulations), {@link Aggregator#reset()
     * reset} first.
     */
    public History run() {
        Aggregator configured = settings.aggregator();
        Aggregator rule = configured.forSimulation();
        if (rule == null) {
            throw new IllegalStateException("aggregator " + configured.name() + ": forSimulation() returned null");
        }
        rule.reset();
        int rounds = settings.rounds();
        try (Parallel pool = Parallel.of(settings.threads()); VectorPool deltas = new VectorPool(model.numParams())) {
            ServerRound round = new ServerRound(settings, model, sampler, guard, pool, rule, deltas);
            INDArray global = settings.initialParams();
            List<RoundRecord> records = new ArrayList<>(rounds);
            double[] seconds = new double[rounds];
            boolean stopped = false;
            for (int t = 0; t < rounds && !stopped; t++) {
                long t0 = System.nanoTime();
                ServerRound.Result rr = round.play(t, global);
                seconds[t] = (System.nanoTime() - t0) / 1e9;
                global = rr.global();
                List<ClientRecord> clientRecords = Parallel.with(pool, () -> ClientStatistics.of(rr.sampled(), rr.updates(),
                        rr.screened().isDropped(), rr.screened().accepted(), model.numParams()));
                HonestClient.release(rr.sampled(), rr.updates(), deltas);
                RoundRecord rec = record(t, global, clientRecords, rr);
                records.add(rec);
                Consumer<RoundRecord> onRound = settings.onRound();
                if (onRound != null) {
                    try {
                        onRound.accept(rec);
                    } catch (RuntimeException e) {
                        throw rethrown("the onRound callback failed in round " + t + ": " + e.getMessage(), e);
                    }
                }
                stopped = rr.rejection() != null && settings.roundPolicy() == RoundPolicy.STOP;
            }
            return new History(description(), records, settings.initialParams(), global,
                    Arrays.copyOf(seconds, records.size()), stopped);
        }
    }

    private RoundRecord record(int t, INDArray global, List<ClientRecord> clientRecords, ServerRound.Result rr) {
        Evaluation ev = model.evaluate(global, settings.test());
        Map<String, Double> measured = new LinkedHashMap<>();
        for (Metric m : settings.metrics()) {
            try {
                measured.put(m.name(), m.measure(model, global));
            } catch (RuntimeException e) {
                throw rethrown("metric '" + m.name() + "' failed in round " + t + ": " + e.getMessage(), e);
            }
        }
        return new RoundRecord(t, ev.accuracy(), ev.loss(), ev.perClassAccuracy(), measured, clientRecords,
                rr.screened().dropped(), settings.keepParams() ? global.dup() : null, rr.rejection());
    }

    /** The same kind of exception (argument or state) with a message naming the component and the round. */
    static RuntimeException rethrown(String message, Throwable cause) {
        return cause instanceof IllegalArgumentException ? new IllegalArgumentException(message, cause)
                : new IllegalStateException(message, cause);
    }

    /** Collects the settings of a {@link Simulation}; {@link #build()} validates them. Setters return the builder. */
    public static final class Builder {
        private Model model;
        private List<? extends Client> clients;
        private Dataset test;
        private Aggregator aggregator = FedAvg.sampleWeighted();
        private int rounds = 10;
        private Integer clientsPerRound;
        private Double fraction;
        private TrainConfig train = TrainConfig.defaults();
        private long seed = DEFAULT_SEED;
        private int threads = Runtime.getRuntime().availableProcessors();
        private final List<Metric> metrics = new ArrayList<>();
        private boolean dropNonFinite = true;
        private INDArray initialParams;
        private Consumer<RoundRecord> onRound;
        private boolean keepParams;
        private RoundPolicy roundPolicy = RoundPolicy.SKIP_ROUND;

        private Builder() {}

        /** The model architecture (required). */
        public Builder model(Model model) {
            this.model = model;
            return this;
        }

        /** The participants, honest and malicious; ids must be unique (required, at least one). */
        public Builder clients(List<? extends Client> clients) {
            this.clients = clients;
            return this;
        }

        /** The test set, evaluated after every round (required, at least 1 example). */
        public Builder test(Dataset test) {
            this.test = test;
            return this;
        }

        /** The aggregation rule (default {@link FedAvg#sampleWeighted()}). */
        public Builder aggregator(Aggregator aggregator) {
            this.aggregator = aggregator;
            return this;
        }

        /** Number of rounds, at least 1 (default 10); rounds are numbered from 0, so the last is {@code rounds - 1}. */
        public Builder rounds(int rounds) {
            this.rounds = rounds;
            return this;
        }

        /** Clients sampled per round, in {@code [1, number of clients]} (default: all). */
        public Builder clientsPerRound(int m) {
            this.clientsPerRound = m;
            this.fraction = null;
            return this;
        }

        /** Share {@code C} of the clients sampled per round, in (0, 1]: {@code m = max(1, round(C K))}. */
        public Builder fraction(double c) {
            this.fraction = c;
            this.clientsPerRound = null;
            return this;
        }

        /** Local training settings of honest clients created without their own (default {@link TrainConfig#defaults()}). */
        public Builder train(TrainConfig train) {
            this.train = train;
            return this;
        }

        /**
         * The seed of everything random in the run (default {@value Simulation#DEFAULT_SEED}): the
         * sampling, each client's training, seeded attacks, and the data poisoning of malicious clients
         * built without a seed of their own ({@link Client#forSimulation(long)}).
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Threads on which clients train and the aggregator computes, at least 1 (default: available
         * processors); results do not depend on it.
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Adds a per-round measurement (repeatable; names must be unique). */
        public Builder metric(Metric metric) {
            this.metrics.add(metric);
            return this;
        }

        /** Adds per-round measurements, in order (as {@link #metric} for each; names must be unique). */
        public Builder metrics(List<? extends Metric> metrics) {
            if (metrics == null) {
                throw new IllegalArgumentException("metrics is null, must be a list of metrics (may be empty)");
            }
            this.metrics.addAll(metrics);
            return this;
        }

        /** Adds per-round measurements, in order (as {@link #metric} for each; names must be unique). */
        public Builder metrics(Metric... metrics) {
            if (metrics == null) {
                throw new IllegalArgumentException("metrics is null, must be metrics (may be none)");
            }
            return metrics(Arrays.asList(metrics));
        }

        /**
         * Whether non-finite values are kept out of the global model (default true): an update holding
         * NaN or infinity is dropped and recorded, and a non-finite aggregate (or new global model) is
         * rejected and recorded, keeping the previous global model. With {@code false} both go through,
         * as naive FedAvg would.
         */
        public Builder dropNonFinite(boolean drop) {
            this.dropNonFinite = drop;
            return this;
        }

        /**
         * What to do with a round that cannot be aggregated (default {@link RoundPolicy#SKIP_ROUND}):
         * it is recorded with its {@link RoundRejection} either way; {@link RoundPolicy#STOP} ends the
         * run there and returns the history so far.
         */
        public Builder roundPolicy(RoundPolicy policy) {
            this.roundPolicy = policy;
            return this;
        }

        /**
         * Starting global parameters (default {@code model.init(seed)}); copied, not modified. At build
         * they must have the model's number of entries, each finite in float32, and give the model a
         * finite test loss (a value such as {@code 3e38} overflows the first matrix product).
         */
        public Builder initialParams(INDArray params) {
            this.initialParams = params;
            return this;
        }

        /** Called after each round with its record (for progress bars); runs on the calling thread. */
        public Builder onRound(Consumer<RoundRecord> callback) {
            this.onRound = callback;
            return this;
        }

        /** Whether each round's global parameters are stored in its record (default false, to save memory). */
        public Builder keepParams(boolean keep) {
            this.keepParams = keep;
            return this;
        }

        /** The settings collected so far, validated ({@link SimulationSettings}). */
        public SimulationSettings settings() {
            @SuppressWarnings("unchecked")
            List<Client> cs = (List<Client>) clients;
            return new SimulationSettings(model, cs, test, aggregator, rounds, clientsPerRound, fraction, train, seed,
                    threads, metrics, dropNonFinite, initialParams, onRound, keepParams, roundPolicy);
        }

        /**
         * Validates every setting and builds the simulation.
         *
         * @throws IllegalArgumentException naming the first invalid setting, its value and what is allowed
         */
        public Simulation build() {
            return new Simulation(settings());
        }
    }
}
