package org.fedpoison.fl;

import java.util.Objects;

/**
 * Why a round's aggregate did not reach the global model: the round is recorded with this reason,
 * the global model after it is the one before it, and the simulation goes on or stops by its
 * {@link RoundPolicy}.
 *
 * @param reason    what went wrong, as a type a program can switch on
 * @param component the component it concerns, by name (the aggregator, e.g. {@code "Krum(f=4)"})
 * @param round     the round, from 0
 * @param message   the whole explanation for a reader, naming the component, the round and the numbers
 */
public record RoundRejection(Reason reason, String component, int round, String message) {

    /** What kept a round from being aggregated. */
    public enum Reason {
        /** Every sampled update was dropped (each held NaN or infinity): nothing to aggregate. */
        NO_UPDATES,
        /** Fewer updates survived the checks than the aggregator needs ({@code Aggregator.minUpdates()}). */
        TOO_FEW_UPDATES,
        /** The aggregator found nothing to aggregate and said so ({@link org.fedpoison.core.RoundNotAggregatable}). */
        NOT_AGGREGATABLE,
        /** The aggregate held NaN or infinity. */
        AGGREGATE_NOT_FINITE,
        /** The aggregate was finite, but adding it to the global model overflowed float32. */
        GLOBAL_OVERFLOW
    }

    /** Rejects nulls and a negative round. */
    public RoundRejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(message, "message");
        if (round < 0) {
            throw new IllegalArgumentException("round is " + round + ", must be >= 0");
        }
    }

    /** The message. */
    @Override
    public String toString() {
        return message;
    }
}
