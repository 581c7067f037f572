package org.fedpoison.fl;

import static org.fedpoison.fl.SimulationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.SimulationTest.Fixed;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** No NaN or infinity reaches the global model without an error or a record (unless naive mode is asked for). */
class NonFiniteGuardTest {

    static List<Client> honest() {
        return List.of(new Fixed(0, 1, new float[] {1, 0, 0, 0}, false));
    }

    @Test
    void nonFiniteInitialParamsAreRejectedNamingTheIndexAndValue() {
        assertMessage("initialParams[2] is NaN", () -> SimulationTest.tiny(honest())
                .initialParams(FlatVectors.of(new float[] {0, 0, Float.NaN, 0})).build());
        assertMessage("initialParams[1] is -Infinity", () -> SimulationTest.tiny(honest())
                .initialParams(FlatVectors.of(new float[] {0, Float.NEGATIVE_INFINITY, Float.NaN, 0})).build());
        // finite as a double, infinite once cast to float32
        INDArray big = Nd4j.createFromArray(new double[] {0, 0, 0, 1e39});
        assertMessage("initialParams[3] is 1.0E39, which overflows float32", () -> SimulationTest.tiny(honest())
                .initialParams(big).build());
        // finite float32 values so large that the logits overflow
        assertMessage("initialParams give the model", () -> SimulationTest.tiny(honest())
                .initialParams(FlatVectors.of(new float[] {3e38f, -3e38f, 3e38f, -3e38f})).build());
        // the input is not modified and a double array of moderate values is accepted
        INDArray ok = Nd4j.createFromArray(new double[] {1, 2, 3, 4});
        History h = SimulationTest.tiny(honest()).initialParams(ok).build().run();
        assertArrayEquals(new float[] {2, 2, 3, 4}, FlatVectors.toArray(h.finalParams()));
        assertEquals(DataType.DOUBLE, ok.dataType());
        assertEquals(1.0, ok.getDouble(0));
    }

    @Test
    void emptyOrNonFiniteDataIsRejectedByName() {
        assertMessage("test has 0 examples", () -> SimulationTest.tiny(honest())
                .test(SimulationTest.TINY_TEST.subset(new int[0])).build());
        float[] x = FlatVectors.toArray(SimulationTest.TINY_TEST.features());
        x[3] = Float.NaN; // example 3, feature 0 (one feature per example)
        INDArray nanFeatures = Nd4j.createFromArray(x).reshape(x.length, 1);
        assertMessage("test example 3 has feature 0 = NaN", () -> SimulationTest.tiny(honest())
                .test(SimulationTest.TINY_TEST.withFeatures(nanFeatures)).build());
        assertMessage("client 4: local data example 3 has feature 0 = NaN",
                () -> HonestClient.of(4, SimulationTest.TINY_TEST.withFeatures(nanFeatures)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulationTest.TINY.evaluate(
                SimulationTest.TINY.init(1), SimulationTest.TINY_TEST.subset(new int[0])));
        assertTrue(e.getMessage().contains("0 examples"), e.getMessage());
    }

    @Test
    void anOverflowingSumKeepsThePreviousGlobalModelAndIsRecorded() {
        // one honest client sends the largest float each round: round 0 gives w0 = 10 + MAX (finite),
        // round 1 would give MAX + MAX = infinity
        List<Client> clients = List.of(new Fixed(0, 1, new float[] {Float.MAX_VALUE, 0, 0, 0}, false));
        History h = SimulationTest.tiny(clients).rounds(2).build().run();
        RoundRecord r0 = h.rounds().get(0);
        RoundRecord r1 = h.rounds().get(1);
        assertFalse(r0.aggregateRejected());
        assertNull(r0.rejection());
        assertTrue(r1.aggregateRejected());
        assertEquals(RoundRejection.Reason.GLOBAL_OVERFLOW, r1.rejection().reason());
        assertEquals(1, r1.rejection().round());
        assertTrue(r1.rejection().component().contains("FedAvg"), r1.rejection().component());
        String message = r1.rejection().message();
        assertTrue(message.contains("FedAvg") && message.contains("overflows"), message);
        float[] after0 = FlatVectors.toArray(r0.globalAfter());
        assertTrue(Float.isFinite(after0[0]));
        assertArrayEquals(after0, FlatVectors.toArray(h.finalParams()));
        assertArrayEquals(after0, FlatVectors.toArray(r1.globalAfter()));
        assertArrayEquals(new int[] {1}, h.rejectedRounds());
        Table t = h.toTable();
        assertFalse(t.booleanColumn("aggregate_rejected").get(0));
        assertTrue(t.booleanColumn("aggregate_rejected").get(1));
        // the update itself was finite: nobody was dropped
        assertTrue(r1.droppedClients().isEmpty());

        // naive mode keeps the overflowed model, so a notebook can show it
        History naive = SimulationTest.tiny(clients).rounds(2).dropNonFinite(false).build().run();
        assertEquals(Float.POSITIVE_INFINITY, FlatVectors.toArray(naive.finalParams())[0]);
        assertEquals(0, naive.rejectedRounds().length);
        assertFalse(naive.toTable().columnNames().contains("aggregate_rejected"));
    }

    /** A faulty rule that returns NaN whatever it is given. */
    static final class NaNRule implements Aggregator {
        @Override
        public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
            return FlatVectors.of(new float[] {Float.NaN, 0, 0, 0});
        }

        @Override
        public String name() {
            return "NaNRule";
        }
    }

