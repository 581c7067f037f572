package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.aggregate.Krum;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Metric;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.RoundNotAggregatable;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;

/**
 * A round that cannot be aggregated is recorded with a typed reason and, by the policy, skipped or
 * the end of the run — never a lost run; errors of user code name the component and the round.
 */
class RoundFailureTest {

    /** Sends {@code [id, 0, 0, 0]}, or NaN in the rounds {@code nanIn} says. */
    record Sender(int id, int nanIn) implements Client {
        @Override
        public long numExamples() {
            return 1;
        }

        @Override
        public ClientUpdate update(RoundContext ctx) {
            float v = ctx.round() == nanIn ? Float.NaN : id * 1e-3f;
            return new ClientUpdate(id, FlatVectors.of(new float[] {v, 0, 0, 0}), 1);
        }
    }

    static List<Client> eleven(int nanClient, int nanRound) {
        List<Client> cs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            cs.add(new Sender(i, i == nanClient ? nanRound : -1));
        }
        return cs;
    }

    static Simulation.Builder krum(List<Client> clients, RoundPolicy policy) {
        return SimulationTest.tiny(clients).aggregator(Krum.of(4)).rounds(5).threads(2).roundPolicy(policy);
    }

    @Test
    void krumShortOfUpdatesAfterADropSkipsThatRoundOnlyAndSaysWhy() {
        // Krum(4) needs 11 updates; client 3's NaN in round 2 leaves 10
        History h = krum(eleven(3, 2), RoundPolicy.SKIP_ROUND).build().run();
        assertEquals(5, h.numRounds());
        assertArrayEquals(new int[] {2}, h.rejectedRounds());
        assertTrue(h.stoppedAt().isEmpty());
        RoundRejection why = h.rounds().get(2).rejection();
        assertEquals(RoundRejection.Reason.TOO_FEW_UPDATES, why.reason());
        assertEquals("Krum(f=4)", why.component());
        assertEquals(2, why.round());
        assertTrue(why.message().contains("needs at least 11") && why.message().contains("has 10")
                && why.message().contains("[3]"), why.message());
        assertEquals(List.of(3), h.rounds().get(2).droppedClients());
        // the global model of round 2 is that of round 1; rounds 3 and 4 move it again
        assertArrayEquals(FlatVectors.toArray(h.rounds().get(1).globalAfter()),
                FlatVectors.toArray(h.rounds().get(2).globalAfter()));
        assertFalse(java.util.Arrays.equals(FlatVectors.toArray(h.rounds().get(2).globalAfter()),
                FlatVectors.toArray(h.rounds().get(3).globalAfter())));
        assertTrue(h.toTable().booleanColumn("aggregate_rejected").get(2));
    }

    @Test
    void theStopPolicyReturnsTheHistoryUpToTheRoundItCouldNotAggregate() {
        History h = krum(eleven(3, 2), RoundPolicy.STOP).build().run();
        assertEquals(3, h.numRounds(), "rounds 0 and 1, then the rejected round 2");
        assertEquals(2, h.stoppedAt().getAsInt());
        assertEquals(RoundRejection.Reason.TOO_FEW_UPDATES, h.last().rejection().reason());
        assertArrayEquals(FlatVectors.toArray(h.rounds().get(1).globalAfter()), FlatVectors.toArray(h.finalParams()));
        assertEquals(3, h.trainSeconds().length);
        // the rounds before it are those of the run that skips
        History skipped = krum(eleven(3, 2), RoundPolicy.SKIP_ROUND).build().run();
        assertEquals(skipped.rounds().subList(0, 3), h.rounds());
    }

    @Test
    void everyUpdateDroppedIsARecordedRoundWithoutUpdates() {
        List<Client> one = List.of(new Sender(0, 1));
        History h = SimulationTest.tiny(one).rounds(3).build().run();
        assertArrayEquals(new int[] {1}, h.rejectedRounds());
        assertEquals(RoundRejection.Reason.NO_UPDATES, h.rounds().get(1).rejection().reason());
        assertEquals(3, h.numRounds());
    }

    /** Rejects every round (as a norm screen that keeps nothing would). */
    static final Aggregator NOTHING_KEPT = Aggregator.named("Screen", (updates, ctx) -> {
        throw new RoundNotAggregatable("Screen kept 0 of " + updates.size() + " updates");
    });

    @Test
    void aRuleThatFindsNothingToAggregateIsRecordedWithItsOwnReason() {
        History h = SimulationTest.tiny(SimulationTest.fixture()).aggregator(NOTHING_KEPT).rounds(2).build().run();
        assertArrayEquals(new int[] {0, 1}, h.rejectedRounds());
        RoundRejection why = h.last().rejection();
        assertEquals(RoundRejection.Reason.NOT_AGGREGATABLE, why.reason());
        assertEquals("Screen", why.component());
        assertTrue(why.message().contains("Screen kept 0 of 3 updates") && why.message().contains("round 1"),
                why.message());
        assertArrayEquals(new float[] {10, 20, 30, 40}, FlatVectors.toArray(h.finalParams()));
        History stopped = SimulationTest.tiny(SimulationTest.fixture()).aggregator(NOTHING_KEPT).rounds(2)
                .roundPolicy(RoundPolicy.STOP).build().run();
        assertEquals(1, stopped.numRounds());
        assertEquals(0, stopped.stoppedAt().getAsInt());
    }

    @Test
    void aNormScreenThatRejectsEveryUpdateIsARecordedRoundNotAFrozenModel() {
        // a bound below every update's norm: each round keeps nothing
        org.fedpoison.aggregate.NormScreen screen = org.fedpoison.aggregate.NormScreen.of(1e-12, FedAvg.sampleWeighted());
        History h = SimulationTest.tiny(SimulationTest.fixture()).aggregator(screen).rounds(2).build().run();
        assertArrayEquals(new int[] {0, 1}, h.rejectedRounds());
        RoundRejection why = h.last().rejection();
        assertEquals(RoundRejection.Reason.NOT_AGGREGATABLE, why.reason());
        assertEquals(screen.name(), why.component());
        assertTrue(why.message().contains("kept 0 of"), why.message());
        assertArrayEquals(new float[] {10, 20, 30, 40}, FlatVectors.toArray(h.finalParams()));
    }

    @Test
    void anAggregatorReturningNullIsNamedWithTheRound() {
        Aggregator nothing = Aggregator.named("Forgetful", (u, ctx) -> null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SimulationTest.tiny(SimulationTest.fixture()).aggregator(nothing).build().run());
        assertTrue(e.getMessage().contains("aggregator Forgetful returned null in round 0"), e.getMessage());
    }

    @Test
    void anAggregatorThatThrowsIsNamedWithTheRoundAndKeepsItsKindAndCause() {
        IllegalArgumentException cause = new IllegalArgumentException("dimension 3 expected");
        Aggregator broken = Aggregator.named("Broken", (u, ctx) -> {
            if (ctx.round() == 1) {
                throw cause;
            }
            return FedAvg.sampleWeighted().aggregate(u, ctx);
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationTest.tiny(SimulationTest.fixture()).aggregator(broken).rounds(3).build().run());
        assertEquals("aggregator Broken failed in round 1: dimension 3 expected", e.getMessage());
        assertEquals(cause, e.getCause());
    }

    @Test
    void aMetricThatThrowsIsNamedWithTheRound() {
        Metric fragile = Metric.named("fragile", (model, global) -> {
            throw new ArithmeticException("/ by zero");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SimulationTest.tiny(SimulationTest.fixture()).metric(fragile).build().run());
        assertEquals("metric 'fragile' failed in round 0: / by zero", e.getMessage());
        assertInstanceOf(ArithmeticException.class, e.getCause());
    }

    @Test
    void anOnRoundCallbackThatThrowsIsNamedWithTheRound() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SimulationTest.tiny(SimulationTest.fixture()).rounds(3).onRound(r -> {
                    if (r.round() == 2) {
                        throw new IllegalStateException("display closed");
                    }
                }).build().run());
        assertEquals("the onRound callback failed in round 2: display closed", e.getMessage());
    }

    /** Sends an update in the name of another client. */
    record Impostor(int id, int claims) implements Client {
        @Override
        public long numExamples() {
            return 1;
        }

        @Override
        public ClientUpdate update(RoundContext ctx) {
            return new ClientUpdate(claims, FlatVectors.of(new float[4]), 1);
        }
    }

    @Test
    void anUpdateMustCarryItsClientsId() {
        List<Client> cs = List.of(new Sender(0, -1), new Impostor(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationTest.tiny(cs).build().run());
        assertTrue(e.getMessage().contains("client 1 sent an update with clientId 0 in round 0"), e.getMessage());
    }

    @Test
    void aClientThatThrowsIsNamedWithTheRound() {
        Client bad = new Client() {
            @Override
            public int id() {
                return 7;
            }

            @Override
            public long numExamples() {
                return 1;
            }

            @Override
            public ClientUpdate update(RoundContext ctx) {
                throw new IllegalStateException("out of data");
            }
        };
        List<Client> cs = List.of(new Sender(0, -1), bad, new Sender(9, -1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SimulationTest.tiny(cs).threads(2).build().run());
        assertEquals("client 7 failed in round 0: out of data", e.getMessage());
    }

    @Test
    void settingsAreAValidatedRecordAndBuilderMetricsAddInOrder() {
        Metric a = Metric.named("a", (m, g) -> 1);
        Metric b = Metric.named("b", (m, g) -> 2);
        SimulationSettings s = SimulationTest.tiny(SimulationTest.fixture()).metrics(a, b).fraction(0.5).settings();
        assertEquals(List.of("a", "b"), s.metrics().stream().map(Metric::name).toList());
        assertEquals(2, s.perRound()); // round(0.5 * 3) = 2
        assertEquals(RoundPolicy.SKIP_ROUND, s.roundPolicy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationTest.tiny(SimulationTest.fixture()).roundPolicy(null).build());
        assertEquals("roundPolicy is null, must be RoundPolicy.SKIP_ROUND or RoundPolicy.STOP", e.getMessage());
        assertNull(new Simulation(s).settings().onRound());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> SimulationTest.tiny(List.of(new Sender(-1, -1))).build());
        assertTrue(negative.getMessage().startsWith("client id -1 is negative, must be >= 0"), negative.getMessage());
    }

    @Test
    void theAggregatorComputesOnTheSimulationsThreads() {
        // the rule sees the simulation's Parallel (threads(n)), not the shared one, and only while it runs
        for (int threads : new int[] {1, 3}) {
            int[] seen = {0};
            Aggregator probe = Aggregator.named("probe", (u, ctx) -> {
                seen[0] = org.fedpoison.util.Parallel.current().threads();
                return FedAvg.sampleWeighted().aggregate(u, ctx);
            });
            SimulationTest.tiny(SimulationTest.fixture()).aggregator(probe).threads(threads).build().run();
            assertEquals(threads, seen[0]);
        }
        assertEquals(org.fedpoison.util.Parallel.shared(), org.fedpoison.util.Parallel.current());
    }
}
