package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.aggregate.FedAvgStream;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.RoundNotAggregatable;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.model.Mlp;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Parallel;
import org.fedpoison.util.Seeds;
import org.fedpoison.util.VectorPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One round on the server's side, as {@link Simulation} plays it: sample the clients
 * ({@link ClientSampler}), let them compute their updates on the simulation's threads (those that
 * observe peers after the others), screen the updates ({@link UpdateGuard}), aggregate the accepted
 * ones on the same threads, and apply the aggregate — or say, as a {@link RoundRejection}, why the
 * round cannot be aggregated.
 *
 * <p>A round of plain {@link FedAvg} whose sampled clients are all {@link HonestClient}s is
 * aggregated while the clients train ({@link FedAvgStream}): each update is added to the sum as
 * soon as those before it in client order are, while it is still in the cache, which gives the
 * same bits as aggregating the held updates afterwards. The updates are still held (the round's
 * {@link ClientStatistics} need them); a round where one is dropped, or not as expected, is
 * aggregated from them as any other rule's.
 */
final class ServerRound {
    private final SimulationSettings settings;
    private final Model model;
    private final ClientSampler sampler;
    private final UpdateGuard guard;
    private final Parallel pool;
    private final Aggregator rule;
    private final VectorPool deltas;

    /** Rounds whose aggregate came from a {@link FedAvgStream}, in this JVM (the tests look). */
    static final java.util.concurrent.atomic.AtomicLong STREAMED_ROUNDS = new java.util.concurrent.atomic.AtomicLong();

    /** @param deltas the pool the clients' training results are taken from ({@link VectorPool#take}), or null */
    ServerRound(SimulationSettings settings, Model model, ClientSampler sampler, UpdateGuard guard, Parallel pool,
                Aggregator rule, VectorPool deltas) {
        this.deltas = deltas;
        this.settings = settings;
        this.model = model;
        this.sampler = sampler;
        this.guard = guard;
        this.pool = pool;
        this.rule = rule;
    }

    /**
     * What a round produced.
     *
     * @param global    the global model after the round (the one before it when rejected)
     * @param sampled   the sampled clients, in id order
     * @param updates   their updates, same order
     * @param screened  what the guard accepted and dropped
     * @param rejection why the aggregate was not applied, or null
     */
    record Result(INDArray global, List<Client> sampled, ClientUpdate[] updates, UpdateGuard.Screened screened,
                  RoundRejection rejection) {}

