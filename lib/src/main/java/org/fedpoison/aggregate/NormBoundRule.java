package org.fedpoison.aggregate;

import org.fedpoison.core.Aggregator;
import org.fedpoison.util.Check;
import org.fedpoison.util.Decimals;

/**
 * A composed rule that holds every delta to a Euclidean norm bound {@code B} (finite, {@code > 0}):
 * {@link NormClipping} scales longer deltas down to it, {@link NormScreen} rejects them. The name
 * shows B to 4 significant digits ({@code "NormClipping(B=0.74) > FedAvg"}).
 */
public abstract class NormBoundRule extends ComposedRule {

    private final String rule;
    private final double bound;

    /**
     * @throws IllegalArgumentException if {@code bound} is not finite and positive or {@code inner} is null
     */
    NormBoundRule(String rule, double bound, Aggregator inner) {
        super(rule, inner);
        this.rule = rule;
        this.bound = Check.positive(rule + ": bound B", bound);
    }

    /** The bound B. */
    public final double bound() {
        return bound;
    }

    /** The norms of the round's deltas (summed in double), in the order of the list the round was built from. */
    static double[] normsInListOrder(RoundUpdates round) {
        double[] canonical = WeightedSums.norms(round);
        double[] out = new double[round.size()];
        for (int i = 0; i < round.size(); i++) {
            out[round.listIndex(i)] = canonical[i];
        }
        return out;
    }

    @Override
    final String label() {
        return rule + "(B=" + Decimals.significant(bound, 4) + ")";
    }

    @Override
    final String fullLabel() {
        return rule + "(B=" + bound + ")";
    }
}
