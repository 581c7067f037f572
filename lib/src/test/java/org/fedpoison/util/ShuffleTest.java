package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one shuffle gives, bit for bit, the orders of the loops it replaced (written out here as
 * they stood), so every seeded history stays what it was; and it is uniform.
 */
class ShuffleTest {

    /** The backward loop that stood in Datasets, DenseClassifier, Sybils. */
    static int[] oldBackward(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The forward partial loop that stood in Picks and the simulation's sampler. */
    static int[] oldForward(int[] a, int n, int k, long seed) {
        int[] idx = a.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        return idx;
    }

    @Test
    void sameOrdersAsTheLoopsItReplaced() {
        for (long seed = 0; seed < 50; seed++) {
            for (int n : new int[] {0, 1, 2, 7, 100}) {
                assertArrayEquals(oldBackward(n, seed), Shuffle.permutation(n, new SplittableRandom(seed)));
                int[] a = Shuffle.identity(n);
                Shuffle.inPlace(a, new SplittableRandom(seed));
                assertArrayEquals(oldBackward(n, seed), a);
                for (int k = 0; k <= n; k += Math.max(1, n / 3)) {
                    int[] pool = new int[n + 2];
                    for (int i = 0; i < pool.length; i++) {
                        pool[i] = 3 * i + 1;
                    }
                    int[] b = pool.clone();
                    Shuffle.prefix(b, n, k, new SplittableRandom(seed));
                    assertArrayEquals(oldForward(pool, n, k, seed), b);
                }
            }
        }
    }

    @Test
    void everyPermutationOfThreeIsEquallyLikely() {
        int[] counts = new int[6];
        SplittableRandom rng = new SplittableRandom(7);
        int trials = 60_000;
        for (int t = 0; t < trials; t++) {
            int[] p = Shuffle.permutation(3, rng);
            counts[p[0] * 2 + (p[1] > p[2] ? 1 : 0)]++;
        }
        for (int c : counts) {
            // expected 10,000 each; the sd of a count is ~91, so 4 sd is 365
            assertEquals(10_000, c, 400, Arrays.toString(counts));
        }
    }

    @Test
    void aPrefixSampleIsUniformAndAPermutationOfTheInput() {
        int[] hits = new int[10];
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 20_000; t++) {
            int[] a = Shuffle.identity(12);
            Shuffle.prefix(a, 10, 3, rng);
            int[] sorted = a.clone();
            Arrays.sort(sorted);
            assertArrayEquals(Shuffle.identity(12), sorted);
            assertEquals(10, a[10]); // outside [0, n): untouched
            for (int i = 0; i < 3; i++) {
                hits[a[i]]++;
            }
        }
        for (int h : hits) {
            // each of 10 entries is in a sample of 3 with probability 0.3: 6,000 of 20,000 (sd ~65)
            assertEquals(6_000, h, 300, Arrays.toString(hits));
        }
        assertThrows(IllegalArgumentException.class, () -> Shuffle.prefix(new int[3], 2, 3, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Shuffle.prefix(new int[3], 4, 1, new SplittableRandom(1)));
    }

    @Test
    void shuffledLeavesItsInputAlone() {
        int[] a = {5, 6, 7, 8};
        int[] b = Shuffle.shuffled(a, new SplittableRandom(1));
        assertArrayEquals(new int[] {5, 6, 7, 8}, a);
        int[] s = b.clone();
        Arrays.sort(s);
        assertArrayEquals(a, s);
    }
}
