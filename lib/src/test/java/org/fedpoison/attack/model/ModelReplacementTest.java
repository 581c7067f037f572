package org.fedpoison.attack.model;

import static org.fedpoison.attack.Fixtures.vec;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelReplacementTest {

    private static final INDArray GLOBAL = vec(0.5, -1.0, 2.0);
    private static final INDArray TARGET = vec(10.0, 3.0, -7.5);
    private static final List<ClientUpdate> HONEST = List.of(
            new ClientUpdate(0, vec(0.1, 0.2, -0.3), 30),
            new ClientUpdate(1, vec(-0.4, 0.0, 0.25), 120),
            new ClientUpdate(2, vec(0.05, -0.15, 0.6), 50));

    private static double landingError(ModelReplacement.Weighting w, long attackerExamples) {
        ClientUpdate honestOwn = new ClientUpdate(3, vec(0.3, 0.3, 0.3), attackerExamples);
        RoundContext ctx = Fixtures.ctx(0, GLOBAL, 1, 4, HONEST);
        ClientUpdate sent = ModelReplacement.exact(TARGET, w).poison(honestOwn, ctx);
        // through the aggregator itself: FedAvg sums float64 deltas in float64
        org.fedpoison.aggregate.FedAvg fedAvg = w == ModelReplacement.Weighting.SAMPLE_WEIGHTED
                ? org.fedpoison.aggregate.FedAvg.sampleWeighted() : org.fedpoison.aggregate.FedAvg.equalWeights();
        INDArray agg = fedAvg.aggregate(Fixtures.concat(HONEST, sent));
        assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, agg.dataType());
        INDArray next = GLOBAL.add(agg.reshape(GLOBAL.shape()));
        return next.distance2(TARGET);
    }

    @Test
    void exactLandsOnTargetWithEqualWeights() {
        assertTrue(landingError(ModelReplacement.Weighting.EQUAL, 10) < 1e-9);
    }

    @Test
    void exactLandsOnTargetWithUnequalWeights() {
        // a small attacker (5 of 205 examples) must shout 41x louder, and still lands
        assertTrue(landingError(ModelReplacement.Weighting.SAMPLE_WEIGHTED, 5) < 1e-9);
        assertTrue(landingError(ModelReplacement.Weighting.SAMPLE_WEIGHTED, 500) < 1e-9);
    }

    @Test
    void exactLandsOnTargetThroughFedAvgInFloat32() {
        // FedAvg works in float32 (it accumulates in double and rounds the result), so the landing is
        // exact up to float rounding: relative error of a few 2^-24 of the largest magnitude involved
        INDArray g = GLOBAL.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        List<ClientUpdate> honest = HONEST.stream().map(u -> u.withDelta(
                u.delta().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT))).toList();
        for (var w : ModelReplacement.Weighting.values()) {
            ClientUpdate own = new ClientUpdate(3, g.mul(0), 5);
            ClientUpdate sent = ModelReplacement.exact(TARGET, w).poison(own, Fixtures.ctx(0, g, 1, 4, honest));
            org.fedpoison.aggregate.FedAvg fedAvg = w == ModelReplacement.Weighting.EQUAL
                    ? org.fedpoison.aggregate.FedAvg.equalWeights() : org.fedpoison.aggregate.FedAvg.sampleWeighted();
            INDArray next = g.add(fedAvg.aggregate(Fixtures.concat(honest, sent)).reshape(g.shape()));
            double err = next.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).distance2(TARGET);
            double scale = sent.delta().norm2Number().doubleValue() * 0.05 + TARGET.norm2Number().doubleValue();
            assertTrue(err < 1e-6 * scale, w + ": error " + err);
        }
    }

    @Test
    void smallerWeightMeansLargerNorm() {
        RoundContext ctx = Fixtures.ctx(0, GLOBAL, 1, 4, HONEST);
        ModelReplacement mr = ModelReplacement.exact(TARGET, ModelReplacement.Weighting.SAMPLE_WEIGHTED);
        double small = mr.poison(new ClientUpdate(3, vec(0, 0, 0), 5), ctx).delta().norm2Number().doubleValue();
        double large = mr.poison(new ClientUpdate(3, vec(0, 0, 0), 500), ctx).delta().norm2Number().doubleValue();
        assertTrue(small > 10 * large, "norm " + small + " vs " + large);
    }

    @Test
    void estimatedBoostIsInverseWeightAroundGlobal() {
        RoundContext ctx = Fixtures.ctx(0, GLOBAL, 1, 4, List.of());
        ClientUpdate sent = ModelReplacement.estimated(TARGET, 0.25).poison(new ClientUpdate(3, vec(0, 0, 0), 10), ctx);
        INDArray expected = TARGET.sub(GLOBAL).mul(4);
        assertTrue(sent.delta().distance2(expected) < 1e-12);
        // with K = 4 equal clients whose honest deltas cancel, the estimate lands exactly
        List<ClientUpdate> cancel = List.of(new ClientUpdate(0, vec(1, 1, 1), 10),
                new ClientUpdate(1, vec(-1, -1, -1), 10), new ClientUpdate(2, vec(0, 0, 0), 10));
        ClientUpdate byK = ModelReplacement.estimated(TARGET).poison(new ClientUpdate(3, vec(0, 0, 0), 10), ctx);
        INDArray next = GLOBAL.add(Fixtures.weightedMean(Fixtures.concat(cancel, byK), false));
        assertTrue(next.distance2(TARGET) < 1e-12);
    }

    @Test
    void boostedOwnModelScalesTheHonestUpdate() {
        RoundContext ctx = Fixtures.ctx(0, GLOBAL, 1, 10, List.of());
        ClientUpdate own = new ClientUpdate(3, vec(0.1, -0.2, 0.3), 10);
        ClientUpdate sent = ModelReplacement.boosted().poison(own, ctx);
        assertTrue(sent.delta().distance2(own.delta().mul(10)) < 1e-12);
        assertEquals(vec(0.1, -0.2, 0.3), own.delta(), "input update not modified");
    }

    @Test
    void groupSolutionLandsForSybils() {
        INDArray t = TARGET.sub(GLOBAL);
        INDArray each = ModelReplacement.solveGroup(t, HONEST, 7, 3, ModelReplacement.Weighting.SAMPLE_WEIGHTED);
        List<ClientUpdate> all = new java.util.ArrayList<>(HONEST);
        for (int i = 0; i < 3; i++) {
            all.add(new ClientUpdate(10 + i, each, 7));
        }
        assertTrue(GLOBAL.add(Fixtures.weightedMean(all, true)).distance2(TARGET) < 1e-9);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> ModelReplacement.estimated(TARGET, 0));
        assertThrows(IllegalArgumentException.class, () -> ModelReplacement.boosted(1.5));
        assertThrows(IllegalArgumentException.class, () -> ModelReplacement.exact(null, ModelReplacement.Weighting.EQUAL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelReplacement.solve(
                vec(1, 2, 3), List.of(new ClientUpdate(4, vec(1, 2), 3)), 1, ModelReplacement.Weighting.EQUAL));
        assertTrue(e.getMessage().contains("client 4"), e.getMessage());
    }
}
