package org.fedpoison.core;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A server-side aggregation rule: the round's client updates in, one aggregate delta out.
 * The server then sets {@code w_global <- w_global + aggregate(updates, context)}.
 *
 * <p>One abstract method, so a rule can be a lambda:
 * {@code Aggregator mean = (updates, ctx) -> ...;} (give it a name for tables with
 * {@link #named(String, Aggregator)}). The {@link AggregationContext} carries the round number
 * and the global model for rules that need them; most rules ignore it.
 *
 * <p>Contract for every implementation: settings are validated when the rule is built
 * ({@link IllegalArgumentException} naming the setting, its value and what is allowed);
 * conditions that depend on the round (too few clients for {@code f}, dimension mismatch) are
 * checked in {@link #aggregate} and the message names the client where one is at fault; the input
 * deltas are never modified; the result has the shape of the input deltas, is FLOAT when every
 * delta is FLOAT and DOUBLE otherwise, and does not depend on the order of the updates.
 */
@FunctionalInterface
public interface Aggregator {

    /**
     * Aggregates one round's updates.
     *
     * <p>The deltas are the round's own: inside a {@code Simulation} the memory of the honest
     * clients' deltas is reused for the next round's training once the round is recorded, so a rule
     * that keeps anything of them across rounds (a history, a reference set) keeps a copy
     * ({@code delta().dup()}) or what it computed from them, never the arrays themselves.
     *
     * @param updates the round's updates, all of the same dimension; at least one; valid until this
     *                round ends
     * @param context the round number and the global model of the round
     * @return a new flat vector, the aggregate delta
     */
    INDArray aggregate(List<ClientUpdate> updates, AggregationContext context);

    /**
     * Aggregates updates outside a simulation: {@link #aggregate(List, AggregationContext)} with
     * {@link AggregationContext#standalone()} (round 0, no global model).
     */
    default INDArray aggregate(List<ClientUpdate> updates) {
        return aggregate(updates, AggregationContext.standalone());
    }

    /** A short name for tables and charts, as the literature names the rule (e.g. {@code "Krum(f=2)"}). */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * The fewest updates a round must bring for {@link #aggregate} to succeed: 1 by default,
     * {@code 2f + 3} for Krum, {@code 4f + 3} for Bulyan. {@code Simulation.build()} refuses a
     * simulation that samples fewer clients per round, naming the rule and both numbers.
     */
    default int minUpdates() {
        return 1;
    }

    /** Forgets any state kept across rounds (only stateful rules such as FoolsGold keep some). */
    default void reset() {}

    /**
     * The instance one simulation run uses: {@code this} for a rule without state across rounds (the
     * default); a rule that keeps state (FoolsGold's histories) returns a fresh instance with the
     * same settings and no state, and a rule wrapping another returns a wrapper of the inner rule's
     * {@code forSimulation()}. So one rule object can be handed to several simulations, also running
     * at the same time, and each run sees only its own clients' past. A custom stateful rule must
     * override it (and {@link #reset()}); otherwise it must not be shared by concurrent simulations.
     */
    default Aggregator forSimulation() {
        return this;
    }

    /**
     * A rule with a name, for lambdas: {@code Aggregator.named("mean", (u, ctx) -> ...)}.
     *
     * @param name the name shown in tables and charts, not blank
     * @param rule the rule
     */
    static Aggregator named(String name, Aggregator rule) {
        Names.require("Aggregator.named", name);
        if (rule == null) {
            throw new IllegalArgumentException("Aggregator.named: rule is null, must be an Aggregator");
        }
        return new Aggregator() {
            @Override
            public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
                return rule.aggregate(updates, context);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public int minUpdates() {
                return rule.minUpdates();
            }

            @Override
            public void reset() {
                rule.reset();
            }

            @Override
            public Aggregator forSimulation() {
                Aggregator fresh = rule.forSimulation();
                return fresh == rule ? this : named(name, fresh);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
