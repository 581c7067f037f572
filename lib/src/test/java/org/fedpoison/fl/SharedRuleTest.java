package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.aggregate.FoolsGold;
import org.fedpoison.aggregate.NormClipping;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.SoftmaxRegression;
import org.junit.jupiter.api.Test;

/**
 * A stateful rule (FoolsGold keeps every client's history of updates) handed to two simulations that
 * run at the same time gives each the history it gives when the two run one after the other.
 */
class SharedRuleTest {
    static final TrainTest DIGITS = Datasets.digits();

    static Simulation simulation(Aggregator rule, long seed, int numClients) {
        List<Dataset> parts = Partitioners.dirichlet(0.5).partition(DIGITS.train(), numClients, seed);
        List<Client> clients = new ArrayList<>(Clients.honest(parts));
        return Simulation.builder().model(SoftmaxRegression.of(64, 10)).clients(clients).test(DIGITS.test())
                .aggregator(rule).rounds(6).train(new TrainConfig(1, 16, 0.1)).seed(seed).threads(1).build();
    }

    @Test
    void twoConcurrentSimulationsSharingFoolsGoldEqualSequentialRuns() throws Exception {
        FoolsGold shared = FoolsGold.of();
        Aggregator[] rules = {shared, NormClipping.of(5, shared), Aggregator.named("fg", shared)};
        for (Aggregator rule : rules) {
            Simulation a = simulation(rule, 1, 8);
            Simulation b = simulation(rule, 2, 11);
            History seqA = a.run();
            History seqB = b.run();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int rep = 0; rep < 2; rep++) {
                    CyclicBarrier start = new CyclicBarrier(2);
                    Future<History> fa = pool.submit(() -> {
                        start.await();
                        return a.run();
                    });
                    Future<History> fb = pool.submit(() -> {
                        start.await();
                        return b.run();
                    });
                    assertEquals(seqA, fa.get(), rule.name() + ": simulation A, concurrent with B, repeat " + rep);
                    assertEquals(seqB, fb.get(), rule.name() + ": simulation B, concurrent with A, repeat " + rep);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(0, shared.historySize(), "the shared instance itself keeps no history");
    }

    @Test
    void forSimulationGivesAFreshStatefulRuleAndKeepsStatelessOnes() {
        FoolsGold fg = FoolsGold.of(2);
        FoolsGold fresh = fg.forSimulation();
        assertNotSame(fg, fresh);
        assertEquals(fg.kappa(), fresh.kappa());
        Aggregator mean = FedAvg.sampleWeighted();
        assertSame(mean, mean.forSimulation());
        NormClipping clipMean = NormClipping.of(1, mean);
        assertSame(clipMean, clipMean.forSimulation());
        NormClipping clipFg = NormClipping.of(1, fg);
        assertNotSame(clipFg, clipFg.forSimulation());
        assertEquals(clipFg.name(), clipFg.forSimulation().name());
    }
}
