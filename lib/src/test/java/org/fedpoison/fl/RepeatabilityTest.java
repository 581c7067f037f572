package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Same seed, same history bit for bit: repeated in one JVM, on one thread or two, while the garbage
 * collector runs often. The fixture is shaped like the keyboard example (a vocabulary-sized softmax
 * over hashed context words, many clients with a few sentences each), where updates used to be
 * corrupted now and then: a client's fresh parameter array was freed by ND4J while it was still
 * being copied.
 */
class RepeatabilityTest {
    static final int VOCAB = 200;
    static final int BUCKETS = 96;

    /** {@code n} examples: three hashed context words set to 1, the label a function of them plus noise. */
    static Dataset sentences(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * BUCKETS];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(BUCKETS);
            int b = rng.nextInt(BUCKETS);
            int c = rng.nextInt(BUCKETS);
            x[i * BUCKETS + a] = 1f;
            x[i * BUCKETS + b] = 1f;
            x[i * BUCKETS + c] = 1f;
            y[i] = rng.nextInt(4) == 0 ? rng.nextInt(VOCAB) : (a * 7 + b) % VOCAB;
        }
        return new Dataset(Nd4j.create(x, new long[] {n, BUCKETS}, 'c'), y, VOCAB, null, null);
    }

    static History run(Model model, List<Client> clients, Dataset test, int threads) {
        return Simulation.builder().model(model).clients(clients).test(test).rounds(8)
                .train(new TrainConfig(1, 2, 1.0)).seed(42).threads(threads).keepParams(true).build().run();
    }

    @Test
    void repeatedRunsAreBitIdenticalOnOneAndTwoThreads() throws InterruptedException {
        Model model = SoftmaxRegression.of(BUCKETS, VOCAB);
        assertTrue(model.numParams() > 1 << 14, "the fixture should be larger than one FedAvg block");
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            clients.add(HonestClient.of(i, sentences(4, 1000 + i)));
        }
        Dataset test = sentences(300, 7);
        // garbage on another thread, so that collections (and ND4J's frees) happen during the runs
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            long sink = 0;
            while (!stop.get()) {
                byte[][] junk = new byte[32][];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = new byte[1 << 16];
                }
                sink += junk[junk.length - 1].length;
            }
            if (sink == 42) {
                System.out.println(sink);
            }
        }, "repeatability-churn");
        churn.setDaemon(true);
        churn.start();
        try {
            History ref = run(model, clients, test, 1);
            assertTrue(FlatVectors.isFinite(ref.finalParams()));
            for (int rep = 0; rep < 3; rep++) {
                for (int threads : new int[] {1, 2}) {
                    History h = run(model, clients, test, threads);
                    assertArrayEquals(ref.loss(), h.loss(), "losses, repeat " + rep + " on " + threads + " thread(s)");
                    assertEquals(ref.rounds(), h.rounds(), "repeat " + rep + " on " + threads + " thread(s)");
                    assertEquals(ref, h, "repeat " + rep + " on " + threads + " thread(s)");
                }
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }
}
