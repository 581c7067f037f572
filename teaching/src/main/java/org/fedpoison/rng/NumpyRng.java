package org.fedpoison.rng;

import org.fedpoison.util.Check;

/**
 * A random generator that reproduces {@code np.random.default_rng(seed)} of NumPy 1.24 bit for
 * bit, so that the text's Python listings give the same numbers in Java.
 *
 * <p>{@code defaultRng(seed)} builds a {@link SeedSequence} from the seed and starts a
 * {@link Pcg64} bit generator from it (O'Neill 2014). On top of the 64-bit stream:
 * <ul>
 *   <li>{@link #random()}: {@code (next64 >>> 11) * 2^-53}, a double in {@code [0, 1)}.</li>
 *   <li>{@link #standardNormal()}: NumPy's 256-layer ziggurat (Marsaglia and Tsang, "The
 *       Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8), 2000). One
 *       64-bit draw gives the layer ({@code idx = r & 0xff}), the sign (next bit) and a 52-bit
 *       mantissa {@code m}; {@code x = ±m * WI[idx]} is accepted when {@code m < KI[idx]}
 *       (about 99% of draws). Otherwise the base layer samples the tail beyond
 *       {@code r = 3.6541528853610088} by Marsaglia's exponential method and other layers do a
 *       wedge test against {@code exp(-x^2/2)}, each with further uniform draws.</li>
 *   <li>{@link #integers(long, long)}: Lemire's multiply-shift bounded integers ("Fast Random
 *       Integer Generation in an Interval", ACM TOMACS 29(1), 2019), as
 *       {@code Generator.integers} uses them for int64: with {@code range = high - 1 - low},
 *       a range below {@code 2^32 - 1} uses 32-bit draws (the upper half of a 64-bit draw is
 *       kept for the next 32-bit request), the range {@code 2^32 - 1} takes a 32-bit draw as is,
 *       larger ranges use 64-bit draws, and {@code range = 0} draws nothing.</li>
 *   <li>{@link #permutation(int)}: the Fisher-Yates shuffle of {@code 0..n-1} from the last
 *       position down to position 1, where {@code j} in {@code [0, i]} comes from NumPy's
 *       {@code random_interval}: a bit mask (not Lemire) with rejection, on 32-bit draws when
 *       {@code i < 2^32}.</li>
 * </ul>
 *
 * <p>Checked against vectors written by NumPy 1.24.2 for seeds 0, 1, 7, 42, 12345 and
 * {@code 2^40 + 3} (see {@code teaching/src/test/python/numpy_vectors.py}). The ziggurat's rare
 * tail branch uses {@code log1p} and its wedge test {@code exp}; Java's {@link StrictMath} and
 * the C library agree on these in the tested vectors, but a last-bit difference in a
 * tail sample cannot be ruled out for every seed.
 *
 * <p>Mutable and not thread-safe, like NumPy's {@code Generator}: one generator per thread.
 * The same seed always gives the same sequence.
 */
public final class NumpyRng {
    /** The ziggurat's base-layer edge {@code r} (NumPy's {@code ziggurat_nor_r}). */
    static final double ZIGGURAT_NOR_R = 3.6541528853610088;
    /** {@code 1 / r} (NumPy's {@code ziggurat_nor_inv_r}). */
    static final double ZIGGURAT_NOR_INV_R = 0.27366123732975828;

    private final Pcg64 bits;

    private NumpyRng(Pcg64 bits) {
        this.bits = bits;
    }

    /**
     * The generator {@code np.random.default_rng(seed)} would give.
     *
     * @param seed a non-negative seed (NumPy rejects negative ones)
     * @throws IllegalArgumentException if {@code seed < 0}
     */
    public static NumpyRng defaultRng(long seed) {
        return new NumpyRng(new Pcg64(seed));
    }

    /** The underlying bit generator (shared, not a copy: drawing from it advances this one). */
    public Pcg64 bitGenerator() {
        return bits;
    }

    /** A double uniform on {@code [0, 1)}, as {@code rng.random()}. */
    public double random() {
        return bits.nextDouble();
    }

    /**
     * {@code n} doubles uniform on {@code [0, 1)}, as {@code rng.random(n)}.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public double[] random(int n) {
        checkSize(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = bits.nextDouble();
        }
        return out;
    }

    /** A standard normal double, as {@code rng.standard_normal()}. */
    public double standardNormal() {
        double[] fi = ZigguratTables.FI;
        for (;;) {
            long r = bits.nextUint64();
            int idx = (int) (r & 0xff);
            r >>>= 8;
            boolean negative = (r & 1) != 0;
            long rabs = (r >>> 1) & 0x000FFFFFFFFFFFFFL;
            double x = rabs * ZigguratTables.WI[idx];
            if (negative) {
                x = -x;
            }
            if (rabs < ZigguratTables.KI[idx]) {
                return x;
            }
            if (idx == 0) {
                // tail beyond r: x = r + E / r, accepted when 2 E' > (E / r)^2
                for (;;) {
                    double xx = -ZIGGURAT_NOR_INV_R * StrictMath.log1p(-bits.nextDouble());
                    double yy = -StrictMath.log1p(-bits.nextDouble());
                    if (yy + yy > xx * xx) {
                        return ((rabs >>> 8) & 1) != 0 ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
                    }
                }
            }
            if ((fi[idx - 1] - fi[idx]) * bits.nextDouble() + fi[idx] < StrictMath.exp(-0.5 * x * x)) {
                return x;
            }
        }
    }

