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
public final class NormClipping implements Aggregator {

    private final double bound;
    private final Aggregator inner;

    /**
     * @param bound the largest Euclidean norm a delta may keep, finite and {@code > 0}
     * @param inner the rule that aggregates the clipped deltas
     * @throws IllegalArgumentException if {@code bound} is not finite and positive or {@code inner} is null
     */
    private NormClipping(double bound, Aggregator inner) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("NormClipping: bound B is " + bound + ", must be finite and > 0");
        }
        if (inner == null) {
            throw new IllegalArgumentException("NormClipping: inner aggregator is null, must be an Aggregator");
        }
        this.bound = bound;
        this.inner = inner;
    }

    /**
     * Clipping to {@code bound} before {@code inner}; same as the constructor.
     *
     * @param bound the largest Euclidean norm a delta may keep, finite and {@code > 0}
     * @param inner the rule that aggregates the clipped deltas
     * @return the composed rule
     */
    public static NormClipping of(double bound, Aggregator inner) {
        return new NormClipping(bound, inner);
    }

    /** The bound B. */
    public double bound() {
        return bound;
    }

    /** The rule the clipped deltas go to. */
    public Aggregator inner() {
        return inner;
    }

    /** The inner rule's. */
    @Override
    public int minUpdates() {
        return inner.minUpdates();
    }

    /** A wrapper of the inner rule's {@link Aggregator#forSimulation()} ({@code this} when the inner rule is stateless). */
    @Override
    public Aggregator forSimulation() {
        Aggregator fresh = inner.forSimulation();
        return fresh == inner ? this : new NormClipping(bound, fresh);
    }

    /**
     * The updates with every delta clipped to norm at most B (new arrays where clipped, the same
     * arrays otherwise), in the order given.
     *
     * @param updates the round's updates (checked as by {@link #aggregate})
     * @return the clipped updates
     */
    public List<ClientUpdate> clip(List<ClientUpdate> updates) {
        RoundUpdates b = RoundUpdates.of(updates, name());
        double[] norms = AggregationMath.norms(b);
        ClientUpdate[] out = new ClientUpdate[b.size()];
        for (int i = 0; i < b.size(); i++) {
            ClientUpdate u = updates.get(b.listIndex(i));
            out[b.listIndex(i)] = norms[i] > bound ? u.withDelta(u.delta().mul(bound / norms[i])) : u;
        }
        return List.of(out);
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        return inner.aggregate(clip(updates), context);
    }

    /** The rule's name, with B to 4 significant digits, e.g. {@code "NormClipping(B=0.74) > FedAvg"}. */
    @Override
    public String name() {
        String b = new java.math.BigDecimal(bound).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
        return "NormClipping(B=" + b + ") > " + inner.name();
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public String toString() {
        return "NormClipping(B=" + bound + ") > " + inner;
    }
}
