package org.fedpoison.attack;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.fedpoison.util.Shuffle;

/**
 * How attacks pick what they poison: a fraction setting checked and turned into a count, and a
 * seeded choice of example indices (by label). Shared by the data poisoning attacks and by
 * {@link org.fedpoison.attack.model.NonFinite} (which coordinates to corrupt).
 */
public final class Picks {
    private Picks() {}

    /** Checks a fraction setting: finite and in [0, 1]. */
    public static double fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " is " + value + ", must be in [0, 1]");
        }
        return value;
    }

    /** {@code round(fraction * n)}, at most n. */
    public static int count(double fraction, int n) {
        return (int) Math.min(n, Math.round(fraction * n));
    }

    /**
     * {@code k} distinct entries of {@code pool} chosen uniformly with the seed (partial
     * Fisher-Yates), returned sorted ascending. {@code pool} is not modified.
     */
    public static int[] choose(int[] pool, int k, long seed) {
        if (k < 0 || k > pool.length) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + pool.length + " examples");
        }
        int[] a = pool.clone();
        Shuffle.prefix(a, a.length, k, new SplittableRandom(seed));
        int[] out = Arrays.copyOf(a, k);
        Arrays.sort(out);
        return out;
    }

    /** The indices {@code i} in [0, labels.length) with {@code labels[i] == cls} (or all if cls < 0). */
    public static int[] withLabel(int[] labels, int cls) {
        return IntStream.range(0, labels.length).filter(i -> cls < 0 || labels[i] == cls).toArray();
    }

    /** The indices {@code i} with {@code labels[i] != cls}. */
    public static int[] withoutLabel(int[] labels, int cls) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] != cls).toArray();
    }

    public static void checkClass(String name, int cls, int numClasses) {
        if (cls < 0 || cls >= numClasses) {
            throw new IllegalArgumentException(name + " is " + cls + ", must be in [0, " + numClasses + ")");
        }
    }

    public static void checkClassNonNegative(String name, int cls) {
        if (cls < 0) {
            throw new IllegalArgumentException(name + " is " + cls + ", must be a class index >= 0");
        }
    }
}
