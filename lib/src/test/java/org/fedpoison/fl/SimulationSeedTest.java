package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.SoftmaxRegression;
import org.junit.jupiter.api.Test;

/** The data poisoning of a malicious client without its own seed follows the simulation's seed. */
class SimulationSeedTest {
    static final TrainTest DIGITS = Datasets.digits();
    static final List<Dataset> PARTS = Partitioners.iid().partition(DIGITS.train(), 6, 2);

    static Simulation simulation(MaliciousClient attacker, long seed) {
        List<Client> clients = new ArrayList<>(Clients.honest(PARTS));
        clients.set(0, attacker);
        return Simulation.builder().model(SoftmaxRegression.of(64, 10)).clients(clients).test(DIGITS.test())
                .rounds(2).train(new TrainConfig(1, 16, 0.1)).seed(seed).build();
    }

    static int[] poisonedLabels(Simulation s) {
        return ((MaliciousClient) s.clients().get(0)).poisonedData().labels();
    }

    @Test
    void aMultiSeedRunVariesThePoisonedExamples() {
        MaliciousClient attacker = MaliciousClient.builder(0, PARTS.get(0)).dataPoisoning(LabelFlip.random(0.5)).build();
        int[][] labels = new int[3][];
        long[] seeds = {1, 2, 3};
        for (int i = 0; i < seeds.length; i++) {
            labels[i] = poisonedLabels(simulation(attacker, seeds[i]));
        }
        assertFalse(Arrays.equals(labels[0], labels[1]), "seeds 1 and 2 flip the same examples");
        assertFalse(Arrays.equals(labels[1], labels[2]), "seeds 2 and 3 flip the same examples");
        // the same seed gives the same poisoning, and so does the client shown outside a simulation
        assertArrayEquals(labels[1], poisonedLabels(simulation(attacker, 2)));
        assertEquals(Simulation.DEFAULT_SEED, MaliciousClient.DEFAULT_SEED);
        Simulation byDefault = simulation(attacker, Simulation.DEFAULT_SEED);
        assertSame(attacker, byDefault.clients().get(0), "default seed: the client as built");
        assertArrayEquals(attacker.poisonedData().labels(), poisonedLabels(byDefault));
        // and the histories differ beyond the sampling and training seeds' effect on honest clients
        assertNotEquals(simulation(attacker, 1).run(), simulation(attacker, 2).run());
    }

    @Test
    void anExplicitPoisoningSeedStaysFixed() {
        MaliciousClient fixed = MaliciousClient.builder(0, PARTS.get(0)).dataPoisoning(LabelFlip.random(0.5)).seed(9)
                .build();
        Simulation a = simulation(fixed, 1);
        Simulation b = simulation(fixed, 2);
        assertSame(fixed, a.clients().get(0));
        assertArrayEquals(poisonedLabels(a), poisonedLabels(b));
        assertEquals(9, ((MaliciousClient) b.clients().get(0)).seed());
    }
}
