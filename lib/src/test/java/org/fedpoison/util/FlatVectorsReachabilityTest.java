package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reading a temporary array (one nobody else refers to) gives its elements even when the garbage
 * collector runs meanwhile: ND4J frees an unreachable array's off-heap memory on its own thread, so
 * a buffer into that memory is only safe while the array is kept reachable.
 */
class FlatVectorsReachabilityTest {

    @Test
    void temporaryArraysAreReadWholeUnderGarbageCollection() throws InterruptedException {
        int n = 32_000;
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
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
        }, "flatvectors-churn");
        churn.setDaemon(true);
        churn.start();
        int wrongArrays = 0;
        int wrongSums = 0;
        int wrongFinite = 0;
        try {
            for (int it = 0; it < 10_000; it++) {
                // each argument is a fresh array that becomes garbage as soon as the call has its buffer
                float[] x = FlatVectors.toArray(Nd4j.createFromArray(ones));
                for (float v : x) {
                    if (v != 1f) {
                        wrongArrays++;
                        break;
                    }
                }
                if (it % 4 == 0 && FlatVectors.dot(Nd4j.createFromArray(ones), Nd4j.createFromArray(ones)) != n) {
                    wrongSums++;
                }
                if (it % 4 == 2 && !FlatVectors.isFinite(Nd4j.createFromArray(ones))) {
                    wrongFinite++;
                }
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertEquals(0, wrongArrays, "toArray returned arrays with wrong elements");
        assertEquals(0, wrongSums, "dot returned wrong sums");
        assertEquals(0, wrongFinite, "isFinite saw non-finite elements in arrays of ones");
    }
}