    @Test
    void aNonFiniteAggregateIsRejectedNamingTheAggregator() {
        History h = SimulationTest.tiny(honest()).aggregator(new NaNRule()).build().run();
        assertArrayEquals(new float[] {10, 20, 30, 40}, FlatVectors.toArray(h.finalParams()));
        assertEquals(RoundRejection.Reason.AGGREGATE_NOT_FINITE, h.last().rejection().reason());
        assertEquals("NaNRule", h.last().rejection().component());
        String why = h.last().rejection().message();
        assertTrue(why.contains("NaNRule") && why.contains("NaN or infinity"), why);
        assertTrue(h.last().toString().contains("NaNRule"), h.last().toString());
        assertTrue(Double.isFinite(h.last().loss()));

        History naive = SimulationTest.tiny(honest()).aggregator(new NaNRule()).dropNonFinite(false).build().run();
        assertTrue(Float.isNaN(FlatVectors.toArray(naive.finalParams())[0]));
        assertNull(naive.last().rejection());
    }

    static History digitsRun(double learningRate, boolean dropNonFinite) {
        TrainTest tt = Datasets.digits();
        List<Dataset> parts = Partitioners.iid().partition(tt.train(), 4, 1);
        return Simulation.builder().model(SoftmaxRegression.of(64, 10)).test(tt.test()).rounds(2).threads(1)
                .dropNonFinite(dropNonFinite).clients(Clients.honest(parts, new TrainConfig(2, 8, learningRate)))
                .build().run();
    }

    @Test
    void aDivergingLearningRateShowsInTheHistoryButNeverMakesTheGlobalModelNaN() {
        // 1e39 overflows float32 in the first step: every update is non-finite, every one is dropped
        History over = digitsRun(1e39, true);
        for (RoundRecord r : over.rounds()) {
            assertEquals(List.of(0, 1, 2, 3), r.droppedClients(), r.toString());
        }
        assertArrayEquals(FlatVectors.toArray(over.initialParams()), FlatVectors.toArray(over.finalParams()));
        // naive FedAvg lets it through
        assertFalse(FlatVectors.isFinite(digitsRun(1e39, false).finalParams()));
        // 1e37 stays finite but diverges: the loss says so
        History huge = digitsRun(1e37, true);
        double initialLoss = SoftmaxRegression.of(64, 10).evaluate(huge.initialParams(), Datasets.digits().test()).loss();
        assertTrue(FlatVectors.isFinite(huge.finalParams()));
        for (RoundRecord r : huge.rounds()) {
            assertTrue(r.droppedClients().isEmpty());
            assertTrue(r.loss() > 1e6 * initialLoss, "round " + r.round() + " hides the divergence: " + r);
        }
    }

    @Test
    void theOldRoundRecordConstructorMeansAccepted() {
        RoundRecord r = new RoundRecord(0, 0.5, 1, new double[2], java.util.Map.of(), List.of(), List.of(), null);
        assertFalse(r.aggregateRejected());
        assertEquals(r, new RoundRecord(0, 0.5, 1, new double[2], java.util.Map.of(), List.of(), List.of(), null, null));
        assertFalse(r.equals(new RoundRecord(0, 0.5, 1, new double[2], java.util.Map.of(), List.of(), List.of(), null,
                new RoundRejection(RoundRejection.Reason.NOT_AGGREGATABLE, "rule", 0, "rejected"))));
    }
}
