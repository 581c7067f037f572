package org.fedpoison.util;

import java.util.SplittableRandom;

/**
 * The library's one shuffle: seeded Fisher–Yates (Knuth's Algorithm P) on {@code int} arrays.
 * Every random order in the library — minibatch order, splits, partitions, sampled clients,
 * poisoned examples — comes from here, so the same generator state gives the same order
 * everywhere, bit for bit.
 *
 * <ul>
 *   <li>{@link #inPlace}: for {@code i = n-1} down to {@code 1}, swap {@code a[i]} with
 *       {@code a[rng.nextInt(i + 1)]} ({@code n - 1} draws); every permutation equally likely;</li>
 *   <li>{@link #prefix}: the first {@code k} steps of the forward variant — for {@code i = 0} to
 *       {@code k-1}, swap {@code a[i]} with {@code a[i + rng.nextInt(n - i)]} — which leaves a
 *       uniform sample without replacement of {@code k} of the first {@code n} entries in
 *       {@code a[0..k)} ({@code k} draws).</li>
 * </ul>
 */
public final class Shuffle {
    private Shuffle() {}

    /** Shuffles {@code a} in place (backward Fisher–Yates, {@code a.length - 1} draws from {@code rng}). */
    public static void inPlace(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            swap(a, i, rng.nextInt(i + 1));
        }
    }

    /** A shuffled copy of {@code a}; {@code a} is not modified. */
    public static int[] shuffled(int[] a, SplittableRandom rng) {
        int[] p = a.clone();
        inPlace(p, rng);
        return p;
    }

    /** A uniform permutation of {@code 0..n-1}: the identity, {@linkplain #inPlace shuffled}. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = identity(n);
        inPlace(p, rng);
        return p;
    }

    /** {@code 0, 1, ..., n-1}. */
    public static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /**
     * Moves a uniform sample without replacement of {@code k} of the entries {@code a[0..n)} to
     * {@code a[0..k)} (forward Fisher–Yates stopped after {@code k} steps, {@code k} draws); the
     * entries stay a permutation of what they were.
     *
     * @throws IllegalArgumentException unless {@code 0 <= k <= n <= a.length}
     */
    public static void prefix(int[] a, int n, int k, SplittableRandom rng) {
        if (n < 0 || n > a.length || k < 0 || k > n) {
            throw new IllegalArgumentException("cannot sample " + k + " of the first " + n + " of " + a.length
                    + " entries; needs 0 <= k <= n <= length");
        }
        for (int i = 0; i < k; i++) {
            swap(a, i, i + rng.nextInt(n - i));
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
