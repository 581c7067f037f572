package org.fedpoison.attack.sybil;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fedpoison.aggregate.CoordinateMedian;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.attack.Schedule;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.attack.sybil.AdmissionCost;
import org.fedpoison.attack.sybil.Sybils;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.History;
import org.fedpoison.fl.HonestClient;
import org.fedpoison.fl.Simulation;
import org.fedpoison.metrics.DistanceToTarget;
import org.fedpoison.model.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sybils against the coordinate-wise median on the digits data (Exercise 35.4.3 of the text):
 * with K = 10 honest clients, s sybils sending copies of {@code w_target - w_global} carry the
 * median exactly to the target once they hold a strict majority (s >= K + 1); with exactly half
 * (s = K, where the median of an even count averages the middle pair) they still move it as far
 * as they like; below half (s <= K - 1) every coordinate stays inside the honest clients' range.
 *
 * <p>Threshold for "lands on the target": {@code ||w_global' - w_target||_2 <= 1e-5 ||w_target||_2}
 * (float32 arithmetic).
 */
class SybilMedianReproductionTest {
    private static final TrainTest DIGITS = Datasets.digits();
    private static final int K = 10;
    private static final Mlp MODEL = Mlp.of(64, 16, 10);
    private static final TrainConfig TRAIN = new TrainConfig(1, 16, 0.3);
    private static final INDArray GLOBAL = MODEL.init(3);
    /** An arbitrary far-away model the adversary wants: another initialisation, scaled by 3. */
    private static final INDArray TARGET = MODEL.init(99).mul(3);

    private static List<Dataset> parts() {
        return Partitioners.iid().partition(DIGITS.train(), K, 11);
    }

    private static List<ClientUpdate> honestUpdates() {
        List<Dataset> parts = parts();
        List<ClientUpdate> ups = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            RoundContext ctx = new RoundContext(0, GLOBAL, MODEL, 1000 + i, K, List.of(), TRAIN);
            ups.add(HonestClient.of(i, parts.get(i), TRAIN).update(ctx));
        }
        return ups;
    }

    private static double tolerance() {
        return 1e-5 * TARGET.norm2Number().doubleValue();
    }

    @Test
    void cheapestBreakingSybilCountIsAStrictMajority() {
        Optional<Sybils.Break> b = Sybils.cheapestBreaking(CoordinateMedian.of(), GLOBAL, honestUpdates(), TARGET,
                tolerance(), Sybils.towards(TARGET), 100, AdmissionCost.free(), 3 * K);
        assertTrue(b.isPresent(), "some sybil count breaks the median");
        assertEquals(K + 1, b.get().sybils(), "the smallest s that lands on the target");
        assertTrue(b.get().weight() > 0.5);
        // an admission cost that affords only K identities prevents the break
        AdmissionCost stake = new AdmissionCost(5.0, 5.0 * K, "stake");
        assertTrue(Sybils.cheapestBreaking(CoordinateMedian.of(), GLOBAL, honestUpdates(), TARGET, tolerance(),
                Sybils.towards(TARGET), 100, stake, 3 * K).isEmpty());
    }

    @Test
    void belowHalfEveryCoordinateStaysInTheHonestRange() {
        List<ClientUpdate> honest = honestUpdates();
        int d = MODEL.numParams();
        float[] lo = new float[d];
        float[] hi = new float[d];
        java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (ClientUpdate u : honest) {
            float[] x = u.delta().toFloatVector();
            for (int j = 0; j < d; j++) {
                lo[j] = Math.min(lo[j], x[j]);
                hi[j] = Math.max(hi[j], x[j]);
            }
        }
        for (double scale : new double[] {1, 1e3}) {
            INDArray far = TARGET.mul(scale);
            List<ClientUpdate> all = new ArrayList<>(honest);
            INDArray delta = far.sub(GLOBAL);
            for (int i = 0; i < K - 1; i++) {
                all.add(new ClientUpdate(100 + i, delta, 100));
            }
            float[] agg = CoordinateMedian.of().aggregate(all).toFloatVector();
            for (int j = 0; j < d; j++) {
                assertTrue(agg[j] >= lo[j] && agg[j] <= hi[j], "coordinate " + j + " left the honest range");
            }
        }
    }

    @Test
    void atHalfTheSybilsMoveTheMedianAsFarAsTheyLike() {
        List<ClientUpdate> honest = honestUpdates();
        double honestMedianNorm = CoordinateMedian.of().aggregate(honest).norm2Number().doubleValue();
        for (double scale : new double[] {10, 1000}) {
            INDArray delta = TARGET.mul(scale).sub(GLOBAL);
            List<ClientUpdate> all = new ArrayList<>(honest);
            for (int i = 0; i < K; i++) {
                all.add(new ClientUpdate(100 + i, delta, 100));
            }
            double moved = CoordinateMedian.of().aggregate(all).norm2Number().doubleValue();
            // the median of the even count averages one sybil value in: at least half the push survives
            assertTrue(moved >= 0.5 * delta.norm2Number().doubleValue() - honestMedianNorm,
                    "scale " + scale + ": moved " + moved);
        }
    }

    @Test
    void inASimulationAStrictMajorityReplacesTheModelAndAMinorityDoesNot() {
        for (int s : new int[] {K - 1, K + 1}) {
            List<Client> clients = new ArrayList<>();
            List<Dataset> parts = parts();
            for (int i = 0; i < K; i++) {
                clients.add(HonestClient.of(i, parts.get(i), TRAIN));
            }
            clients.addAll(Sybils.crafted(K, s, 100, Sybils.towards(TARGET), 0.0, Schedule.always(), 5));
            History h = Simulation.builder().model(MODEL).clients(clients).test(DIGITS.test())
                    .aggregator(CoordinateMedian.of()).rounds(1).initialParams(GLOBAL).train(TRAIN).seed(8)
                    .metric(DistanceToTarget.of(TARGET)).build().run();
            double dist = h.metric("distance_to_target")[0];
            if (s > K) {
                assertTrue(dist <= tolerance(), "s = " + s + ": distance " + dist);
            } else {
                assertTrue(dist > 0.5 * TARGET.sub(GLOBAL).norm2Number().doubleValue(), "s = " + s + ": distance " + dist);
            }
        }
    }

    @Test
    void againstFedAvgOneExactReplacementIdentityIsEnough() {
        Optional<Sybils.Break> b = Sybils.cheapestBreaking(FedAvg.sampleWeighted(), GLOBAL, honestUpdates(), TARGET,
                tolerance(), Sybils.replacement(TARGET, ModelReplacement.Weighting.SAMPLE_WEIGHTED), 100,
                AdmissionCost.free(), 5);
        assertTrue(b.isPresent());
        assertEquals(1, b.get().sybils());
    }
}
