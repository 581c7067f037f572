package org.fedpoison.attack;

import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A client controlled by the adversary. In a round where its {@link Schedule} is active it
 * <ol>
 *   <li>trains honestly ({@code model.train}) on its local data, poisoned once by the optional
 *       {@link DataPoisoning} with seed {@code Seeds.derive(seed, id)};</li>
 *   <li>(or, if its {@link ModelPoisoning} is a {@link ProjectedTraining}, trains with that);</li>
 *   <li>forms {@code delta = w_trained - w_global} and hands it to the optional
 *       {@link ModelPoisoning}, which may rewrite it.</li>
 * </ol>
 * It trains with its own {@link TrainConfig} if given, else with the simulation's
 * ({@link RoundContext#train()}); in active rounds with {@code attackTrain} if given (an attacker
 * may train longer or more gently on its poisoned data).
 * In every other round it trains on its clean data and sends that update, exactly as an honest
 * client would. It reports {@code claimedExamples} as its FedAvg weight (default: the clean local
 * size; an attacker may lie to raise its weight).
 *
 * <p>Seeds: the poisoning {@code seed} is the simulation's seed unless set explicitly with
 * {@link Builder#seed(long)}: a simulation takes the client through {@link #forSimulation(long)},
 * which re-poisons the clean data with {@code Seeds.derive(simulationSeed, id)}, so a multi-seed
 * study varies the poisoned examples too. Outside a simulation (e.g. {@link #poisonedData()} on the
 * built client) the seed is {@value #DEFAULT_SEED}, the simulation's default, so the data shown are
 * those a default-seed simulation trains on. The poisoning is computed when first needed and kept.
 * Deterministic: the poisoned data depends only on the seed and the id, the training only on
 * {@code ctx.seed()}.
 *
 * <p>Build with {@link #builder(int, Dataset)}.
 */
public final class MaliciousClient implements Client {
    /** The poisoning seed when none is set and the client is outside a simulation (the simulation's default seed). */
    public static final long DEFAULT_SEED = 42L;

    private final int id;
    private final Dataset clean;
    private final long seed;
    private final boolean seedExplicit;
    private volatile Dataset poisoned; // computed on first need
    private final TrainConfig train;
    private final TrainConfig attackTrain;
    private final DataPoisoning dataPoisoning;
    private final ModelPoisoning modelPoisoning;
    private final Schedule schedule;
    private final long claimedExamples;

    private MaliciousClient(Builder b) {
        this.id = b.id;
        this.clean = b.local;
        this.train = b.train;
        this.attackTrain = b.attackTrain;
        this.dataPoisoning = b.dataPoisoning;
        this.modelPoisoning = b.modelPoisoning;
        this.schedule = b.schedule;
        this.claimedExamples = b.claimedExamples >= 0 ? b.claimedExamples : b.local.size();
        this.seedExplicit = b.seed != null;
        this.seed = b.seed != null ? b.seed : DEFAULT_SEED;
        this.poisoned = b.dataPoisoning == null ? b.local : null;
    }

    private MaliciousClient(MaliciousClient c, long seed) {
        this.id = c.id;
        this.clean = c.clean;
        this.train = c.train;
        this.attackTrain = c.attackTrain;
        this.dataPoisoning = c.dataPoisoning;
        this.modelPoisoning = c.modelPoisoning;
        this.schedule = c.schedule;
        this.claimedExamples = c.claimedExamples;
        this.seedExplicit = false;
        this.seed = seed;
        this.poisoned = c.dataPoisoning == null ? c.clean : null;
    }

    /**
     * This client as it takes part in a simulation with seed {@code simulationSeed}: itself when its
     * seed was set explicitly or already equals it, otherwise a copy poisoning its clean data with
     * {@code Seeds.derive(simulationSeed, id)}. The poisoning runs here, so its errors surface when
     * the simulation is built.
     */
    @Override
    public MaliciousClient forSimulation(long simulationSeed) {
        MaliciousClient c = seedExplicit || simulationSeed == seed ? this : new MaliciousClient(this, simulationSeed);
        c.poisonedData();
        return c;
    }

    /**
     * Refuses a schedule that is never active in rounds {@code 0 .. rounds - 1}: the attack would
     * silently never happen (rounds count from 0, so {@code Schedule.oneShot(20)} needs {@code rounds(21)}).
     */
    @Override
    public void checkRounds(int rounds) {
        if (schedule.activeRounds(rounds).length == 0) {
            throw new IllegalArgumentException("client " + id + ": its schedule (first active round " + schedule.start()
                    + ") is never active in the simulation's rounds 0 to " + (rounds - 1) + " (rounds count from 0);"
                    + " use rounds(" + (schedule.start() + 1) + ") or more, or a schedule that starts before round "
                    + rounds);
        }
    }

    /** The seed the data poisoning derives from ({@link Builder#seed(long)}, or the simulation's). */
    public long seed() {
        return seed;
    }

    /** A builder for client {@code id} holding {@code local} as its clean data. */
    public static Builder builder(int id, Dataset local) {
        return new Builder(id, local);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public long numExamples() {
        return claimedExamples;
    }

    @Override
    public boolean observesPeers() {
        return modelPoisoning != null && modelPoisoning.needsPeers();
    }

    @Override
    public boolean isMalicious() {
        return true;
    }

    /** Whether the client must take part in {@code round} regardless of sampling (fixed attacker pool, active round). */
    public boolean forcedParticipation(int round) {
        return schedule.participation() == Schedule.Participation.FIXED_POOL && schedule.isActive(round);
    }

    /** {@link #forcedParticipation(int)}: a fixed-pool attacker is in every active round. */
    @Override
    public boolean alwaysParticipates(int round) {
        return forcedParticipation(round);
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The clean local data. */
    public Dataset cleanData() {
        return clean;
    }

    /**
     * The local data it trains on when active (the clean data if there is no data poisoning),
     * poisoned with {@code Seeds.derive(seed(), id)} on first call.
     */
    public Dataset poisonedData() {
        Dataset p = poisoned;
        if (p == null) {
            synchronized (this) {
                p = poisoned;
                if (p == null) {
                    try {
                        p = dataPoisoning.poison(clean, id, Seeds.derive(seed, id));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("client " + id + ": data poisoning " + dataPoisoning.name()
                                + ": " + e.getMessage(), e);
                    }
                    if (p == null) {
                        throw new IllegalStateException("client " + id + ": data poisoning " + dataPoisoning.name()
                                + " returned null");
                    }
                    poisoned = p;
                }
            }
        }
        return p;
    }

    public DataPoisoning dataPoisoning() {
        return dataPoisoning;
    }

    public ModelPoisoning modelPoisoning() {
        return modelPoisoning;
    }

    @Override
    public ClientUpdate update(RoundContext ctx) {
        boolean active = schedule.isActive(ctx.round());
        Dataset data = active ? poisonedData() : clean;
        INDArray global = ctx.global();
        TrainConfig honestCfg = train != null ? train : ctx.train();
        TrainConfig cfg = active && attackTrain != null ? attackTrain : honestCfg;
        INDArray trained = active && modelPoisoning instanceof ProjectedTraining pt
                ? pt.train(ctx, clean, poisonedData(), cfg)
                : ctx.model().train(global, data, cfg, ctx.seed());
        ClientUpdate honest = ClientUpdate.fromParams(id, trained, global, claimedExamples);
        if (active && modelPoisoning != null) {
            return modelPoisoning.poison(honest, ctx);
        }
        return honest;
    }

    @Override
    public String toString() {
        return "MaliciousClient[" + id + ", " + (dataPoisoning == null ? "" : dataPoisoning.name() + ", ")
                + (modelPoisoning == null ? "" : modelPoisoning.name() + ", ") + schedule + "]";
    }

    /** Settings of a {@link MaliciousClient}. */
    public static final class Builder {
        private final int id;
        private final Dataset local;
        private TrainConfig train;
        private TrainConfig attackTrain;
        private DataPoisoning dataPoisoning;
        private ModelPoisoning modelPoisoning;
        private Schedule schedule = Schedule.always();
        private Long seed;
        private long claimedExamples = -1;

        private Builder(int id, Dataset local) {
            if (local == null || local.size() == 0) {
                throw new IllegalArgumentException("client " + id + ": local data must hold at least one example");
            }
            this.id = id;
            this.local = local;
        }

        /** Local training settings (default: the simulation's, {@link RoundContext#train()}). */
        public Builder train(TrainConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("client " + id + ": train config must not be null");
            }
            this.train = config;
            return this;
        }

        /** Local training settings in active rounds only (default: the same as in honest rounds). */
        public Builder attackTrain(TrainConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("client " + id + ": attackTrain config must not be null");
            }
            this.attackTrain = config;
            return this;
        }

        /** Poisons the local data (applied once, at build time). */
        public Builder dataPoisoning(DataPoisoning p) {
            this.dataPoisoning = p;
            return this;
        }

        /** Rewrites the update in active rounds. */
        public Builder modelPoisoning(ModelPoisoning p) {
            this.modelPoisoning = p;
            return this;
        }

        /** When the attack is active (default: always). */
        public Builder schedule(Schedule s) {
            if (s == null) {
                throw new IllegalArgumentException("client " + id + ": schedule must not be null");
            }
            this.schedule = s;
            return this;
        }

        /**
         * Seed of the data poisoning, fixed whatever the simulation's seed (default: the simulation's
         * seed, {@value MaliciousClient#DEFAULT_SEED} outside one); the client's seed is
         * {@code Seeds.derive(seed, id)}.
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The example count reported to the server (default: the clean local size). */
        public Builder claimedExamples(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("client " + id + ": claimedExamples is " + n + ", must be >= 0");
            }
            this.claimedExamples = n;
            return this;
        }

        public MaliciousClient build() {
            return new MaliciousClient(this);
        }
    }
}
