package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.aggregate.Krum;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.Schedule;
import org.fedpoison.attack.model.SignFlip;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.SoftmaxRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What is knowable when a simulation is built is refused there (issue 12, point 5). */
class BuildChecksTest {
    static final TrainTest DIGITS = Datasets.digits();
    static final List<Dataset> PARTS = Partitioners.iid().partition(DIGITS.train(), 11, 4);

    static Simulation.Builder base(List<? extends Client> clients) {
        return Simulation.builder().model(SoftmaxRegression.of(64, 10)).clients(clients).test(DIGITS.test())
                .train(new TrainConfig(1, 16, 0.1)).seed(5);
    }

    static void assertRefused(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" should contain \"" + f + "\"");
        }
    }

    @Test
    void krumWithTooFewClientsPerRoundIsRefusedAtBuild() {
        assertRefused(() -> base(Clients.honest(PARTS)).aggregator(Krum.of(4)).fraction(0.5).rounds(3).build(),
                "Krum(f=4)", "at least 11 updates", "clientsPerRound is 6", "fraction 0.5 of 11 clients");
        assertEquals(11, base(Clients.honest(PARTS)).aggregator(Krum.of(4)).rounds(1).build().clientsPerRound());
    }

    @Test
    void aScheduleNeverActiveInTheRoundsIsRefusedAtBuild() {
        List<Client> clients = new ArrayList<>(Clients.honest(PARTS));
        clients.set(2, MaliciousClient.builder(2, PARTS.get(2)).modelPoisoning(SignFlip.of())
                .schedule(Schedule.oneShot(50)).build());
        assertRefused(() -> base(clients).rounds(3).build(), "client 2", "never active", "rounds 0 to 2",
                "rounds count from 0", "rounds(51)");
        assertEquals(11, base(clients).rounds(51).build().clientsPerRound());
    }
}
