package org.fedpoison.attack.sybil;

import static org.fedpoison.attack.Fixtures.vec;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.Schedule;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.attack.sybil.AdmissionCost;
import org.fedpoison.attack.sybil.Sybils;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SybilsTest {

    private static final INDArray GLOBAL = vec(0, 0, 0);
    private static final INDArray TARGET = vec(5, -5, 5);
    private static final List<ClientUpdate> HONEST = List.of(
            new ClientUpdate(0, vec(0.1, 0.2, 0.3), 10),
            new ClientUpdate(1, vec(0.2, 0.1, 0.0), 10),
            new ClientUpdate(2, vec(0.3, 0.3, 0.1), 10),
            new ClientUpdate(3, vec(0.0, 0.2, 0.2), 10));

    /** The plain mean, for the search tests (FedAvg with equal weights written out). */
    private static final Aggregator MEAN = new Aggregator() {
        @Override
        public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
            return Fixtures.weightedMean(updates, false);
        }

        @Override
        public String name() {
            return "mean";
        }
    };

    @Test
    void copiesAreIdenticalAndPerturbationsSeeded() {
        RoundContext ctx = Fixtures.ctx(3, GLOBAL, 1, 7, List.of());
        List<Client> ids = Sybils.crafted(100, 3, 10, Sybils.towards(TARGET), 0.0, Schedule.always(), 9);
        assertEquals(List.of(100, 101, 102), ids.stream().map(Client::id).toList());
        for (Client c : ids) {
            assertTrue(c.isMalicious());
            assertEquals(TARGET, c.update(ctx).delta());
        }
        List<Client> noisy = Sybils.crafted(100, 2, 10, Sybils.towards(TARGET), 0.01, Schedule.always(), 9);
        List<Client> again = Sybils.crafted(100, 2, 10, Sybils.towards(TARGET), 0.01, Schedule.always(), 9);
        INDArray a = noisy.get(0).update(ctx).delta();
        assertEquals(a, again.get(0).update(ctx).delta(), "same seed, same perturbation");
        assertNotEquals(a, noisy.get(1).update(ctx).delta(), "identities differ");
        assertTrue(a.distance2(TARGET) < 0.1);
    }

    @Test
    void inactiveIdentitiesSendZero() {
        Client c = Sybils.crafted(5, 1, 10, Sybils.towards(TARGET), 0, Schedule.oneShot(2), 1).get(0);
        assertEquals(0.0, c.update(Fixtures.ctx(1, GLOBAL, 1, 5, List.of())).delta().norm2Number().doubleValue());
        assertEquals(TARGET, c.update(Fixtures.ctx(2, GLOBAL, 1, 5, List.of())).delta());
    }

    @Test
    void replacementCraftBreaksTheMeanWithOneIdentity() {
        Optional<Sybils.Break> b = Sybils.cheapestBreaking(MEAN, GLOBAL, HONEST, TARGET, 1e-9,
                Sybils.replacement(TARGET, ModelReplacement.Weighting.EQUAL), 10, AdmissionCost.free(), 10);
        assertTrue(b.isPresent());
        assertEquals(1, b.get().sybils());
        assertEquals(0.2, b.get().weight(), 1e-12);
    }

    @Test
    void copiesNeedManyIdentitiesAgainstTheMeanAndTheBudgetCaps() {
        // copies of T among 4 honest: global = (s T + sum h) / (s + 4); distance shrinks like 4/(s + 4)
        double[] d = Sybils.distances(MEAN, GLOBAL, HONEST, TARGET, Sybils.towards(TARGET), 10, 100);
        for (int s = 1; s < d.length; s++) {
            assertTrue(d[s] < d[s - 1], "more copies, closer: s = " + s);
        }
        Optional<Sybils.Break> b = Sybils.cheapestBreaking(MEAN, GLOBAL, HONEST, TARGET, 0.5,
                Sybils.towards(TARGET), 10, AdmissionCost.free(), 1000);
        assertTrue(b.isPresent());
        int s = b.get().sybils();
        assertTrue(d.length > s && d[s] <= 0.5 && d[s - 1] > 0.5, "smallest s within epsilon");
        AdmissionCost tight = AdmissionCost.of(2.0, 2.0 * (s - 1));
        assertTrue(Sybils.cheapestBreaking(MEAN, GLOBAL, HONEST, TARGET, 0.5, Sybils.towards(TARGET), 10, tight,
                1000).isEmpty(), "a budget for s - 1 identities is not enough");
    }

    @Test
    void weightIsShareOfIdentities() {
        assertEquals(0.5, Sybils.weight(100, 100));
        assertEquals(1.0 / 21, Sybils.weight(1, 20), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Sybils.weight(0, 0));
    }

    @Test
    void admissionCostCapsIdentities() {
        AdmissionCost c = new AdmissionCost(3.0, 10.0, "stake");
        assertEquals(3, c.maxIdentities());
        assertEquals(9.0, c.cost(3));
        assertTrue(c.affordable(3));
        assertFalse(c.affordable(4));
        assertThrows(IllegalArgumentException.class, () -> AdmissionCost.of(0, 10));
        assertThrows(IllegalArgumentException.class, () -> AdmissionCost.of(1, -1));
    }

    @Test
    void splitDataCoversTheDatasetOnceAcrossIdentities() {
        org.fedpoison.core.Dataset data = Fixtures.images3x3(11, 2);
        List<MaliciousClient> ids = Sybils.splitData(50, 3, data, LabelFlip.allToOne(1, 1.0), null,
                new org.fedpoison.core.TrainConfig(1, 4, 0.1), Schedule.always(), 7);
        assertEquals(List.of(50, 51, 52), ids.stream().map(MaliciousClient::id).toList());
        java.util.Set<Float> firstPixels = new java.util.HashSet<>();
        int total = 0;
        for (MaliciousClient c : ids) {
            int n = c.cleanData().size();
            assertTrue(n == 3 || n == 4, "sizes differ by at most one");
            total += n;
            for (int i = 0; i < n; i++) {
                assertTrue(firstPixels.add(c.cleanData().features().getFloat(i, 0)), "no example twice");
                assertEquals(1, c.poisonedData().label(i), "each share is poisoned");
            }
        }
        assertEquals(11, total);
        assertThrows(IllegalArgumentException.class, () -> Sybils.splitData(0, 12, data, null, null,
                new org.fedpoison.core.TrainConfig(1, 4, 0.1), Schedule.always(), 7));
    }

    @Test
    void theNamedGroupIsTheCraftedList() {
        RoundContext ctx = Fixtures.ctx(3, GLOBAL, 1, 7, List.of());
        List<Client> byName = Sybils.group(Sybils.towards(TARGET)).identities(2).firstId(100).examplesEach(10)
                .perturbSigma(0.01).seed(9).build();
        List<Client> byPosition = Sybils.crafted(100, 2, 10, Sybils.towards(TARGET), 0.01, Schedule.always(), 9);
        assertEquals(byPosition.stream().map(Client::id).toList(), byName.stream().map(Client::id).toList());
        for (int i = 0; i < 2; i++) {
            assertEquals(byPosition.get(i).numExamples(), byName.get(i).numExamples());
            assertEquals(byPosition.get(i).update(ctx).delta(), byName.get(i).update(ctx).delta());
        }
        assertThrows(IllegalArgumentException.class, () -> Sybils.group(Sybils.towards(TARGET)).identities(0).build());
    }

    @Test
    void scaledToKeepsTheDirectionAtTheGivenLength() {
        Sybils.Craft c = Sybils.scaledTo(Sybils.towards(TARGET), 2.0);
        INDArray d = c.delta(GLOBAL, List.of(), 3, 10);
        assertEquals(2.0, org.fedpoison.util.FlatVectors.norm(d), 1e-6);
        // (5, -5, 5) / ||.|| * 2 = (1.1547, -1.1547, 1.1547)
        assertEquals(2.0 / Math.sqrt(3), d.getDouble(0), 1e-6);
        assertEquals(-2.0 / Math.sqrt(3), d.getDouble(1), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Sybils.scaledTo(Sybils.towards(TARGET), 0));
    }
}
