package org.fedpoison.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an {@link Aggregator} knows of the round besides the updates: the round number (from 0)
 * and the global parameters the clients started from (as Flower's {@code aggregate_fit} receives
 * {@code server_round}). Outside a simulation, {@link #standalone()} has round 0 and no global
 * model.
 *
 * @param round  the round number, starting at 0; {@code >= 0}
 * @param global the global parameters of the round (read-only: never modify), or {@code null}
 *               when there is none ({@link #hasGlobal()})
 */
public record AggregationContext(int round, INDArray global) {

    /** Rejects a negative round. */
    public AggregationContext {
        if (round < 0) {
            throw new IllegalArgumentException("AggregationContext: round is " + round + ", must be >= 0");
        }
    }

    /** The context of round {@code round} with global parameters {@code global}. */
    public static AggregationContext of(int round, INDArray global) {
        return new AggregationContext(round, global);
    }

    /** The context of a call outside a simulation: round 0, no global model. */
    public static AggregationContext standalone() {
        return STANDALONE;
    }

    private static final AggregationContext STANDALONE = new AggregationContext(0, null);

    /** Whether the global model is known. */
    public boolean hasGlobal() {
        return global != null;
    }

    /**
     * The global parameters of the round.
     *
     * @throws IllegalStateException if there are none (a call outside a simulation without a
     *     context); a rule that needs them says so in its Javadoc
     */
    @Override
    public INDArray global() {
        if (global == null) {
            throw new IllegalStateException("no global model in this AggregationContext (aggregate(updates) was called "
                    + "outside a simulation); pass AggregationContext.of(round, global)");
        }
        return global;
    }
}
