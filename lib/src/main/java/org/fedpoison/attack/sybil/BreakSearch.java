package org.fedpoison.attack.sybil;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The break-point analysis of {@link Sybils}: how far one round with {@code s} crafted identities takes the
 * global model from the adversary's target, and the cheapest {@code s} that lands it within {@code epsilon}
 * (the definition is in {@link Sybils}' class comment).
 */
final class BreakSearch {
    private BreakSearch() {}

    /**
     * The distance {@code ||w_global + agg(honest + s crafted) - w_target||_2} after one round with
     * {@code s} sybils, for {@code s = 0 .. maxS} (index s). Sybil ids follow the largest honest id.
     * {@code aggregator.reset()} is called before each aggregation.
     */
    static double[] distances(Aggregator aggregator, INDArray global, List<ClientUpdate> honest,
                                     INDArray targetParams, Sybils.Craft craft, long examplesEach, int maxS) {
        if (maxS < 0) {
            throw new IllegalArgumentException("maxS is " + maxS + ", must be >= 0");
        }
        double[] d = new double[maxS + 1];
        for (int s = 0; s <= maxS; s++) {
            d[s] = distanceWith(s, aggregator, global, honest, targetParams, craft, examplesEach);
        }
        return d;
    }

    /**
     * The cheapest number of sybils that breaks {@code aggregator} (see the class comment for the
     * definition), searching {@code s = 1 .. min(maxS, cost.maxIdentities())}; empty if none within
     * the budget and {@code maxS} does.
     */
    static Optional<Sybils.Break> cheapestBreaking(Aggregator aggregator, INDArray global, List<ClientUpdate> honest,
                                                   INDArray targetParams, double epsilon, Sybils.Craft craft,
                                                   long examplesEach, AdmissionCost cost, int maxS) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon is " + epsilon + ", must be >= 0 and finite");
        }
        if (cost == null) {
            throw new IllegalArgumentException("cost must not be null; use AdmissionCost.free() for free identities");
        }
        int limit = Math.min(maxS, cost.maxIdentities());
        for (int s = 1; s <= limit; s++) {
            double dist = distanceWith(s, aggregator, global, honest, targetParams, craft, examplesEach);
            if (dist <= epsilon) {
                return Optional.of(new Sybils.Break(s, cost.cost(s), dist, Sybils.weight(s, honest.size())));
            }
        }
        return Optional.empty();
    }

    private static double distanceWith(int s, Aggregator aggregator, INDArray global, List<ClientUpdate> honest,
                                       INDArray targetParams, Sybils.Craft craft, long examplesEach) {
        if (aggregator == null || global == null || honest == null || targetParams == null || craft == null) {
            throw new IllegalArgumentException("aggregator, global, honest, targetParams and craft must not be null");
        }
        Crafts.checkLength(targetParams, global);
        List<ClientUpdate> all = new ArrayList<>(honest);
        if (s > 0) {
            INDArray delta = craft.delta(global, craft.needsPeers() ? honest : List.of(), s, examplesEach);
            int next = honest.stream().mapToInt(ClientUpdate::clientId).max().orElse(-1) + 1;
            for (int i = 0; i < s; i++) {
                all.add(new ClientUpdate(next + i, delta, examplesEach));
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no honest updates and no sybils: nothing to aggregate");
        }
        aggregator.reset();
        INDArray next = global.add(aggregator.aggregate(all).reshape(global.shape()).castTo(global.dataType()));
        INDArray target = targetParams.reshape(global.shape()).castTo(global.dataType());
        return next.distance2(target);
    }
}
