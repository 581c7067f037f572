package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.Seeds;

/**
 * One federated round played by hand, to look at the updates before the server aggregates them:
 * every client computes its update from {@code global} exactly as {@link Simulation} would in round
 * {@code round} with seed {@code seed} and every client taking part ({@code Seeds.derive(seed, round, id)},
 * peers' updates handed to clients that observe them). The updates can then be changed or added to
 * ({@link #replace}, {@link #plus}) and aggregated by any rule ({@link #next}).
 *
 * <pre>{@code
 * OneRound r = OneRound.play(model, clients, warmup.finalParams(), 5, 3, cfg);
 * INDArray poisoned = r.replace(0, r.updates().get(0).delta().neg()).next(FedAvg.equalWeights());
 * }</pre>
 *
 * @param round   the round index (from 0)
 * @param global  the global parameters the round starts from (not modified)
 * @param updates the clients' updates, in the order of the clients
 */
public record OneRound(int round, org.nd4j.linalg.api.ndarray.INDArray global, List<ClientUpdate> updates) {

    /** Rejects nulls; the list is copied. */
    public OneRound {
        if (global == null || updates == null) {
            throw new IllegalArgumentException("global and updates must not be null");
        }
        if (round < 0) {
            throw new IllegalArgumentException("round is " + round + ", must be >= 0");
        }
        updates = List.copyOf(updates);
    }

    /**
     * Plays round {@code round} for every client in {@code clients}, as the simulation with this
     * {@code seed} and training settings {@code train} (null: each client's own) would.
     *
     * @throws IllegalArgumentException if an argument is null or there is no client
     */
    public static OneRound play(Model model, List<? extends Client> clients, org.nd4j.linalg.api.ndarray.INDArray global,
                                int round, long seed, TrainConfig train) {
        if (model == null || clients == null || clients.isEmpty() || global == null) {
            throw new IllegalArgumentException("model, global and at least one client are needed");
        }
        int m = clients.size();
        ClientUpdate[] out = new ClientUpdate[m];
        List<ClientUpdate> plain = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < m; i++) {
                Client c = clients.get(i);
                if (c.observesPeers() != (pass == 1)) {
                    continue;
                }
                RoundContext ctx = new RoundContext(round, global, model, Seeds.derive(seed, round, c.id()), m,
                        pass == 1 ? List.copyOf(plain) : List.of(), train);
                out[i] = c.update(ctx);
                if (pass == 0) {
                    plain.add(out[i]);
                }
            }
        }
        return new OneRound(round, global, List.of(out));
    }

    /** The same round with client {@code clientId}'s update replaced by {@code delta}. */
    public OneRound replace(int clientId, org.nd4j.linalg.api.ndarray.INDArray delta) {
        List<ClientUpdate> u = new ArrayList<>(updates);
        for (int i = 0; i < u.size(); i++) {
            if (u.get(i).clientId() == clientId) {
                u.set(i, u.get(i).withDelta(delta));
                return new OneRound(round, global, u);
            }
        }
        throw new IllegalArgumentException("client " + clientId + " has no update in this round");
    }

    /** The same round with {@code extra} updates added after the clients' own (for example sybils). */
    public OneRound plus(List<ClientUpdate> extra) {
        List<ClientUpdate> u = new ArrayList<>(updates);
        u.addAll(extra);
        return new OneRound(round, global, u);
    }

    /** The aggregate of the updates under {@code rule} ({@code rule.reset()} is called first). */
    public org.nd4j.linalg.api.ndarray.INDArray aggregate(Aggregator rule) {
        rule.reset();
        return rule.aggregate(updates, AggregationContext.of(round, global));
    }

    /** The next global model under {@code rule}: {@code global + rule(updates)}, in the shape of {@code global}. */
    public org.nd4j.linalg.api.ndarray.INDArray next(Aggregator rule) {
        org.nd4j.linalg.api.ndarray.INDArray agg = aggregate(rule);
        return global.add(agg.reshape(global.shape()).castTo(global.dataType()));
    }
}
