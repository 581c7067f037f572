package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FedAvgStream} gives {@link FedAvg#aggregate}'s bits whatever the order and the threads the
 * updates arrive in, and gives up (null) where the held path must aggregate.
 */
class FedAvgStreamTest {

    static List<ClientUpdate> updates(int k, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            float[] v = new float[d];
            double scale = Math.pow(10, rng.nextInt(-4, 3)); // magnitudes that round differently in a float sum
            for (int j = 0; j < d; j++) {
                v[j] = (float) (rng.nextGaussian() * scale);
            }
            out.add(new ClientUpdate(i, FlatVectors.of(v), 1 + rng.nextInt(50)));
        }
        return out;
    }

    static long[] counts(List<ClientUpdate> us) {
        return us.stream().mapToLong(ClientUpdate::numExamples).toArray();
    }

    static float[] bits(INDArray a) {
        return FlatVectors.toArray(a);
    }

    /** Offers every update from {@code threads} threads, each taking slots in a shuffled order. */
    static INDArray streamed(FedAvg rule, List<ClientUpdate> us, int threads, long seed) throws InterruptedException {
        int d = (int) us.get(0).delta().length();
        FedAvgStream s = FedAvgStream.of(rule, counts(us), d);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < us.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = first; j < order.size(); j += threads) {
                    int slot = order.get(j);
                    s.offer(slot, us.get(slot).delta());
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        return s.result();
    }

    @Test
    void sameBitsAsFedAvgInAnyOrderOnAnyThreads() throws InterruptedException {
        // lengths below, at and across FedAvg's block of 16 Ki coordinates, with odd tails
        int[][] cases = {{1, 1}, {3, 7}, {17, 16_384}, {40, 16_385}, {25, 79_510}, {200, 1_001}};
        for (int[] c : cases) {
            List<ClientUpdate> us = updates(c[0], c[1], 31L * c[0] + c[1]);
            for (FedAvg rule : List.of(FedAvg.sampleWeighted(), FedAvg.equalWeights())) {
                INDArray held = rule.aggregate(us, AggregationContext.of(0, Nd4j.zeros(c[1])));
                for (int threads : new int[] {1, 2, 4}) {
                    INDArray s = streamed(rule, us, threads, threads * 7L + c[0]);
                    assertNotNull(s, rule.name() + " k=" + c[0] + " d=" + c[1]);
                    assertArrayEquals(held.shape(), s.shape());
                    assertArrayEquals(bits(held), bits(s), rule.name() + " k=" + c[0] + " d=" + c[1] + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void nonFiniteValuesGoThroughAsInFedAvg() throws InterruptedException {
        List<ClientUpdate> us = new ArrayList<>(updates(5, 100, 3));
        float[] v = bits(us.get(2).delta());
        v[10] = Float.NaN;
        v[11] = Float.POSITIVE_INFINITY;
        us.set(2, us.get(2).withDelta(FlatVectors.of(v)));
        INDArray held = FedAvg.sampleWeighted().aggregate(us, AggregationContext.of(0, Nd4j.zeros(100)));
        assertArrayEquals(bits(held), bits(streamed(FedAvg.sampleWeighted(), us, 2, 1)));
    }

    @Test
    void givesUpOnWhatFedAvgWouldNotReadInPlace() {
        List<ClientUpdate> us = updates(3, 50, 5);
        FedAvgStream s = FedAvgStream.of(FedAvg.sampleWeighted(), counts(us), 50);
        s.offer(0, us.get(0).delta());
        s.offer(2, us.get(2).delta());
        INDArray view = Nd4j.createFromArray(new float[60]).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 55));
        s.offer(1, view); // an offset view: FedAvg would copy it
        assertTrue(s.isAbandoned());
        assertNull(s.result());

        FedAvgStream wrongLength = FedAvgStream.of(FedAvg.sampleWeighted(), counts(us), 50);
        wrongLength.offer(0, FlatVectors.of(new float[49]));
        assertNull(wrongLength.result());

        FedAvgStream missing = FedAvgStream.of(FedAvg.sampleWeighted(), counts(us), 50);
        missing.offer(0, us.get(0).delta());
        missing.offer(2, us.get(2).delta());
        assertNull(missing.result(), "a slot never offered leaves no result");
        missing.offer(1, us.get(1).delta());
        assertNotNull(missing.result());

        FedAvgStream abandoned = FedAvgStream.of(FedAvg.sampleWeighted(), counts(us), 50);
        abandoned.abandon();
        for (int i = 0; i < 3; i++) {
            abandoned.offer(i, us.get(i).delta());
        }
        assertNull(abandoned.result());
    }

    @Test
    void noStreamWhereFedAvgWouldThrow() {
        assertNull(FedAvgStream.of(FedAvg.sampleWeighted(), new long[] {0, 0}, 10));
        assertNull(FedAvgStream.of(FedAvg.sampleWeighted(), new long[0], 10));
        assertNotNull(FedAvgStream.of(FedAvg.equalWeights(), new long[] {0, 0}, 10));
        assertEquals(2, FedAvgStream.of(FedAvg.equalWeights(), new long[] {0, 0}, 10).size());
    }
}
