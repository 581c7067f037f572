package org.fedpoison.util;

/**
 * Derives independent, reproducible seeds from a base seed and a path of integers
 * (for example {@code derive(seed, round, clientId)}), so that what a client draws in a round
 * does not depend on thread scheduling or on which other clients ran.
 *
 * <p>The mixing function is SplitMix64's finaliser (Steele, Lea and Flood, 2014), applied once
 * per path element.
 */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64 finaliser: a bijective 64-bit mix. */
    public static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for the given path below {@code base}; distinct paths give unrelated seeds. */
    public static long derive(long base, long... path) {
        long s = mix(base);
        for (long p : path) {
            s = mix(s ^ mix(p + 0x632BE59BD9B4E019L));
        }
        return s;
    }
}
