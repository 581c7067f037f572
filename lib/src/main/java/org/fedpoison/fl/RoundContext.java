package org.fedpoison.fl;

import java.util.List;
import org.fedpoison.model.Model;
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
 */
public record RoundContext(int round, INDArray global, Model model, long seed, int numClients,
                           List<ClientUpdate> peerUpdates) {
    public RoundContext {
        peerUpdates = List.copyOf(peerUpdates);
    }
}
