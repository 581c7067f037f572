package org.fedpoison.rng;

import java.util.Arrays;

/**
 * NumPy's {@code SeedSequence}: turns a seed into well-mixed words of generator state, the
 * way {@code np.random.default_rng(seed)} does before it starts PCG64.
 *
 * <p>The seed's bits are split into 32-bit words, least significant first ({@code 0} gives
 * the single word {@code 0}). They are hashed into a pool of {@value #POOL_SIZE} words and
 * mixed so that every pool word depends on every entropy word; {@link #generateState(int)}
 * then draws output words from the pool with a second hash. All arithmetic is on unsigned
 * 32-bit words, modulo {@code 2^32}:
 * <pre>{@code
 * hashmix(x):  x ^= h; h *= MULT_A; x *= h; x ^= x >>> 16      (h starts at INIT_A)
 * mix(x, y):   r = MIX_MULT_L * x - MIX_MULT_R * y; r ^= r >>> 16
 * }</pre>
 * The design follows Melissa O'Neill's {@code seed_seq_fe} ("Developing a seed_seq
 * alternative", pcg-random.org, 2015), as adopted by NumPy 1.17 and unchanged through 1.24.
 * Spawn keys are not supported: this class only covers {@code SeedSequence(seed)}.
 *
 * <p>Immutable; {@link #generateState(int)} may be called any number of times and returns the
 * same words each time.
 */
public final class SeedSequence {
    /** Number of 32-bit words in the entropy pool (NumPy's default {@code pool_size}). */
    public static final int POOL_SIZE = 4;

    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final long seed;
    private final int[] pool;

    /**
     * Seeds from a non-negative integer, as {@code np.random.SeedSequence(seed)}.
     *
     * @param seed the entropy; must be {@code >= 0} (NumPy rejects negative seeds too)
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    public SeedSequence(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException(
                    "seed = " + seed + " is negative; NumPy's SeedSequence accepts only seeds >= 0");
        }
        this.seed = seed;
        this.pool = mixEntropy(entropyWords(seed));
    }

    /** The seed this sequence was built from. */
    public long seed() {
        return seed;
    }

    /** A copy of the mixed entropy pool, {@value #POOL_SIZE} unsigned 32-bit words. */
    public int[] pool() {
        return pool.clone();
    }

    /** The seed as 32-bit words, least significant first; zero is one word, not none. */
    static int[] entropyWords(long seed) {
        if (seed >>> 32 == 0) {
            return new int[] {(int) seed};
        }
        return new int[] {(int) seed, (int) (seed >>> 32)};
    }

    private static int[] mixEntropy(int[] entropy) {
        int[] mixer = new int[POOL_SIZE];
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            mixer[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    mixer[dst] = mix(mixer[dst], hashmix(mixer[src], hashConst));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                mixer[dst] = mix(mixer[dst], hashmix(entropy[src], hashConst));
            }
        }
        return mixer;
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        return value ^ (value >>> XSHIFT);
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        return result ^ (result >>> XSHIFT);
    }

    /**
     * {@code nWords} 64-bit words of state, as {@code generate_state(nWords, np.uint64)}: twice
     * as many 32-bit words are drawn from the pool (cycling through it) and paired little-endian,
     * the first of each pair being the low half.
     *
     * @param nWords number of 64-bit words, {@code >= 0}
     * @throws IllegalArgumentException if {@code nWords} is negative
     */
    public long[] generateState(int nWords) {
        if (nWords < 0) {
            throw new IllegalArgumentException("nWords = " + nWords + " must be >= 0");
        }
        int[] words = generateState32(2 * nWords);
        long[] out = new long[nWords];
        for (int i = 0; i < nWords; i++) {
            out[i] = Integer.toUnsignedLong(words[2 * i]) | ((long) words[2 * i + 1] << 32);
        }
        return out;
    }

    /**
     * {@code nWords} unsigned 32-bit words of state, as {@code generate_state(nWords, np.uint32)}.
     *
     * @param nWords number of words, {@code >= 0}
     * @throws IllegalArgumentException if {@code nWords} is negative
     */
    public int[] generateState32(int nWords) {
        if (nWords < 0) {
            throw new IllegalArgumentException("nWords = " + nWords + " must be >= 0");
        }
        int[] state = new int[nWords];
        int hashConst = INIT_B;
        for (int i = 0; i < nWords; i++) {
            int value = pool[i % POOL_SIZE];
            value ^= hashConst;
            hashConst *= MULT_B;
            value *= hashConst;
            value ^= value >>> XSHIFT;
            state[i] = value;
        }
        return state;
    }

    @Override
    public String toString() {
        return "SeedSequence(" + seed + ", pool=" + Arrays.toString(pool) + ")";
    }
}
