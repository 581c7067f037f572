package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundNotAggregatable;
import org.fedpoison.util.Check;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A rule that prepares a round's updates (clips them, or keeps some) and hands them to an inner
 * rule: what {@link NormClipping}, {@link NormScreen} and {@link CosineScreen} share. The inner
 * rule sets the number of updates needed and is reset and renewed for a simulation with this
 * one; the name reads {@code "<this rule> > <inner rule>"}.
 */
public abstract class ComposedRule implements Aggregator {

    private final Aggregator inner;

    /**
     * @param rule  this rule's name, for the message
     * @param inner the rule the prepared updates go to
     * @throws IllegalArgumentException if {@code inner} is null
     */
    ComposedRule(String rule, Aggregator inner) {
        this.inner = Check.notNull(rule + ": inner aggregator", inner, "an Aggregator");
    }

    /** The rule the prepared updates go to. */
    public final Aggregator inner() {
        return inner;
    }

    /** This rule's settings around another inner rule. */
    abstract ComposedRule around(Aggregator inner);

    /** This rule with its settings as the name shows them, e.g. {@code "NormScreen(B=0.74)"}. */
    abstract String label();

    /** This rule with its settings in full, for {@link #toString()}. */
    String fullLabel() {
        return label();
    }

    /**
     * {@code inner(kept)}: the aggregate of a screen.
     *
     * @throws RoundNotAggregatable when no update is kept (a simulation records the round as not
     *     aggregatable, naming this rule, and keeps its global model or stops, by its policy)
     */
    final INDArray aggregateKept(RoundUpdates round, List<ClientUpdate> kept, AggregationContext context) {
        if (kept.isEmpty()) {
            throw new RoundNotAggregatable(label() + " kept 0 of " + round.size() + " updates");
        }
        return inner.aggregate(kept, context);
    }

    /** The inner rule's. */
    @Override
    public final int minUpdates() {
        return inner.minUpdates();
    }

    /** A wrapper of the inner rule's {@link Aggregator#forSimulation()} ({@code this} when the inner rule is stateless). */
    @Override
    public final Aggregator forSimulation() {
        Aggregator fresh = inner.forSimulation();
        return fresh == inner ? this : around(fresh);
    }

    @Override
    public final String name() {
        return label() + " > " + inner.name();
    }

    @Override
    public final void reset() {
        inner.reset();
    }

    @Override
    public final String toString() {
        return fullLabel() + " > " + inner;
    }
}
