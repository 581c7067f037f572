package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.fl.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A server-side aggregation rule: the round's client updates in, one aggregate delta out.
 * The server then sets {@code w_global <- w_global + aggregate(updates)}.
 *
 * <p>Contract for every implementation: settings are validated in the constructor
 * ({@link IllegalArgumentException} naming the setting, its value and what is allowed);
 * conditions that depend on the round (too few clients for {@code f}, dimension mismatch) are
 * checked in {@link #aggregate} and the message names the client where one is at fault; the input
 * deltas are never modified; the result does not depend on the order of the updates.
 */
public interface Aggregator {

    /**
     * Aggregates one round's updates.
     *
     * @param updates the round's updates, all of the same dimension; at least one
     * @return a new flat vector, the aggregate delta
     */
    INDArray aggregate(List<ClientUpdate> updates);

    /** A short name for tables and charts, as the literature names the rule (e.g. {@code "Krum(f=2)"}). */
    String name();

    /** Forgets any state kept across rounds (only stateful rules such as FoolsGold keep some). */
    default void reset() {}
}
