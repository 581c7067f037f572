package org.fedpoison.attack.model;

import static org.fedpoison.attack.Fixtures.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.Knowledge;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.Clients;
import org.fedpoison.fl.Simulation;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attack-knowledge model of the peer-observing attacks, on ByzFL's 3x3 example
 * ({@code [1,2,3], [4,5,6], [7,8,9]} as the benign updates), and ALIE's colluders sending one vector.
 */
class KnowledgeTest {
    private static final List<ClientUpdate> BENIGN = List.of(
            new ClientUpdate(0, vec(1, 2, 3), 10),
            new ClientUpdate(1, vec(4, 5, 6), 10),
            new ClientUpdate(2, vec(7, 8, 9), 10));
    private static final ClientUpdate OWN = new ClientUpdate(9, vec(1, -2, 0.5), 10);
    private static final RoundContext CTX = Fixtures.ctx(0, vec(0, 0, 0), 1, 4, BENIGN);

    @Test
    void signFlipOverTheBenignUpdatesIsByzFlsSignFlipping() {
        // ByzFL's SignFlipping on the example: -mean = [-4, -5, -6]
        SignFlip benign = SignFlip.of().knowing(Knowledge.BENIGN_UPDATES);
        assertEquals(vec(-4, -5, -6), benign.poison(OWN, CTX).delta());
        assertTrue(benign.needsPeers());
        // the default knows only its own update and does not observe peers
        assertEquals(Knowledge.OWN_UPDATE, SignFlip.of().knowledge());
        assertFalse(SignFlip.of().needsPeers());
        assertEquals(vec(-1, 2, -0.5), SignFlip.of().poison(OWN, CTX).delta());
    }

    @Test
    void innerProductManipulationIsByzFlsFallOfEmpiresWithTauOnePlusEpsilon() {
        // ByzFL's FallOfEmpires(3): (1 - 3) * mean = [-8, -10, -12]; ours with epsilon = 2
        assertEquals(vec(-8, -10, -12), InnerProductManipulation.of(2).poison(OWN, CTX).delta());
        // own update only: -epsilon * own, and no peers needed
        InnerProductManipulation own = InnerProductManipulation.of(2).knowing(Knowledge.OWN_UPDATE);
        assertEquals(vec(-2, 4, -1), own.poison(OWN, CTX).delta());
        assertFalse(own.needsPeers());
        // benign and own pooled: mean of the four
        assertEquals(vec(-6.5, -6.5, -9.25),
                InnerProductManipulation.of(2).knowing(Knowledge.BENIGN_AND_OWN).poison(OWN, CTX).delta());
    }

    @Test
    void aLittleIsEnoughMatchesByzFlWithTheSampleStdConversion() {
        // ByzFL's ALittleIsEnough(tau) = mean + tau * sample std (std 3 in every coordinate here);
        // with tau = -1.5: [4 - 4.5, 5 - 4.5, 6 - 4.5]. Ours uses the population std sqrt(6):
        // z = 1.5 * sqrt(3 / 2) gives the same vector.
        INDArray d = ALittleIsEnough.withZ(1.5 * Math.sqrt(1.5)).poison(OWN, CTX).delta();
        assertArrayEquals(new double[] {-0.5, 0.5, 1.5}, d.toDoubleVector(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ALittleIsEnough.withZ(1).knowing(Knowledge.OWN_UPDATE));
        assertTrue(ALittleIsEnough.withZ(1).needsPeers());
    }

    @Test
    void colludersWithDifferentOwnUpdatesSendOneVector() {
        ClientUpdate other = new ClientUpdate(8, vec(100, 0, -7), 10);
        ALittleIsEnough alie = ALittleIsEnough.withZ(1.0);
        assertEquals(alie.poison(OWN, CTX).delta(), alie.poison(other, CTX).delta());
        ALittleIsEnough pooled = alie.knowing(Knowledge.BENIGN_AND_OWN);
        assertNotEquals(pooled.poison(OWN, CTX).delta(), pooled.poison(other, CTX).delta(),
                "pooling its own update makes each attacker's vector its own");
    }

    /** In a simulation, three ALIE attackers with different local data send bit-identical updates every round. */
    @Test
    void aliesColludersSendTheSameUpdateInASimulation() {
        TrainTest digits = Datasets.digits();
        List<Dataset> parts = Partitioners.iid().partition(digits.train(), 10, 5);
        List<Client> clients = new ArrayList<>(Clients.honest(parts));
        for (int i = 0; i < 3; i++) {
            clients.set(i, MaliciousClient.builder(i, parts.get(i)).modelPoisoning(ALittleIsEnough.withMalicious(3))
                    .build());
        }
        Map<Integer, List<float[]>> sent = new TreeMap<>();
        Aggregator recording = Aggregator.named("recording", (updates, ctx) -> {
            List<float[]> round = new ArrayList<>();
            for (ClientUpdate u : updates) {
                if (u.clientId() < 3) {
                    round.add(FlatVectors.toArray(u.delta()));
                }
            }
            sent.put(ctx.round(), round);
            return FedAvg.sampleWeighted().aggregate(updates, ctx);
        });
        Simulation.builder().model(SoftmaxRegression.of(64, 10)).clients(clients).test(digits.test())
                .aggregator(recording).rounds(3).train(new TrainConfig(1, 16, 0.1)).seed(3).build().run();
        assertEquals(3, sent.size());
        for (Map.Entry<Integer, List<float[]>> e : sent.entrySet()) {
            List<float[]> round = e.getValue();
            assertEquals(3, round.size());
            assertArrayEquals(round.get(0), round.get(1), "round " + e.getKey() + ": attackers 0 and 1");
            assertArrayEquals(round.get(0), round.get(2), "round " + e.getKey() + ": attackers 0 and 2");
        }
    }
}
