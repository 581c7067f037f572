package org.fedpoison.rng;

/**
 * The PCG64 bit generator as NumPy implements it: a 128-bit linear congruential generator whose
 * state is turned into 64 output bits by the XSL-RR permutation (O'Neill, "PCG: A Family of
 * Simple Fast Space-Efficient Statistically Good Algorithms for Random Number Generation",
 * Harvey Mudd College HMC-CS-2014-0905, 2014).
 * <pre>{@code
 * state  <- state * M + inc            (mod 2^128, M = 0x2360ED051FC65DA4_4385DF649FCCF645)
 * output  = rotr64(hi(state) ^ lo(state), hi(state) >>> 58)
 * }</pre>
 * Seeding follows {@code np.random.PCG64(seed)}: a {@link SeedSequence} generates four 64-bit
 * words {@code s0..s3}; the initial state is {@code (s0 << 64) | s1}, the increment is
 * {@code (((s2 << 64) | s3) << 1) | 1}, and the generator starts with {@code state = 0}, one
 * step, {@code state += initial}, one more step.
 *
 * <p>{@link #nextUint32()} hands out the low half of a 64-bit draw and keeps the high half for
 * the next 32-bit request, exactly like NumPy's {@code has_uint32}/{@code uinteger} buffer;
 * 64-bit draws and doubles never touch that buffer.
 *
 * <p>Mutable and not thread-safe: give each thread its own generator.
 */
public final class Pcg64 {
    private static final long MULT_HI = 2549297995355413924L;
    private static final long MULT_LO = 4865540595714422341L;

    private long stateHi;
    private long stateLo;
    private final long incHi;
    private final long incLo;
    private boolean hasUint32;
    private int uinteger;

    /** Seeds as {@code np.random.PCG64(seed)}; {@code seed} must be {@code >= 0}. */
    public Pcg64(long seed) {
        this(new SeedSequence(seed));
    }

    /** Seeds from the first four words of {@code seq.generateState(4)}. */
    public Pcg64(SeedSequence seq) {
        long[] words = seq.generateState(4);
        long initHi = words[0];
        long initLo = words[1];
        // inc = (initseq << 1) | 1 over 128 bits
        incHi = (words[2] << 1) | (words[3] >>> 63);
        incLo = (words[3] << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + initLo;
        stateHi = stateHi + initHi + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
        stateLo = lo;
        step();
    }

    private void step() {
        // (hi, lo) * (MULT_HI, MULT_LO) mod 2^128, then + inc
        long lo = stateLo * MULT_LO;
        long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
        long sumLo = lo + incLo;
        long carry = Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0;
        stateHi = hi + incHi + carry;
        stateLo = sumLo;
    }

    /** High 64 bits of the unsigned 128-bit product (Java 17 has only the signed variant). */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** The next 64 random bits (read as unsigned). */
    public long nextUint64() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** The next 32 random bits (read as unsigned), from NumPy's one-word buffer. */
    public int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = nextUint64();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    /** A double in {@code [0, 1)}: {@code (nextUint64() >>> 11) * 2^-53}. */
    public double nextDouble() {
        return (nextUint64() >>> 11) * 0x1.0p-53;
    }
}
