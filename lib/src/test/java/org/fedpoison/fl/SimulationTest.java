package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.Mlp;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

class SimulationTest {

    /** A client that always sends the same delta and count. */
    record Fixed(int id, long numExamples, float[] delta, boolean isMalicious) implements Client {
        @Override
        public ClientUpdate update(RoundContext ctx) {
            return new ClientUpdate(id, FlatVectors.of(delta), numExamples);
        }
    }

    /** Tiny model with 4 parameters: inputDim 1, 2 classes. */
    static final Model TINY = SoftmaxRegression.of(1, 2);
    static final Dataset TINY_TEST = Datasets.blobs(10, 1, 2, 1, 1);

    static List<Client> fixture() {
        return List.of(new Fixed(0, 1, new float[] {1, 1, 0, 0}, false),
                new Fixed(1, 1, new float[] {1, 0, 0, 0}, false),
                new Fixed(2, 2, new float[] {0, 0, 2, 0}, true));
    }

    static Simulation.Builder tiny(List<? extends Client> clients) {
        return Simulation.builder().model(TINY).clients(clients).test(TINY_TEST).rounds(1)
                .initialParams(FlatVectors.of(new float[] {10, 20, 30, 40})).keepParams(true);
    }

    @Test
    void oneRoundOfFedAvgByHand() {
        History h = tiny(fixture()).build().run();
        // weights 1/4, 1/4, 1/2: mean = [0.25+0.25, 0.25, 1, 0]
        assertArrayEquals(new float[] {10.5f, 20.25f, 31, 40}, FlatVectors.toArray(h.finalParams()));
        assertArrayEquals(new float[] {10, 20, 30, 40}, FlatVectors.toArray(h.initialParams()));
        RoundRecord r = h.rounds().get(0);
        assertArrayEquals(FlatVectors.toArray(h.finalParams()), FlatVectors.toArray(r.globalAfter()));
        List<ClientRecord> c = r.clients();
        assertEquals(List.of(0, 1, 2), c.stream().map(ClientRecord::clientId).toList());
        assertEquals(Math.sqrt(2), c.get(0).norm(), 1e-12);
        assertEquals(1, c.get(1).norm(), 1e-12);
        assertEquals(2, c.get(2).norm(), 1e-12);
        // client 0 vs mean of others [0.5, 0, 1, 0]: 0.5 / (sqrt 2 * sqrt 1.25)
        assertEquals(0.5 / Math.sqrt(2 * 1.25), c.get(0).cosineToOthers(), 1e-12);
        // client 1 vs [0.5, 0.5, 1, 0]: 0.5 / sqrt 1.5
        assertEquals(0.5 / Math.sqrt(1.5), c.get(1).cosineToOthers(), 1e-12);
        assertEquals(0, c.get(2).cosineToOthers(), 1e-12);
        assertEquals(0.25, c.get(0).weight(), 1e-12);
        assertEquals(0.5, c.get(2).weight(), 1e-12);
        assertTrue(c.get(2).malicious());
        assertFalse(c.get(0).malicious());
        assertEquals(2, c.get(2).numExamples());
    }

    @Test
    void equalWeightsAggregator() {
        History h = tiny(fixture()).aggregator(FedAvg.equalWeights()).build().run();
        // ([1,1,0,0] + [1,0,0,0] + [0,0,2,0]) / 3
        assertArrayEquals(new float[] {10 + 2f / 3, 20 + 1f / 3, 30 + 2f / 3, 40}, FlatVectors.toArray(h.finalParams()), 1e-5f);
    }

    @Test
    void orderOfTheClientListChangesNothing() {
        List<Client> reversed = new ArrayList<>(fixture());
        java.util.Collections.reverse(reversed);
        assertEquals(tiny(fixture()).rounds(2).build().run(), tiny(reversed).rounds(2).build().run());
    }

    @Test
    void nonFiniteUpdatesAreDroppedAndRecorded() {
        List<Client> clients = new ArrayList<>(fixture());
        clients.add(new Fixed(7, 5, new float[] {Float.NaN, 0, 0, 0}, true));
        clients.add(new Fixed(8, 5, new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, true));
        History h = tiny(clients).build().run();
        assertEquals(List.of(7, 8), h.rounds().get(0).droppedClients());
        // the result is the honest fixture's
        assertArrayEquals(new float[] {10.5f, 20.25f, 31, 40}, FlatVectors.toArray(h.finalParams()));
        ClientRecord bad = h.rounds().get(0).clients().get(3);
        assertEquals(7, bad.clientId());
        assertEquals(0, bad.weight());
        assertTrue(Double.isNaN(bad.norm()));
        assertEquals(2, h.toTable().intColumn("dropped").get(0));
        // naive FedAvg lets the NaN through
        History naive = tiny(clients).dropNonFinite(false).build().run();
        assertTrue(naive.rounds().get(0).droppedClients().isEmpty());
        assertTrue(Float.isNaN(FlatVectors.toArray(naive.finalParams())[0]));
    }

