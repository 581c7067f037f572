package org.fedpoison.core;

/**
 * Thrown by an {@link Aggregator} when the round's updates, valid as they are, leave it nothing to
 * aggregate (a norm screen that rejects every update, say), as opposed to a setting or a bug. A
 * simulation records such a round with its reason and goes on from the global model it had (or
 * stops, by its policy); a caller of {@code aggregate} outside a simulation gets the exception.
 */
public class RoundNotAggregatable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why, naming the rule and what it found (for the history and the reader) */
    public RoundNotAggregatable(String message) {
        super(message);
    }
}
