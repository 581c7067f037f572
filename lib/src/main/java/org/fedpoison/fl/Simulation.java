package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Evaluation;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.NativeThreads;
import org.fedpoison.util.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A federated training run (FedAvg's protocol, McMahan et al., 2017), built with
 * {@link #builder()} and executed by {@link #run()}, which returns an immutable {@link History}.
 *
 * <p>Each round {@code t = 0, 1, ...}:
 * <ol>
 *   <li>the server samples {@code m} of the {@code K} clients (all by default; otherwise a uniform
 *       sample without replacement drawn from {@code Seeds.derive(seed, t, -1)}); a client whose
 *       {@link Client#alwaysParticipates(int) alwaysParticipates(t)} is true is always included and
 *       the other {@code m - f} are drawn from the rest ({@code f} such clients; when {@code f >= m}
 *       the round has exactly those {@code f});</li>
 *   <li>the sampled clients that do not observe peers compute their updates in parallel on
 *       {@code threads} threads, client {@code i} with seed {@code Seeds.derive(seed, t, i)};</li>
 *   <li>then the clients that {@link Client#observesPeers() observe peers} compute theirs, given the
 *       others' updates in client-id order;</li>
 *   <li>each update's dimension is checked ({@link IllegalArgumentException} naming the client);
 *       an update holding NaN or infinity is dropped and recorded ({@code dropNonFinite(true)},
 *       the default) or kept, as naive FedAvg would ({@code dropNonFinite(false)});</li>
 *   <li>the {@link Aggregator} combines the accepted updates in client-id order and
 *       {@code w <- w + aggregate}; if the aggregate or the new {@code w} holds NaN or infinity
 *       (huge finite updates can overflow float32), the previous {@code w} is kept and the round's
 *       {@link RoundRecord#rejection() rejection} says so, naming the aggregator, unless
 *       {@code dropNonFinite(false)}, where the non-finite model is kept as naive FedAvg would;</li>
 *   <li>the global model is evaluated on the test set and every {@link Metric} is measured.</li>
 * </ol>
 * Same settings and seed give the same history bit for bit, whatever the number of threads and
 * whatever {@code OMP_NUM_THREADS} says: every client computes on one thread from its own seed,
 * OpenBLAS is set to one thread ({@link NativeThreads}), and everything else runs in a fixed order.
 *
 * <p>Defaults: aggregator {@link FedAvg#sampleWeighted()}, 10 rounds, all clients every round,
 * {@link TrainConfig#defaults()}, seed 42, threads = available processors, non-finite updates
 * dropped, initial parameters {@code model.init(seed)}, per-round parameters not kept.
 */
public final class Simulation {
    /** The default seed. */
    public static final long DEFAULT_SEED = 42L;

    static {
        NativeThreads.pin(); // OpenBLAS on one thread whatever OMP_NUM_THREADS says
    }

    private final Model model;
    private final List<Client> clients;
    private final Dataset test;
    private final Aggregator aggregator;
    private final int rounds;
    private final int perRound;
    private final TrainConfig train;
    private final long seed;
    private final int threads;
    private final List<Metric> metrics;
    private final boolean dropNonFinite;
    private final INDArray initialParams;
    private final Consumer<RoundRecord> onRound;
    private final boolean keepParams;

    private Simulation(Builder b, int perRound, INDArray init) {
        this.model = b.model;
        List<Client> sorted = new ArrayList<>(b.clients.size());
        for (Client c : b.clients) {
            sorted.add(forSimulation(c, b.seed));
        }
        sorted.sort(Comparator.comparingInt(Client::id));
        this.clients = List.copyOf(sorted);
        this.test = b.test;
        this.aggregator = b.aggregator;
        this.rounds = b.rounds;
        this.perRound = perRound;
        this.train = b.train;
        this.seed = b.seed;
        this.threads = b.threads;
        this.metrics = List.copyOf(b.metrics);
        this.dropNonFinite = b.dropNonFinite;
        this.initialParams = init;
        this.onRound = b.onRound;
        this.keepParams = b.keepParams;
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

    /** The clients, in id order. */
    public List<Client> clients() {
        return clients;
    }

    /** Clients sampled per round. */
    public int clientsPerRound() {
        return perRound;
    }

    /** A one-line description (model, aggregator, clients, seed). */
    public String description() {
        long bad = clients.stream().filter(Client::isMalicious).count();
        return model.name() + ", " + aggregator.name() + ", " + clients.size() + " clients"
                + (bad > 0 ? " (" + bad + " malicious)" : "") + (perRound < clients.size() ? ", " + perRound + " per round" : "")
                + ", seed " + seed;
    }

    /**
     * Runs every round and returns the history. The rounds aggregate with
     * {@link Aggregator#forSimulation() aggregator.forSimulation()} (a fresh instance for a stateful rule
     * such as FoolsGold, so one rule object can serve concurrent simulations), {@link Aggregator#reset()
     * reset} first.
     */
    public History run() {
        Aggregator rule = aggregator.forSimulation();
        if (rule == null) {
            throw new IllegalStateException("aggregator " + aggregator.name() + ": forSimulation() returned null");
        }
        rule.reset();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fedpoison-client-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            INDArray global = initialParams;
            List<RoundRecord> records = new ArrayList<>(rounds);
            double[] seconds = new double[rounds];
            for (int t = 0; t < rounds; t++) {
                long t0 = System.nanoTime();
                RoundResult rr = trainAndAggregate(pool, rule, global, t);
                seconds[t] = (System.nanoTime() - t0) / 1e9;
                global = rr.global;
                List<ClientRecord> clientRecords = ClientStatistics.of(rr.sampled, rr.updates, rr.isDropped, rr.accepted,
                        model.numParams());
                HonestClient.release(rr.sampled, rr.updates);
                Evaluation ev = model.evaluate(global, test);
                Map<String, Double> measured = new LinkedHashMap<>();
                for (Metric m : metrics) {
                    measured.put(m.name(), m.measure(model, global));
                }
                RoundRecord rec = new RoundRecord(t, ev.accuracy(), ev.loss(), ev.perClassAccuracy(), measured,
                        clientRecords, rr.dropped, keepParams ? global.dup() : null, rr.rejection);
                records.add(rec);
                if (onRound != null) {
                    onRound.accept(rec);
                }
            }
            return new History(description(), records, initialParams, global, seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private record RoundResult(INDArray global, List<Client> sampled, ClientUpdate[] updates, boolean[] isDropped,
                               List<ClientUpdate> accepted, List<Integer> dropped, String rejection) {}

    /**
     * The clients sampled in round {@code t}, in id order: every client that
     * {@link Client#alwaysParticipates(int) always participates} in {@code t}, and a uniform sample of
     * the others to make {@code perRound} (with none forced, exactly the plain uniform sample).
     */
    List<Client> sample(int t) {
        int n = clients.size();
        if (perRound >= n) {
            return clients;
        }
        int[] forced = new int[n];
        int[] idx = new int[n];
        int nForced = 0;
        int free = 0;
        for (int i = 0; i < n; i++) {
            if (clients.get(i).alwaysParticipates(t)) {
                forced[nForced++] = i;
            } else {
                idx[free++] = i;
            }
        }
        int draw = Math.max(0, perRound - nForced);
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, t, -1));
        for (int i = 0; i < draw; i++) {
            int j = i + rng.nextInt(free - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        int[] chosen = new int[nForced + draw];
        System.arraycopy(forced, 0, chosen, 0, nForced);
        System.arraycopy(idx, 0, chosen, nForced, draw);
        Arrays.sort(chosen);
        List<Client> out = new ArrayList<>(chosen.length);
        for (int i : chosen) {
            out.add(clients.get(i));
        }
        return out;
    }

    private RoundResult trainAndAggregate(ExecutorService pool, Aggregator rule, INDArray global, int t) {
        List<Client> sampled = sample(t);
        int m = sampled.size();
        ClientUpdate[] updates = new ClientUpdate[m];
        List<Integer> plain = new ArrayList<>();
        List<Integer> observers = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            (sampled.get(i).observesPeers() ? observers : plain).add(i);
        }
        runClients(pool, sampled, plain, updates, global, t, List.of());
        if (!observers.isEmpty()) {
            List<ClientUpdate> peers = new ArrayList<>();
            for (int i : plain) {
                peers.add(updates[i]);
            }
            runClients(pool, sampled, observers, updates, global, t, peers);
        }
        // checks, in client-id order
        List<ClientUpdate> accepted = new ArrayList<>(m);
        List<Integer> dropped = new ArrayList<>();
        boolean[] isDropped = new boolean[m];
        for (int i = 0; i < m; i++) {
            Client c = sampled.get(i);
            ClientUpdate u = updates[i];
            if (u == null) {
                throw new IllegalArgumentException("client " + c.id() + " returned no update (null) in round " + t);
            }
            if (u.delta().length() != model.numParams()) {
                throw new IllegalArgumentException("client " + c.id() + " sent an update of dimension "
                        + u.delta().length() + " in round " + t + ", the model " + model.name() + " has "
                        + model.numParams() + " parameters");
            }
            if (dropNonFinite && !FlatVectors.isFinite(u.delta())) {
                dropped.add(c.id());
                isDropped[i] = true;
            } else {
                accepted.add(u);
            }
        }
        INDArray next = global;
        String rejection = null;
        if (!accepted.isEmpty()) {
            INDArray agg = rule.aggregate(accepted, AggregationContext.of(t, global));
            if (agg.length() != model.numParams()) {
                throw new IllegalStateException("aggregator " + rule.name() + " returned " + agg.length()
                        + " values, the model has " + model.numParams() + " parameters");
            }
            if (agg.dataType() != DataType.FLOAT) {
                agg = agg.castTo(DataType.FLOAT);
            }
            INDArray candidate = global.add(agg.reshape(global.shape()));
            if (dropNonFinite && !FlatVectors.isFinite(candidate)) {
                // the guard of the global model: an aggregate of finite updates can still overflow
                rejection = "aggregate of " + rule.name() + " rejected in round " + t + ": "
                        + (FlatVectors.isFinite(agg) ? "adding it to the global model overflows float32"
                                : "it holds NaN or infinity")
                        + "; the previous global model is kept";
            } else {
                next = candidate;
            }
        }
        return new RoundResult(next, sampled, updates, isDropped, accepted, dropped, rejection);
    }

    private void runClients(ExecutorService pool, List<Client> sampled, List<Integer> which, ClientUpdate[] out,
                            INDArray global, int t, List<ClientUpdate> peers) {
        int m = sampled.size();
        List<Future<ClientUpdate>> futures = new ArrayList<>(which.size());
        for (int i : which) {
            Client c = sampled.get(i);
            RoundContext ctx = new RoundContext(t, global, model, Seeds.derive(seed, t, c.id()), m, peers, train);
            futures.add(pool.submit(() -> c.update(ctx)));
        }
        for (int j = 0; j < which.size(); j++) {
            int i = which.get(j);
            try {
                out[i] = futures.get(j).get();
            } catch (ExecutionException e) {
                for (Future<ClientUpdate> f : futures) {
                    f.cancel(true);
                }
                Throwable cause = e.getCause();
                String msg = "client " + sampled.get(i).id() + " failed in round " + t + ": " + cause.getMessage();
                if (cause instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException(msg, cause);
                }
                throw new IllegalStateException(msg, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (Future<ClientUpdate> f : futures) {
                    f.cancel(true);
                }
                throw new IllegalStateException("interrupted in round " + t, e);
            }
        }
    }

    /** Collects and validates the settings of a {@link Simulation}. Setters return the builder. */
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

        /** Number of rounds, at least 1 (default 10). */
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

        /** Threads on which clients train, at least 1 (default: available processors); results do not depend on it. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Adds a per-round measurement (repeatable; names must be unique). */
        public Builder metric(Metric metric) {
            this.metrics.add(metric);
            return this;
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

        /**
         * Validates every setting and builds the simulation.
         *
         * @throws IllegalArgumentException naming the first invalid setting, its value and what is allowed
         */
        public Simulation build() {
            if (model == null) {
                throw new IllegalArgumentException("model is not set; call .model(Mlp.of(...)) or .model(SoftmaxRegression.of(...))");
            }
            if (clients == null || clients.isEmpty()) {
                throw new IllegalArgumentException("clients is " + (clients == null ? "not set" : "empty")
                        + ", needs at least 1 client");
            }
            Set<Integer> ids = new HashSet<>();
            for (Client c : clients) {
                if (c == null) {
                    throw new IllegalArgumentException("clients contains null");
                }
                if (!ids.add(c.id())) {
                    throw new IllegalArgumentException("client id " + c.id() + " appears twice; ids must be unique");
                }
            }
            if (test == null) {
                throw new IllegalArgumentException("test is not set; call .test(dataset)");
            }
            if (test.size() == 0) {
                throw new IllegalArgumentException("test has 0 examples, must have at least 1 (accuracy and loss of an"
                        + " empty test set are undefined)");
            }
            FiniteChecks.requireFiniteFeatures("test", test);
            if (test.dim() != model.inputDim()) {
                throw new IllegalArgumentException("test has " + test.dim() + " features per example, the model "
                        + model.name() + " expects " + model.inputDim());
            }
            if (aggregator == null) {
                throw new IllegalArgumentException("aggregator is null, must be an Aggregator such as FedAvg.sampleWeighted()");
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds is " + rounds + ", must be >= 1");
            }
            int k = clients.size();
            int perRound = k;
            if (clientsPerRound != null) {
                if (clientsPerRound < 1 || clientsPerRound > k) {
                    throw new IllegalArgumentException("clientsPerRound is " + clientsPerRound + ", must be in [1, " + k
                            + "] (the number of clients)");
                }
                perRound = clientsPerRound;
            }
            if (fraction != null) {
                if (!(fraction > 0 && fraction <= 1)) {
                    throw new IllegalArgumentException("fraction is " + fraction + ", must be in (0, 1]");
                }
                perRound = (int) Math.max(1, Math.round(fraction * k));
            }
            int needed = aggregator.minUpdates();
            if (perRound < needed) {
                throw new IllegalArgumentException("aggregator " + aggregator.name() + " needs at least " + needed
                        + " updates per round (Aggregator.minUpdates()), but clientsPerRound is " + perRound
                        + (fraction != null ? " (fraction " + fraction + " of " + k + " clients)" : "")
                        + "; sample at least " + needed + " clients per round, or tolerate fewer attackers");
            }
            for (Client c : clients) {
                c.checkRounds(rounds);
            }
            if (train == null) {
                throw new IllegalArgumentException("train is null, must be a TrainConfig such as TrainConfig.defaults()");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads is " + threads + ", must be >= 1");
            }
            Set<String> names = new HashSet<>();
            for (Metric m : metrics) {
                if (m == null) {
                    throw new IllegalArgumentException("metric is null");
                }
                if (!names.add(m.name())) {
                    throw new IllegalArgumentException("metric name '" + m.name() + "' is used twice; names must be unique");
                }
            }
            INDArray init;
            if (initialParams != null) {
                if (initialParams.length() != model.numParams()) {
                    throw new IllegalArgumentException("initialParams has " + initialParams.length() + " entries, the model "
                            + model.name() + " has " + model.numParams() + " parameters");
                }
                init = initialParams.castTo(DataType.FLOAT).dup('c').reshape(model.numParams());
                checkFinite(initialParams, init);
                double loss = model.evaluate(init, test).loss();
                if (!Double.isFinite(loss)) {
                    throw new IllegalArgumentException("initialParams give the model " + model.name() + " a test loss of "
                            + loss + " (largest |value| " + maxAbs(init) + "); must give a finite loss, use values of"
                            + " moderate size");
                }
            } else {
                init = model.init(seed).reshape(model.numParams());
            }
            return new Simulation(this, perRound, init);
        }

        /** Rejects the first non-finite entry of the given parameters or of their float32 copy. */
        private static void checkFinite(INDArray given, INDArray asFloat) {
            double[] v = given.dup('c').ravel().castTo(DataType.DOUBLE).toDoubleVector();
            float[] f = FlatVectors.toArray(asFloat);
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException("initialParams[" + i + "] is " + v[i]
                            + ", every entry must be finite (no NaN or infinity)");
                }
                if (!Float.isFinite(f[i])) {
                    throw new IllegalArgumentException("initialParams[" + i + "] is " + v[i] + ", which overflows float32;"
                            + " every entry must be finite with |value| <= " + Float.MAX_VALUE);
                }
            }
        }

        private static double maxAbs(INDArray a) {
            double m = 0;
            for (float x : FlatVectors.toArray(a)) {
                m = Math.max(m, Math.abs(x));
            }
            return m;
        }
    }
}
