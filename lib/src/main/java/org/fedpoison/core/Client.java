package org.fedpoison.core;

/**
 * One participant of federated training. In each round it is sampled, it receives the
 * {@link RoundContext} (the global parameters, the round, the model, a seed) and returns its
 * {@link ClientUpdate}. Honest clients train on local data; malicious ones may do anything.
 *
 * <p>Implementations must be deterministic given the context's seed, and must not modify
 * {@code ctx.global()}; clients of a round run in parallel.
 */
public interface Client {

    /** This client's id, unique within a simulation. */
    int id();

    /** The number of local examples (what the client reports as its FedAvg weight). */
    long numExamples();

    /** Computes this round's update. */
    ClientUpdate update(RoundContext ctx);

    /**
     * Whether this client sees the honest updates of the round before answering (an omniscient
     * attacker, as in model replacement with the honest sum known). If true, the simulation first
     * collects the updates of all clients that return false and passes them in
     * {@link RoundContext#peerUpdates()}.
     */
    default boolean observesPeers() {
        return false;
    }

    /**
     * Whether this client takes part in round {@code round} whatever the server's sampling (an
     * adversary's fixed pool of clients, for instance). {@link Simulation} always includes such
     * clients and samples the others to fill {@code clientsPerRound}; without sampling every client
     * takes part anyway. Called once per round, on the thread running the simulation.
     */
    default boolean alwaysParticipates(int round) {
        return false;
    }

    /**
     * This client as it takes part in a simulation whose seed is {@code simulationSeed}: a client
     * whose random choices made ahead of the rounds (which examples a data poisoning picks, say)
     * were not given a seed of their own returns a copy deriving them from it; the default returns
     * {@code this}. The simulation calls it once per client when it is built (on the building thread);
     * the result must have the same {@link #id()}.
     */
    default Client forSimulation(long simulationSeed) {
        return this;
    }

    /**
     * Checks this client against the number of rounds of the simulation it joins (rounds count from
     * 0), called when the simulation is built; the default accepts any. A malicious client whose
     * schedule is never active in rounds {@code 0 .. rounds - 1} refuses.
     *
     * @throws IllegalArgumentException naming the client, what does not fit and what would
     */
    default void checkRounds(int rounds) {}

    /** Whether this client is controlled by the adversary (recorded in the history; the server never uses it). */
    default boolean isMalicious() {
        return false;
    }
}
