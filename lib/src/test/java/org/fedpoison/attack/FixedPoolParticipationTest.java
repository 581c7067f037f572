package org.fedpoison.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.fl.History;
import org.fedpoison.fl.HonestClient;
import org.fedpoison.fl.RoundRecord;
import org.fedpoison.fl.Simulation;
import org.junit.jupiter.api.Test;

/**
 * A fixed-pool attacker ({@link Schedule.Participation#FIXED_POOL}) takes part in every active
 * round even when the server samples clients; a sampled one is drawn like everyone else.
 */
class FixedPoolParticipationTest {
    private static final Dataset LOCAL = Fixtures.images3x3(12, 3);

    @Test
    void alwaysParticipatesFollowsTheFixedPoolSchedule() {
        Schedule pool = new Schedule(2, 4, 1, Schedule.Participation.FIXED_POOL);
        MaliciousClient m = MaliciousClient.builder(4, LOCAL).schedule(pool).build();
        for (int t = 0; t < 7; t++) {
            assertEquals(t >= 2 && t <= 4, m.alwaysParticipates(t), "round " + t);
            assertEquals(m.forcedParticipation(t), m.alwaysParticipates(t), "round " + t);
        }
        MaliciousClient sampled = MaliciousClient.builder(4, LOCAL).schedule(Schedule.slowInjection(2, 4)).build();
        for (int t = 0; t < 7; t++) {
            assertFalse(sampled.alwaysParticipates(t), "round " + t);
        }
    }

    @Test
    void theSimulationIncludesTheFixedPoolInActiveRounds() {
        TrainConfig cfg = new TrainConfig(1, 4, 0.5);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            clients.add(HonestClient.of(i, LOCAL, cfg));
        }
        Schedule pool = new Schedule(3, 8, 1, Schedule.Participation.FIXED_POOL);
        clients.add(MaliciousClient.builder(9, LOCAL).train(cfg).schedule(pool).build());
        History h = Simulation.builder().model(org.fedpoison.model.SoftmaxRegression.of(9, 3)).clients(clients)
                .test(LOCAL).rounds(10).clientsPerRound(2).threads(1).build().run();
        for (RoundRecord r : h.rounds()) {
            List<Integer> ids = r.clients().stream().map(c -> c.clientId()).toList();
            assertEquals(2, ids.size(), "round " + r.round() + ": " + ids);
            if (r.round() >= 3 && r.round() <= 8) {
                assertTrue(ids.contains(9), "round " + r.round() + ": " + ids);
            }
        }
    }
}
