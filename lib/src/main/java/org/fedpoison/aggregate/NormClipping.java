package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Norm clipping: every client delta is scaled down to Euclidean norm at most {@code B}, then the
 * clipped deltas go to any inner rule (composable: {@code NormClipping.of(1.0, new FedAvg())}).
 *
 * <p>{@code clip(x_i) = x_i * min(1, B / ||x_i||_2)}; {@code agg = inner(clip(x_1), ..., clip(x_n))}.
 * Deltas already within the bound are passed on unchanged (the same array); clipped ones are new
 * arrays of the same dtype, so the inputs are never modified.
 *
 * <p>Settings: the bound {@code B > 0} (finite), and the inner rule.
 *
 * <p>Tolerance: clipping removes no attacker, it bounds each one's leverage: before an equally
 * weighted mean of K deltas, replacing any one client's delta by anything moves the mean by at
 * most {@code 2B/K} (both the old and the new delta have norm at most {@code B}); f colluders move
 * it by at most {@code 2fB/K}. A boosted model-replacement update is cut down to the size of an
 * honest one. A bound taken from honest norms (e.g. their median) keeps honest updates nearly
 * intact.
 *
 * <p>Example: with {@code B = 5} the delta {@code [3, 4, 0]} passes unchanged and {@code [0, 0, 10]}
 * becomes {@code [0, 0, 5]}.
 *
 * <p>Paper: Sun, Kairouz, Suresh, McMahan, "Can You Really Backdoor Federated Learning?",
 * 2019 (norm bounding against backdoors); McMahan, Ramage, Talwar, Zhang, "Learning Differentially
 * Private Recurrent Language Models", ICLR 2018 (per-client clipping).
 */
public final class NormClipping extends NormBoundRule {

    private NormClipping(double bound, Aggregator inner) {
        super("NormClipping", bound, inner);
    }

    /**
     * Clipping to {@code bound} before {@code inner}.
     *
     * @param bound the largest Euclidean norm a delta may keep, finite and {@code > 0}
     * @param inner the rule that aggregates the clipped deltas
     * @return the composed rule
     * @throws IllegalArgumentException if {@code bound} is not finite and positive or {@code inner} is null
     */
    public static NormClipping of(double bound, Aggregator inner) {
        return new NormClipping(bound, inner);
    }

    @Override
    NormClipping around(Aggregator inner) {
        return new NormClipping(bound(), inner);
    }

    /**
     * The updates with every delta clipped to norm at most B (new arrays where clipped, the same
     * arrays otherwise), in the order given.
     *
     * @param updates the round's updates (checked as by {@link #aggregate})
     * @return the clipped updates
     */
    public List<ClientUpdate> clip(List<ClientUpdate> updates) {
        double[] norms = normsInListOrder(RoundUpdates.of(updates, name()));
        ClientUpdate[] out = new ClientUpdate[norms.length];
        for (int i = 0; i < norms.length; i++) {
            ClientUpdate u = updates.get(i);
            out[i] = norms[i] > bound() ? u.withDelta(u.delta().mul(bound() / norms[i])) : u;
        }
        return List.of(out);
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        return inner().aggregate(clip(updates), context);
    }
}
