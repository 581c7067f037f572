package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.model.Mlp;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A round of plain FedAvg over honest clients is aggregated while the clients train
 * ({@code FedAvgStream}), and its finiteness screen is the one the dense models do as they write
 * the delta: the history is the one of the held path (the same FedAvg behind another aggregator,
 * whose rounds aggregate the held updates after the screen has read them) bit for bit.
 */
class StreamedFedAvgTest {
    static final int D = 300;
    static final int CLASSES = 5;

    static Dataset data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * D];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(CLASSES);
            for (int j = 0; j < D; j++) {
                x[i * D + j] = rng.nextInt(4) == 0 ? (float) (rng.nextDouble() + (j % CLASSES == y[i] ? 0.5 : 0)) : 0f;
            }
        }
        return new Dataset(Nd4j.create(x, new long[] {n, D}, 'c'), y, CLASSES, null, null);
    }

    /** The same FedAvg, but not a FedAvg: its rounds take the held path. */
    static Aggregator held(FedAvg rule) {
        return Aggregator.named(rule.name(), rule);
    }

    static History run(Model model, List<Client> clients, Aggregator rule, int threads, Integer perRound,
                       TrainConfig train, boolean drop) {
        Simulation.Builder b = Simulation.builder().model(model).clients(clients).test(data(200, 99)).aggregator(rule)
                .rounds(4).train(train).seed(11).threads(threads).keepParams(true).dropNonFinite(drop);
        if (perRound != null) {
            b.clientsPerRound(perRound);
        }
        return b.build().run();
    }

    @Test
    void streamedRunsEqualHeldRunsBitForBit() {
        List<Client> clients = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 70; i++) {
            clients.add(HonestClient.of(i, data(1 + rng.nextInt(25), 100 + i)));
        }
        // the MLP has more parameters than one FedAvg block (16 Ki), the softmax fewer
        List<Model> models = List.of(Mlp.of(D, 60, CLASSES), SoftmaxRegression.of(D, CLASSES));
        assertTrue(models.get(0).numParams() > 1 << 14);
        TrainConfig train = new TrainConfig(1, 8, 0.2);
        for (Model model : models) {
            for (FedAvg rule : List.of(FedAvg.sampleWeighted(), FedAvg.equalWeights())) {
                for (Integer perRound : new Integer[] {null, 23}) {
                    long atStart = ServerRound.STREAMED_ROUNDS.get();
                    History ref = run(model, clients, held(rule), 1, perRound, train, true);
                    assertEquals(atStart, ServerRound.STREAMED_ROUNDS.get(), "the held path streams nothing");
                    assertTrue(FlatVectors.isFinite(ref.finalParams()));
                    for (int threads : new int[] {1, 2, 3}) {
                        long before = ServerRound.STREAMED_ROUNDS.get();
                        History h = run(model, clients, rule, threads, perRound, train, true);
                        assertEquals(before + 4, ServerRound.STREAMED_ROUNDS.get(), "every round streamed");
                        String what = model.name() + " " + rule.name() + " perRound=" + perRound + " threads=" + threads;
                        assertEquals(ref.rounds(), h.rounds(), what);
                        assertEquals(ref, h, what);
                    }
                }
            }
        }
    }

    @Test
    void divergingClientsAreScreenedAsOnTheHeldPath() {
        // a learning rate that overflows float32 for a third of the clients: their deltas hold NaN or
        // infinity, so the dense models note nothing, the screen reads them and drops them (or, naive,
        // keeps them), and the round is aggregated from the held updates
        List<Client> clients = new ArrayList<>();
        TrainConfig wild = new TrainConfig(1, 4, 1e39);
        for (int i = 0; i < 12; i++) {
            clients.add(HonestClient.of(i, data(2 + i, 300 + i), i % 3 == 1 ? wild : null));
        }
        Model model = Mlp.of(D, 20, CLASSES);
        TrainConfig train = new TrainConfig(1, 4, 0.1);
        for (boolean drop : new boolean[] {true, false}) {
            History ref = run(model, clients, held(FedAvg.sampleWeighted()), 2, null, train, drop);
            long before = ServerRound.STREAMED_ROUNDS.get();
            History h = run(model, clients, FedAvg.sampleWeighted(), 2, null, train, drop);
            // dropped updates abandon the stream; naive rounds keep them and stream
            assertEquals(before + (drop ? 0 : 4), ServerRound.STREAMED_ROUNDS.get(), "dropNonFinite=" + drop);
            assertEquals(ref.rounds(), h.rounds(), "dropNonFinite=" + drop);
            assertEquals(ref, h, "dropNonFinite=" + drop);
            if (drop) {
                int dropped = 0;
                for (int c : h.droppedCounts()) {
                    dropped += c;
                }
                assertTrue(dropped > 0, "the fixture should make some clients diverge");
            }
        }
    }
}
