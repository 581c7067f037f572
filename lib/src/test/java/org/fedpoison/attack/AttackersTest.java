package org.fedpoison.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.attack.model.SignFlip;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.fl.Clients;
import org.junit.jupiter.api.Test;

class AttackersTest {
    private static final TrainConfig CFG = new TrainConfig(1, 4, 0.1);

    private static List<Client> honest() {
        List<Dataset> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(Fixtures.images3x3(6 + i, 3));
        }
        return Clients.honest(parts, CFG);
    }

    @Test
    void replacesExactlyTheNamedClientsKeepingOrderDataAndSettings() {
        List<Client> clients = honest();
        List<Client> out = Attackers.replace(clients, List.of(1, 3), b -> b.modelPoisoning(SignFlip.of()));
        assertEquals(4, out.size());
        assertSame(clients.get(0), out.get(0));
        assertSame(clients.get(2), out.get(2));
        for (int id : new int[] {1, 3}) {
            MaliciousClient m = (MaliciousClient) out.get(id);
            assertEquals(id, m.id());
            assertEquals(clients.get(id).numExamples(), m.numExamples());
            assertSame(((org.fedpoison.fl.HonestClient) clients.get(id)).data(), m.cleanData());
            assertTrue(m.isMalicious());
        }
        assertEquals(4, clients.size(), "the input is not modified");
        assertTrue(!clients.get(1).isMalicious());
    }

    @Test
    void dataAndModelPoisoningShortcuts() {
        MaliciousClient d = (MaliciousClient) Attackers.replace(honest(), List.of(0), LabelFlip.random(1.0)).get(0);
        assertTrue(d.dataPoisoning() != null && d.modelPoisoning() == null);
        MaliciousClient m = (MaliciousClient) Attackers.replace(honest(), List.of(0), SignFlip.of(3)).get(0);
        assertTrue(m.dataPoisoning() == null && m.modelPoisoning() != null);
    }

    @Test
    void rejectsUnknownIdsAndNonHonestClients() {
        assertThrows(IllegalArgumentException.class, () -> Attackers.replace(honest(), List.of(9), SignFlip.of()));
        List<Client> once = Attackers.replace(honest(), List.of(0), SignFlip.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Attackers.replace(once, List.of(0), SignFlip.of()));
        assertTrue(e.getMessage().contains("client 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Attackers.replace(honest(), List.of(0), b -> null));
    }
}
