package org.fedpoison.aggregate;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Norm screen: every client delta whose Euclidean norm exceeds a bound {@code B} is rejected, the
 * rest go unchanged to any inner rule (composable: {@code NormScreen.of(B, FedAvg.sampleWeighted())}).
 *
 * <p>{@code kept = { x_i : ||x_i||_2 <= B }}; {@code agg = inner(kept)} if {@code kept} is not
 * empty; otherwise the round cannot be aggregated (see below). The bound is
 * inclusive: a delta of norm exactly {@code B} is kept. Norms are accumulated in double precision,
 * the same way as {@link NormClipping} computes them.
 *
 * <p>Every update rejected: {@link org.fedpoison.core.RoundNotAggregatable} is thrown, naming the
 * rule and the count; the inner rule is not called. A simulation records the round (reason
 * {@code NOT_AGGREGATABLE}, component this rule) and, by its {@code RoundPolicy}, keeps the global
 * model and goes on, or stops and returns the history so far. The rule's requirements on the number of updates (e.g. {@code n > 2f+2}
 * for {@link Krum}) apply to the kept updates only.
 *
 * <p>Settings: the bound {@code B > 0} (finite), and the inner rule.
 *
 * <p>Tolerance: unlike {@link NormClipping}, which keeps a shrunken copy of an oversized delta, a
 * screen drops it entirely, so a boosted model-replacement update has no effect at all; an attacker
 * who scales its delta to norm at most {@code B} (constrain-and-scale) passes the screen, and before
 * an equally weighted mean of the K' kept deltas it moves the mean by at most {@code 2B/K'}. Honest
 * deltas larger than {@code B} are lost too; a bound taken from honest norms (e.g. their largest
 * value in a clean run) keeps them.
 *
 * <p>Example: with {@code B = 5} the deltas {@code [3, 4, 0]} (norm 5) and {@code [1, 2, 2]} (norm 3)
 * are kept and {@code [0, 0, 10]} is rejected; an equally weighted mean of the kept ones is
 * {@code [2, 3, 1]}.
 *
 * <p>Paper: Sun, Kairouz, Suresh, McMahan, "Can You Really Backdoor Federated Learning?", 2019
 * (norm-based defences against backdoors).
 */
public final class NormScreen extends NormBoundRule {

    private NormScreen(double bound, Aggregator inner) {
        super("NormScreen", bound, inner);
    }

    /**
     * A screen at {@code bound} before {@code inner}.
     *
     * @param bound the largest Euclidean norm a delta may have to be kept, finite and {@code > 0}
     * @param inner the rule that aggregates the kept deltas
     * @return the composed rule
     * @throws IllegalArgumentException if {@code bound} is not finite and positive or {@code inner} is null
     */
    public static NormScreen of(double bound, Aggregator inner) {
        return new NormScreen(bound, inner);
    }

    @Override
    NormScreen around(Aggregator inner) {
        return new NormScreen(bound(), inner);
    }

    /**
     * The updates whose delta has norm at most B (the same objects, in the order given); possibly
     * empty.
     *
     * @param updates the round's updates (checked as by {@link #aggregate})
     * @return the kept updates
     * @throws IllegalArgumentException as {@link #aggregate}
     */
    public List<ClientUpdate> screen(List<ClientUpdate> updates) {
        return kept(RoundUpdates.of(updates, name()), updates);
    }

    /**
     * {@code inner(kept)}.
     *
     * @throws org.fedpoison.core.RoundNotAggregatable when every update is rejected
     *
     * @throws IllegalArgumentException if the round is empty, an update is null, the deltas differ in
     *     dimension or hold a NaN or infinity (the message names the client), or as the inner rule
     *     throws for the kept updates
     */
    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        RoundUpdates b = RoundUpdates.of(updates, name());
        return aggregateKept(b, kept(b, updates), context);
    }

    /** The updates of the validated round {@code b} (built from {@code updates}) with norm at most B, in list order. */
    private List<ClientUpdate> kept(RoundUpdates b, List<ClientUpdate> updates) {
        double[] norms = normsInListOrder(b);
        List<ClientUpdate> kept = new ArrayList<>();
        for (int i = 0; i < norms.length; i++) {
            if (norms[i] <= bound()) {
                kept.add(updates.get(i));
            }
        }
        return List.copyOf(kept);
    }
}
