package org.fedpoison.attack;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.fedpoison.attack.data.DistributedBackdoor;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.attack.model.ALittleIsEnough;
import org.fedpoison.attack.model.GaussianNoise;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.attack.sybil.Sybils;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Metric;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.History;
import org.fedpoison.fl.HonestClient;
import org.fedpoison.fl.Simulation;
import org.fedpoison.metrics.BackdoorSuccess;
import org.fedpoison.metrics.Durability;
import org.fedpoison.metrics.TargetedFlipSuccess;
import org.fedpoison.model.Mlp;
import org.junit.jupiter.api.Test;

/**
 * Data poisoning inside federated training on the digits data: MLP 64-32-10, 10 IID clients,
 * FedAvg, 26 rounds of 1 epoch, batch 16, learning rate 0.3, seed 4.
 */
class AttackSimulationTest {
    private static final TrainTest DIGITS = Datasets.digits();
    private static final int K = 10;
    private static final int ROUNDS = 26;
    private static final List<Dataset> PARTS = Partitioners.iid().partition(DIGITS.train(), K, 3);

    private static History run(IntFunction<Client> attacker, Metric... metrics) {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            Client a = attacker.apply(i);
            clients.add(a != null ? a : HonestClient.of(i, PARTS.get(i)));
        }
        Simulation.Builder b = Simulation.builder().model(Mlp.of(64, 32, 10)).clients(clients).test(DIGITS.test())
                .rounds(ROUNDS).train(new TrainConfig(1, 16, 0.3)).seed(4);
        for (Metric m : metrics) {
            b.metric(m);
        }
        return b.build().run();
    }

    /**
     * DBA: four colluders (clients 0-3) each stamp a quarter of an 8-pixel bar in rounds 10-19
     * (slow injection, no boost). Tested with the full bar, the backdoor succeeds on at least 90%
     * of non-target inputs by round 19, more than any single part does, and it is durable: it
     * stays at or above 90% for at least 5 rounds after the colluders stop.
     */
    @Test
    void distributedBackdoorWorksWithTheFullTriggerAndOutlastsTheAttack() {
        DistributedBackdoor dba = DistributedBackdoor.of(Trigger.rectangle(0, 0, 8, 1, 1f), 4,
                new int[] {0, 1, 2, 3}, 0, 0.5, true);
        Metric[] metrics = new Metric[5];
        metrics[0] = BackdoorSuccess.of(DIGITS.test(), dba);
        for (int p = 0; p < 4; p++) {
            metrics[p + 1] = BackdoorSuccess.of("part" + p, dba.parts().get(p).stampTestSet(DIGITS.test(), 0), 0);
        }
        Schedule rounds10to19 = Schedule.slowInjection(10, 19);
        History h = run(i -> i < 4 ? MaliciousClient.builder(i, PARTS.get(i)).dataPoisoning(dba)
                .schedule(rounds10to19).build() : null, metrics);
        double[] full = h.metric("backdoor_success");
        assertTrue(full[9] < 0.1, "before the attack: " + full[9]);
        assertTrue(full[19] >= 0.9, "full trigger at the last attack round: " + full[19]);
        for (int p = 0; p < 4; p++) {
            assertTrue(h.metric("part" + p)[19] < full[19], "part " + p + " alone is weaker");
        }
        int lifespan = Durability.lifespan(full, rounds10to19.lastRound(), 0.9);
        assertTrue(lifespan >= 5, "rounds above 90% after the attack: " + lifespan + " in " + Arrays.toString(full));
    }

    /**
     * Targeted label flipping 1 -> 7 by 3 of 10 clients in every round: a targeted attack that
     * hides. Class 1's accuracy falls by at least 20 points against the clean run and at least 10%
     * of the 1s are read as 7 (none in the clean run), while overall accuracy falls by less than
     * 5 points.
     */
    @Test
    void targetedLabelFlipHurtsOneClassAndHidesInTheAverage() {
        LabelFlip flip = LabelFlip.targeted(1, 7, 1.0);
        TargetedFlipSuccess success = TargetedFlipSuccess.of(DIGITS.test(), 1, 7);
        History clean = run(i -> null, success);
        History attacked = run(i -> i < 3 ? MaliciousClient.builder(i, PARTS.get(i)).dataPoisoning(flip).build()
                : null, success);
        int last = ROUNDS - 1;
        double class1Clean = clean.rounds().get(last).perClassAccuracy()[1];
        double class1Attacked = attacked.rounds().get(last).perClassAccuracy()[1];
        assertTrue(class1Clean - class1Attacked >= 0.2, class1Attacked + " vs " + class1Clean);
        assertEquals(0.0, clean.metric("flip_1_to_7")[last]);
        assertTrue(attacked.metric("flip_1_to_7")[last] >= 0.1, "flip success " + attacked.metric("flip_1_to_7")[last]);
        assertTrue(clean.accuracy()[last] - attacked.accuracy()[last] < 0.05,
                attacked.accuracy()[last] + " vs " + clean.accuracy()[last]);
    }

    /**
     * Same seed, same history bit for bit, whatever the thread count, with every kind of attacker
     * in the round: data poisoning, seeded noise, peer-observing ALIE and exact replacement, sybils.
     */
    @Test
    void attacksAreDeterministicUnderTheSeed() {
        History[] runs = new History[3];
        int[] threads = {1, 2, 2};
        for (int k = 0; k < 3; k++) {
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(HonestClient.of(i, PARTS.get(i)));
            }
            clients.add(MaliciousClient.builder(6, PARTS.get(6)).dataPoisoning(LabelFlip.random(0.5))
                    .modelPoisoning(GaussianNoise.additive(0.01)).build());
            clients.add(MaliciousClient.builder(7, PARTS.get(7)).modelPoisoning(ALittleIsEnough.withMalicious(2)).build());
            clients.add(MaliciousClient.builder(8, PARTS.get(8)).modelPoisoning(
                    ModelReplacement.exactOwnModel(ModelReplacement.Weighting.SAMPLE_WEIGHTED)).build());
            clients.addAll(Sybils.crafted(20, 2, 50, Sybils.towards(Mlp.of(64, 32, 10).init(7)), 0.01,
                    Schedule.every(1, 3, 2), 9));
            runs[k] = Simulation.builder().model(Mlp.of(64, 32, 10)).clients(clients).test(DIGITS.test()).rounds(4)
                    .train(new TrainConfig(1, 16, 0.3)).seed(11).threads(threads[k]).build().run();
        }
        assertEquals(runs[0], runs[1]);
        assertEquals(runs[1], runs[2]);
    }

    /**
     * Exact model replacement inside the simulation: client 9 observes the other nine updates of
     * the round and lands the global model on its target, under sample-weighted and equal-weighted
     * FedAvg, to float32 precision ({@code ||w - w_target|| <= 1e-5 ||w_target||}), in every round
     * it attacks; the distance is large in the round before.
     */
    @Test
    void exactReplacementLandsTheGlobalModelOnTheTarget() {
        Mlp mlp = Mlp.of(64, 32, 10);
        org.nd4j.linalg.api.ndarray.INDArray target = mlp.init(123).mul(2);
        double tol = 1e-5 * target.norm2Number().doubleValue();
        for (ModelReplacement.Weighting w : ModelReplacement.Weighting.values()) {
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < K; i++) {
                clients.add(i < K - 1 ? HonestClient.of(i, PARTS.get(i))
                        : MaliciousClient.builder(i, PARTS.get(i)).modelPoisoning(ModelReplacement.exact(target, w))
                                .schedule(Schedule.from(2)).build());
            }
            History h = Simulation.builder().model(mlp).clients(clients).test(DIGITS.test()).rounds(4)
                    .aggregator(w == ModelReplacement.Weighting.EQUAL ? org.fedpoison.aggregate.FedAvg.equalWeights()
                            : org.fedpoison.aggregate.FedAvg.sampleWeighted())
                    .train(new TrainConfig(1, 16, 0.3)).seed(4)
                    .metric(org.fedpoison.metrics.DistanceToTarget.of(target)).build().run();
            double[] dist = h.metric("distance_to_target");
            assertTrue(dist[1] > 0.5 * target.norm2Number().doubleValue(), w + ": before the attack " + dist[1]);
            for (int r = 2; r < 4; r++) {
                assertTrue(dist[r] <= tol, w + ", round " + r + ": distance " + dist[r]);
            }
        }
    }
}