    /**
     * {@code n} standard normal doubles, as {@code rng.standard_normal(n)} (the same numbers
     * as {@code n} calls of {@link #standardNormal()}).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public double[] standardNormal(int n) {
        checkSize(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = standardNormal();
        }
        return out;
    }

    /**
     * A normal double with mean {@code loc} and standard deviation {@code scale}, as
     * {@code rng.normal(loc, scale)}: {@code loc + scale * standardNormal()}.
     *
     * @throws IllegalArgumentException if {@code scale} is negative or not finite
     */
    public double normal(double loc, double scale) {
        Check.nonNegative("scale", scale);
        return loc + scale * standardNormal();
    }

    /**
     * {@code n} normal doubles, as {@code rng.normal(loc, scale, n)}.
     *
     * @throws IllegalArgumentException if {@code scale} is negative or not finite, or {@code n < 0}
     */
    public double[] normal(double loc, double scale, int n) {
        checkSize(n);
        Check.nonNegative("scale", scale);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = loc + scale * standardNormal();
        }
        return out;
    }

    /**
     * An integer uniform on {@code [low, high)}, as {@code rng.integers(low, high)} with NumPy's
     * default {@code dtype=np.int64, endpoint=False}.
     *
     * @throws IllegalArgumentException if {@code low >= high} (NumPy: "low >= high")
     */
    public long integers(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException(
                    "integers(low = " + low + ", high = " + high + "): need low < high (high is exclusive)");
        }
        long range = high - 1 - low; // unsigned, at most 2^64 - 2
        return low + boundedUint64(range);
    }

    /**
     * {@code n} integers uniform on {@code [low, high)}, as {@code rng.integers(low, high, n)}
     * (the same numbers as {@code n} calls of {@link #integers(long, long)}).
     *
     * @throws IllegalArgumentException if {@code low >= high} or {@code n < 0}
     */
    public long[] integers(long low, long high, int n) {
        checkSize(n);
        if (low >= high) {
            throw new IllegalArgumentException(
                    "integers(low = " + low + ", high = " + high + "): need low < high (high is exclusive)");
        }
        long range = high - 1 - low;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = low + boundedUint64(range);
        }
        return out;
    }

    /**
     * A random permutation of {@code 0, 1, ..., n-1}, as {@code rng.permutation(n)}.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public int[] permutation(int n) {
        checkSize(n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) randomInterval(i);
            int tmp = out[j];
            out[j] = out[i];
            out[i] = tmp;
        }
        return out;
    }

    /** An unsigned integer uniform on {@code [0, range]} (NumPy's {@code random_bounded_uint64}, unmasked). */
    private long boundedUint64(long range) {
        if (range == 0) {
            return 0;
        }
        if (Long.compareUnsigned(range, 0xFFFFFFFFL) < 0) {
            return Integer.toUnsignedLong(lemire32((int) range));
        }
        if (range == 0xFFFFFFFFL) {
            return Integer.toUnsignedLong(bits.nextUint32());
        }
        if (range == -1L) {
            return bits.nextUint64();
        }
        return lemire64(range);
    }

    /** Lemire's method on 32-bit draws: uniform on {@code [0, range]}, {@code range < 2^32 - 1}. */
    private int lemire32(int range) {
        long rangeExcl = Integer.toUnsignedLong(range) + 1;
        long m = Integer.toUnsignedLong(bits.nextUint32()) * rangeExcl;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < rangeExcl) {
            long threshold = (0xFFFFFFFFL - Integer.toUnsignedLong(range)) % rangeExcl;
            while (leftover < threshold) {
                m = Integer.toUnsignedLong(bits.nextUint32()) * rangeExcl;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Lemire's method on 64-bit draws: uniform on {@code [0, range]}, {@code range < 2^64 - 1}. */
    private long lemire64(long range) {
        long rangeExcl = range + 1;
        long x = bits.nextUint64();
        long leftover = x * rangeExcl;
        if (Long.compareUnsigned(leftover, rangeExcl) < 0) {
            long threshold = Long.remainderUnsigned(-1L - range, rangeExcl);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                x = bits.nextUint64();
                leftover = x * rangeExcl;
            }
        }
        return Pcg64.unsignedMultiplyHigh(x, rangeExcl);
    }

    /** NumPy's {@code random_interval}: uniform on {@code [0, max]} by masking and rejection. */
    private long randomInterval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (Long.compareUnsigned(max, 0xFFFFFFFFL) <= 0) {
            do {
                value = Integer.toUnsignedLong(bits.nextUint32()) & mask;
            } while (value > max);
        } else {
            do {
                value = bits.nextUint64() & mask;
            } while (Long.compareUnsigned(value, max) > 0);
        }
        return value;
    }

    private static void checkSize(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " must be >= 0");
        }
    }
}