    @Test
    void wrongDimensionNamesTheClient() {
        List<Client> clients = new ArrayList<>(fixture());
        clients.add(new Fixed(5, 1, new float[] {1, 2, 3}, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny(clients).build().run());
        assertTrue(e.getMessage().contains("client 5") && e.getMessage().contains("dimension 3"), e.getMessage());
    }

    @Test
    void observersSeeThePeersUpdatesInIdOrder() {
        List<List<Integer>> seen = new ArrayList<>();
        Client observer = new Client() {
            public int id() {
                return 4;
            }

            public long numExamples() {
                return 1;
            }

            public boolean observesPeers() {
                return true;
            }

            public ClientUpdate update(RoundContext ctx) {
                seen.add(ctx.peerUpdates().stream().map(ClientUpdate::clientId).toList());
                // cancel the others: send minus their sample-weighted sum, scaled to this client's share
                return new ClientUpdate(4, FlatVectors.of(new float[] {-2, -1, -4, 0}), 1);
            }
        };
        List<Client> clients = new ArrayList<>(fixture());
        clients.add(0, observer);
        History h = tiny(clients).build().run();
        assertEquals(List.of(List.of(0, 1, 2)), seen);
        // weights 1/5 each for 0, 1, 4 and 2/5 for 2: [1+1-2, 1-1, 4-4, 0]/5 = 0
        assertArrayEquals(new float[] {10, 20, 30, 40}, FlatVectors.toArray(h.finalParams()));
    }

    @Test
    void metricsCallbackAndTables() {
        List<Integer> calls = new ArrayList<>();
        Consumer<RoundRecord> cb = r -> calls.add(r.round());
        Metric first = new Metric() {
            public String name() {
                return "first_param";
            }

            public double measure(Model model, INDArray global) {
                return FlatVectors.toArray(global)[0];
            }
        };
        History h = tiny(fixture()).rounds(3).metric(first).onRound(cb).build().run();
        assertEquals(List.of(0, 1, 2), calls);
        assertArrayEquals(new double[] {10.5, 11, 11.5}, h.metric("first_param"), 1e-6);
        Table t = h.toTable();
        assertEquals(3, t.rowCount());
        assertEquals(List.of("round", "accuracy", "loss", "first_param", "dropped"), t.columnNames());
        Table c = h.clientTable();
        assertEquals(9, c.rowCount());
        assertTrue(c.columnNames().containsAll(List.of("round", "client", "malicious", "norm", "cosine_to_others",
                "weight", "examples")));
        assertThrows(IllegalArgumentException.class, () -> h.metric("nope"));
    }

    @Test
    void clientSamplingIsSeededAndOfTheRequestedSize() {
        List<Client> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(new Fixed(i, 1, new float[] {i, 0, 0, 0}, false));
        }
        History a = tiny(five).rounds(6).clientsPerRound(2).build().run();
        History b = tiny(five).rounds(6).clientsPerRound(2).build().run();
        History c = tiny(five).rounds(6).fraction(0.4).seed(7).build().run();
        assertEquals(a, b);
        List<List<Integer>> chosenA = new ArrayList<>();
        List<List<Integer>> chosenC = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            assertEquals(2, a.rounds().get(r).clients().size());
            chosenA.add(a.rounds().get(r).clients().stream().map(ClientRecord::clientId).toList());
            chosenC.add(c.rounds().get(r).clients().stream().map(ClientRecord::clientId).toList());
        }
        assertNotEquals(chosenA, chosenC, "another seed samples other clients");
        assertTrue(chosenA.stream().distinct().count() > 1, "the sample changes between rounds");
    }

    static Simulation.Builder digits(Model model, int threads, long seed) {
        TrainTest tt = Datasets.digits();
        List<Dataset> parts = Partitioners.iid().partition(tt.train(), 10, 3);
        return Simulation.builder().model(model).clients(Clients.honest(parts)).test(tt.test())
                .rounds(5).train(new TrainConfig(1, 16, 0.1)).threads(threads).seed(seed);
    }

    @Test
    void sameSeedSameHistoryForOneAndTwoThreads() {
        History one = digits(Mlp.of(64, 16, 10), 1, 5).rounds(3).fraction(0.6).build().run();
        History two = digits(Mlp.of(64, 16, 10), 2, 5).rounds(3).fraction(0.6).build().run();
        assertEquals(one, two);
        History other = digits(Mlp.of(64, 16, 10), 2, 6).rounds(3).fraction(0.6).build().run();
        assertNotEquals(one, other);
    }

    @Test
    void federatedTrainingOnDigitsLearns() {
        // chance is 0.10. With IID clients, averaging their deltas moves the model about as far as
        // one client's local training: 10 rounds x 2 local epochs over ~144 examples in batches of 16
        // are about 180 SGD steps, i.e. two epochs of central SGD over the 1,438 training digits,
        // after which a linear model classifies these digits far above chance (ModelTest: above 0.85
        // after 5 epochs). 0.8 leaves margin; a broken update or aggregation stays near chance.
        for (Model m : new Model[] {SoftmaxRegression.of(64, 10), Mlp.of(64, 32, 10)}) {
            History h = digits(m, 2, 1).rounds(10).train(new TrainConfig(2, 16, 0.2)).build().run();
            double[] acc = h.accuracy();
            assertTrue(acc[acc.length - 1] > 0.8, m.name() + " accuracy " + java.util.Arrays.toString(acc));
            assertTrue(h.loss()[9] < h.loss()[0], "loss decreases over rounds");
        }
    }

    @Test
    void honestClientsWithoutTheirOwnConfigUseTheSimulations() {
        TrainTest tt = Datasets.digits();
        List<Dataset> parts = Partitioners.iid().partition(tt.train(), 4, 3);
        Model m = SoftmaxRegression.of(64, 10);
        java.util.function.BiFunction<List<Client>, TrainConfig, History> run = (clients, cfg) -> Simulation.builder()
                .model(m).clients(clients).test(tt.test()).rounds(1).train(cfg).build().run();
        TrainConfig slow = new TrainConfig(1, 16, 0.01);
        TrainConfig fast = new TrainConfig(1, 16, 0.3);
        List<Client> inherit = Clients.honest(parts);
        List<Client> own = Clients.honest(parts, slow);
        assertNotEquals(run.apply(inherit, slow), run.apply(inherit, fast), "null config follows the simulation's");
        assertEquals(run.apply(own, slow), run.apply(own, fast), "an explicit config is kept");
        assertEquals(run.apply(own, fast), run.apply(inherit, slow), "same settings either way");
    }

    @Test
    void clientsReplaceSwapsByIdAndRejectsUnknownIds() {
        List<Client> base = fixture();
        List<Client> swapped = Clients.replace(base, List.of(1), (id, c) -> new Fixed(id, 9, new float[4], true));
        assertEquals(9, swapped.get(1).numExamples());
        assertTrue(swapped.get(1).isMalicious());
        assertEquals(base.get(0), swapped.get(0));
        assertMessage("client id 5", () -> Clients.replace(base, List.of(5), (id, c) -> c));
    }

    @Test
    void everyBadSettingIsRejectedByName() {
        List<Client> ok = fixture();
        assertMessage("rounds", () -> tiny(ok).rounds(0).build());
        assertMessage("fraction", () -> tiny(ok).fraction(0).build());
        assertMessage("fraction", () -> tiny(ok).fraction(1.5).build());
        assertMessage("fraction", () -> tiny(ok).fraction(Double.NaN).build());
        assertMessage("clientsPerRound", () -> tiny(ok).clientsPerRound(0).build());
        assertMessage("clientsPerRound", () -> tiny(ok).clientsPerRound(4).build());
        assertMessage("threads", () -> tiny(ok).threads(0).build());
        assertMessage("clients", () -> tiny(List.of()).build());
        assertMessage("client id 1", () -> tiny(List.of(new Fixed(1, 1, new float[4], false),
                new Fixed(1, 1, new float[4], false))).build());
        assertMessage("model", () -> tiny(ok).model(null).build());
        assertMessage("test", () -> tiny(ok).test(null).build());
        assertMessage("test", () -> tiny(ok).test(Datasets.digits().test()).build());
        assertMessage("initialParams", () -> tiny(ok).initialParams(FlatVectors.of(new float[3])).build());
        Metric m = new Metric() {
            public String name() {
                return "x";
            }

            public double measure(Model model, INDArray global) {
                return 0;
            }
        };
        assertMessage("'x'", () -> tiny(ok).metric(m).metric(m).build());
        assertMessage("client 3", () -> HonestClient.of(3, Datasets.blobs(1, 1, 2, 1, 1).subset(new int[0]), null));
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should name " + part);
    }
}
