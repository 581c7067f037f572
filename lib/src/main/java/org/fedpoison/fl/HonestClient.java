package org.fedpoison.fl;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.VectorPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A client that follows the protocol: it trains the global model on its local data with minibatch
 * SGD and sends {@code delta = model.train(global, local, cfg, ctx.seed()) - global} with its true
 * example count.
 *
 * <p>With a {@code null} training configuration it uses the simulation's
 * ({@link RoundContext#train()}, set by {@code Simulation.Builder#train}).
 */
public final class HonestClient implements Client {
    private final int id;
    private final Dataset local;
    private final TrainConfig cfg;

    /**
     * @param id    the client id, unique within a simulation
     * @param local the client's local data (at least one example, every feature finite)
     * @param cfg   local training settings, or null to use the simulation's
     */
    public static HonestClient of(int id, Dataset local, TrainConfig cfg) {
        return new HonestClient(id, local, cfg);
    }

    private HonestClient(int id, Dataset local, TrainConfig cfg) {
        if (local == null) {
            throw new IllegalArgumentException("client " + id + ": local data must not be null");
        }
        if (local.size() < 1) {
            throw new IllegalArgumentException("client " + id + ": local data is empty, needs at least 1 example");
        }
        FiniteChecks.requireFiniteFeatures("client " + id + ": local data", local);
        this.id = id;
        this.local = local;
        this.cfg = cfg;
    }

    /** An honest client that trains with the simulation's settings. */
    public static HonestClient of(int id, Dataset local) {
        return new HonestClient(id, local);
    }

    private HonestClient(int id, Dataset local) {
        this(id, local, null);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public long numExamples() {
        return local.size();
    }

    /** The local data. */
    public Dataset data() {
        return local;
    }

    /** The local training settings, or null if the simulation's are used. */
    public TrainConfig config() {
        return cfg;
    }

    @Override
    public ClientUpdate update(RoundContext ctx) {
        TrainConfig use = cfg != null ? cfg : ctx.train();
        // trained - global without a second array (which would wait for the collector to free its
        // memory), in one pass where the model can (Model.trainDelta)
        return new ClientUpdate(id, ctx.model().trainDelta(ctx.global(), local, use, ctx.seed()), local.size());
    }

    /**
     * Frees or recycles, at the end of a round, the native memory of the deltas that honest clients
     * sent in it ({@code updates[i]} from {@code sampled.get(i)}): nothing refers to them once the
     * round is aggregated and recorded, and ND4J would otherwise keep their memory until a garbage
     * collection happens to find them (hundreds of MB per round at 1,000 clients). Each goes back to
     * {@code pool} for the next round's training when the pool can reuse it, and is closed
     * otherwise. So a rule or an attacker that keeps a delta beyond its round must copy it
     * ({@code dup()}), as FoolsGold does: the memory of an honest delta is another client's delta in
     * the next round.
     *
     * @param pool where reusable deltas go, or null to close them all
     */
    static void release(List<Client> sampled, ClientUpdate[] updates, VectorPool pool) {
        // one array sent twice (by two clients) is freed or recycled once
        Set<INDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < updates.length; i++) {
            if (sampled.get(i) instanceof HonestClient && updates[i] != null) {
                INDArray d = updates[i].delta();
                if (d.closeable() && !d.wasClosed() && seen.add(d) && (pool == null || !pool.give(d))) {
                    d.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "HonestClient[id=" + id + ", n=" + local.size() + "]";
    }
}
