package org.fedpoison.attack;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.aggregate.NormClipping;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.ClientRecord;
import org.fedpoison.fl.History;
import org.fedpoison.fl.HonestClient;
import org.fedpoison.fl.Simulation;
import org.fedpoison.metrics.BackdoorSuccess;
import org.fedpoison.model.Mlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reproduces the headline of Bagdasaryan et al. (AISTATS 2020) on the shipped digits data, and the
 * norm-clipping defense of Sun et al. (2019), for four seeds.
 *
 * <p>Setting: MLP 64-32-10; 10 clients holding an IID split of the digits training set; FedAvg;
 * honest local training 1 epoch, batch 16, learning rate 0.3. Client 3 is the attacker: in round
 * 20 only (one shot) it trains 4 epochs at learning rate 0.2 on its data plus stamped copies of
 * half of its non-target examples (a 4-pixel bar in column 0, a column that is blank in every
 * digit, relabelled to 0) and boosts its update by K = 10 ({@link ModelReplacement#boosted()}).
 *
 * <p>Thresholds: backdoor success above 90% right after round 20; clean accuracy after round 20
 * within 3 points of the same run without the attacker; with norm clipping at the median honest
 * norm of round 19, backdoor success below 20% after round 20.
 */
class BackdoorReproductionTest {
    private static final TrainTest DIGITS = Datasets.digits();
    private static final int K = 10;
    private static final int ATTACKER = 3;
    private static final int ATTACK_ROUND = 20;
    private static final TrainConfig HONEST = new TrainConfig(1, 16, 0.3);
    private static final TrainConfig ATTACK = new TrainConfig(4, 16, 0.2);
    private static final PixelPatternBackdoor BACKDOOR =
            PixelPatternBackdoor.appending(Trigger.rectangle(2, 0, 4, 1, 1f), 0, 0.5);

    private static History run(long seed, boolean attack, Aggregator aggregator) {
        List<Dataset> parts = Partitioners.iid().partition(DIGITS.train(), K, seed + 2);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            if (attack && i == ATTACKER) {
                clients.add(MaliciousClient.builder(i, parts.get(i)).attackTrain(ATTACK)
                        .dataPoisoning(BACKDOOR).modelPoisoning(ModelReplacement.boosted())
                        .schedule(Schedule.oneShot(ATTACK_ROUND)).seed(seed).build());
            } else {
                clients.add(HonestClient.of(i, parts.get(i)));
            }
        }
        return Simulation.builder().model(Mlp.of(64, 32, 10)).clients(clients).test(DIGITS.test())
                .aggregator(aggregator).rounds(ATTACK_ROUND + 1).train(HONEST).seed(seed)
                .metric(BackdoorSuccess.of(DIGITS.test(), BACKDOOR)).build().run();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void oneBoostedAttackerInOneRoundImplantsTheBackdoor(long seed) {
        History clean = run(seed, false, FedAvg.sampleWeighted());
        History attacked = run(seed, true, FedAvg.sampleWeighted());
        double before = attacked.metric("backdoor_success")[ATTACK_ROUND - 1];
        double after = attacked.metric("backdoor_success")[ATTACK_ROUND];
        assertTrue(before < 0.1, "no backdoor before the attack: " + before);
        assertTrue(after > 0.9, "backdoor success after the one-shot attack: " + after);
        double drop = clean.accuracy()[ATTACK_ROUND] - attacked.accuracy()[ATTACK_ROUND];
        assertTrue(Math.abs(drop) <= 0.03, "clean accuracy " + attacked.accuracy()[ATTACK_ROUND]
                + " vs " + clean.accuracy()[ATTACK_ROUND] + " without the attacker");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void normClippingAtTheHonestMedianStopsIt(long seed) {
        History attacked = run(seed, true, FedAvg.sampleWeighted());
        double[] honestNorms = attacked.rounds().get(ATTACK_ROUND - 1).clients().stream()
                .filter(c -> !c.malicious()).mapToDouble(ClientRecord::norm).sorted().toArray();
        double bound = honestNorms[honestNorms.length / 2];
        History clipped = run(seed, true, NormClipping.of(bound, FedAvg.sampleWeighted()));
        double maliciousNorm = clipped.rounds().get(ATTACK_ROUND).clients().stream()
                .filter(ClientRecord::malicious).mapToDouble(ClientRecord::norm).max().orElseThrow();
        assertTrue(maliciousNorm > 10 * bound, "the attacker did send a boosted update: " + maliciousNorm);
        double after = clipped.metric("backdoor_success")[ATTACK_ROUND];
        assertTrue(after < 0.2, "backdoor success under clipping to " + bound + ": " + after
                + " (all rounds " + Arrays.toString(clipped.metric("backdoor_success")) + ")");
    }
}
