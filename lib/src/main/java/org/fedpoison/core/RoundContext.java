package org.fedpoison.core;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a client is given in a round.
 *
 * @param round       the round number, starting at 0
 * @param global      the current global parameters (read-only: never modify)
 * @param model       the model architecture whose parameters {@code global} holds
 * @param seed        a seed for this client in this round, derived from the simulation seed
 * @param numClients  the number of clients taking part in this round
 * @param peerUpdates for clients that {@link Client#observesPeers() observe peers}: the updates
 *                    of the other clients of this round; otherwise empty
 * @param train       the simulation's local training settings, used by honest clients that were
 *                    created without their own {@link TrainConfig}
 */
public record RoundContext(int round, INDArray global, Model model, long seed, int numClients,
                           List<ClientUpdate> peerUpdates, TrainConfig train) {
    /** Copies the peer list; a null {@code train} means {@link TrainConfig#defaults()}. */
    public RoundContext {
        peerUpdates = List.copyOf(peerUpdates);
        if (train == null) {
            train = TrainConfig.defaults();
        }
    }

    /** A context with {@link TrainConfig#defaults()} as the training settings. */
    public RoundContext(int round, INDArray global, Model model, long seed, int numClients,
                        List<ClientUpdate> peerUpdates) {
        this(round, global, model, seed, numClients, peerUpdates, TrainConfig.defaults());
    }

    /** The same context with other peer updates. */
    public RoundContext withPeerUpdates(List<ClientUpdate> peers) {
        return new RoundContext(round, global, model, seed, numClients, peers, train);
    }
}
