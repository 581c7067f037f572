package org.fedpoison.fl;

/**
 * What a {@link Simulation} does with a round it cannot aggregate ({@link RoundRejection}): in
 * both cases the round is recorded with its reason, its global model is the one before it, and
 * {@link Simulation#run()} returns a {@link History} — no round already run is lost.
 */
public enum RoundPolicy {
    /** Keep the global model and go on with the next round (the default). */
    SKIP_ROUND,
    /** End the run after recording the round: the history ends there ({@link History#stoppedAt()}). */
    STOP
}