    /** Plays round {@code t} from {@code global}. */
    Result play(int t, INDArray global) {
        List<Client> sampled = sampler.sample(t);
        int m = sampled.size();
        ClientUpdate[] updates = new ClientUpdate[m];
        byte[] scanned = new byte[m];
        List<Integer> plain = new ArrayList<>();
        List<Integer> observers = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            (sampled.get(i).observesPeers() ? observers : plain).add(i);
        }
        FedAvgStream stream = observers.isEmpty() ? streamFor(sampled) : null;
        runClients(sampled, plain, updates, scanned, global, t, List.of(), stream);
        if (!observers.isEmpty()) {
            List<ClientUpdate> peers = new ArrayList<>();
            for (int i : plain) {
                peers.add(updates[i]);
            }
            runClients(sampled, observers, updates, scanned, global, t, peers, null);
        }
        UpdateGuard.Screened screened = guard.screen(t, sampled, updates, scanned);
        INDArray streamed = stream != null && screened.accepted().size() == m ? stream.result() : null;
        if (streamed != null) {
            STREAMED_ROUNDS.incrementAndGet();
        }
        UpdateGuard.Applied applied = streamed != null ? guard.apply(t, rule.name(), global, streamed)
                : aggregate(global, t, screened);
        INDArray next = applied.rejection() == null ? applied.next() : global;
        return new Result(next, sampled, updates, screened, applied.rejection());
    }

    /**
     * The stream that aggregates this round as the clients finish, or null when the round is not
     * one of plain FedAvg over honest clients (whose reported example counts are known before
     * they train) that the rule accepts.
     */
    private FedAvgStream streamFor(List<Client> sampled) {
        if (!(rule instanceof FedAvg fedAvg) || sampled.size() < Math.max(1, rule.minUpdates())) {
            return null;
        }
        long[] counts = new long[sampled.size()];
        for (int i = 0; i < counts.length; i++) {
            if (!(sampled.get(i) instanceof HonestClient c)) {
                return null;
            }
            counts[i] = c.numExamples();
        }
        return FedAvgStream.of(fedAvg, counts, model.numParams());
    }

    /** The guarded aggregate of the accepted updates, or the reason the round cannot be aggregated. */
    private UpdateGuard.Applied aggregate(INDArray global, int t, UpdateGuard.Screened screened) {
        List<ClientUpdate> accepted = screened.accepted();
        String name = rule.name();
        if (accepted.isEmpty()) {
            return rejected(RoundRejection.Reason.NO_UPDATES, name, t, "round " + t + " has no update to aggregate: every"
                    + " sampled update was dropped as non-finite (clients " + screened.dropped() + "); the previous"
                    + " global model is kept");
        }
        int needed = rule.minUpdates();
        if (accepted.size() < needed) {
            return rejected(RoundRejection.Reason.TOO_FEW_UPDATES, name, t, "aggregator " + name + " needs at least "
                    + needed + " updates, round " + t + " has " + accepted.size() + " after dropping "
                    + screened.dropped().size() + " non-finite (clients " + screened.dropped() + "); the previous"
                    + " global model is kept");
        }
        INDArray agg;
        try {
            agg = Parallel.with(pool, () -> rule.aggregate(accepted, AggregationContext.of(t, global)));
        } catch (RoundNotAggregatable e) {
            return rejected(RoundRejection.Reason.NOT_AGGREGATABLE, name, t, "aggregator " + name + " could not"
                    + " aggregate round " + t + ": " + e.getMessage() + "; the previous global model is kept");
        } catch (RuntimeException e) {
            throw Simulation.rethrown("aggregator " + name + " failed in round " + t + ": " + e.getMessage(), e);
        }
        return guard.apply(t, name, global, agg);
    }

    private static UpdateGuard.Applied rejected(RoundRejection.Reason reason, String component, int t, String message) {
        return new UpdateGuard.Applied(null, new RoundRejection(reason, component, t, message));
    }

    /**
     * Runs the clients at positions {@code which} on the pool, their updates into {@code out} and
     * each update's {@link UpdateGuard#scan} into {@code scanned}, computed in the client's task
     * while its delta is fresh in that thread's cache; each accepted update is offered to
     * {@code stream} (null: none) there too, and one that would be dropped, or reports another
     * example count, abandons it.
     */
    private void runClients(List<Client> sampled, List<Integer> which, ClientUpdate[] out, byte[] scanned,
                            INDArray global, int t, List<ClientUpdate> peers, FedAvgStream stream) {
        int m = sampled.size();
        long seed = settings.seed();
        TrainConfig train = settings.train();
        // the library's dense models screen the delta they write (FlatVectors.noteFinite); an honest
        // client sends that array untouched, so its note can stand for the screen's own pass
        boolean noted = model instanceof Mlp || model instanceof SoftmaxRegression;
        List<ClientUpdate> results;
        try {
            results = pool.map(which.size(), j -> {
                int i = which.get(j);
                Client c = sampled.get(i);
                RoundContext ctx = new RoundContext(t, global, model, Seeds.derive(seed, t, c.id()), m, peers, train);
                boolean honest = noted && c instanceof HonestClient;
                if (honest) {
                    FlatVectors.takeFiniteNote(null); // no note left from another call
                }
                ClientUpdate u = VectorPool.with(deltas, () -> c.update(ctx));
                // each task writes its own element; map's join publishes it
                scanned[i] = honest && u != null && FlatVectors.takeFiniteNote(u.delta()) ? guard.finite(u) : guard.scan(u);
                if (stream != null) {
                    if (u == null || u.clientId() != c.id() || u.numExamples() != c.numExamples()
                            || scanned[i] == UpdateGuard.NOT_FINITE) {
                        stream.abandon(); // the screen names a wrong update, or drops it; the held path aggregates
                    } else {
                        stream.offer(i, u.delta());
                    }
                }
                return u;
            });
        } catch (Parallel.TaskFailed e) {
            Throwable cause = e.getCause();
            throw Simulation.rethrown("client " + sampled.get(which.get(e.index())).id() + " failed in round " + t + ": "
                    + cause.getMessage(), cause);
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted in round " + t, e);
            }
            throw e;
        }
        for (int j = 0; j < which.size(); j++) {
            out[which.get(j)] = results.get(j);
        }
    }
}
