package org.fedpoison.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the server receives from one client in one round: the change the client proposes to the
 * global parameters ({@code delta = w_client - w_global}), the number of examples it claims to have
 * trained on (FedAvg's weight), and its id. The server sees nothing else of a client.
 *
 * <p>{@code delta} is a flat vector of the model's parameter count. It is treated as read-only
 * by every aggregator and attack in this library: they return new arrays and never modify it.
 *
 * @param clientId    the id of the client (or sybil identity) that sent the update
 * @param delta       the proposed change of the global parameters, a flat vector
 * @param numExamples the example count the client reports; FedAvg weights by it
 */
public record ClientUpdate(int clientId, INDArray delta, long numExamples) {
    /** Rejects a null delta and a negative example count (naming the client). */
    public ClientUpdate {
        if (delta == null) {
            throw new IllegalArgumentException("client " + clientId + ": delta must not be null");
        }
        if (numExamples < 0) {
            throw new IllegalArgumentException("client " + clientId + ": numExamples is " + numExamples
                    + ", must be >= 0");
        }
    }

    /** Builds an update from full parameters: {@code delta = params - global}. Neither input is modified. */
    public static ClientUpdate fromParams(int clientId, INDArray params, INDArray global, long numExamples) {
        return new ClientUpdate(clientId, params.sub(global), numExamples);
    }

    /** The parameters this update proposes: {@code global + delta} (a new array). */
    public INDArray params(INDArray global) {
        return global.add(delta);
    }

    /** The same update with another delta (for attacks that rewrite what is sent). */
    public ClientUpdate withDelta(INDArray newDelta) {
        return new ClientUpdate(clientId, newDelta, numExamples);
    }
}
