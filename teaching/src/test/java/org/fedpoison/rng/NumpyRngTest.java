package org.fedpoison.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * NumpyRng against vectors written by NumPy 1.24.2 (teaching/src/test/python/numpy_vectors.py):
 * every number must be equal bit for bit.
 */
class NumpyRngTest {

    @TestFactory
    Stream<DynamicTest> matchesNumpyBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed : NumpyVectors.SEEDS) {
            for (NumpyVectors.Case c : NumpyVectors.read(seed)) {
                tests.add(DynamicTest.dynamicTest(c.toString(), () -> check(c)));
            }
        }
        assertTrue(tests.size() >= 6 * 40, "expected the full set of reference cases, got " + tests.size());
        return tests.stream();
    }

    private static void check(NumpyVectors.Case c) {
        long seed = c.seed();
        NumpyRng rng = NumpyRng.defaultRng(seed);
        String[] v = c.values();
        switch (c.name()) {
            case "seedsequence_pool" -> assertUnsigned32(v, new SeedSequence(seed).pool());
            case "generate_state_uint32" -> assertUnsigned32(v, new SeedSequence(seed).generateState32(arg(c, 0)));
            case "generate_state_uint64" -> assertUnsigned64(v, new SeedSequence(seed).generateState(arg(c, 0)));
            case "next_uint64" -> {
                Pcg64 bits = new Pcg64(seed);
                long[] got = new long[arg(c, 0)];
                for (int i = 0; i < got.length; i++) {
                    got[i] = bits.nextUint64();
                }
                assertUnsigned64(v, got);
            }
            case "random" -> assertBits(v, rng.random(arg(c, 0)));
            case "standard_normal" -> {
                int n = arg(c, 0);
                double[] bulk = rng.standardNormal(n);
                assertBits(v, bulk);
                NumpyRng again = NumpyRng.defaultRng(seed);
                double[] one = new double[n];
                for (int i = 0; i < n; i++) {
                    one[i] = again.standardNormal();
                }
                assertBits(v, one);
            }
            case "normal" -> {
                double loc = Double.parseDouble(c.args()[0]);
                double scale = Double.parseDouble(c.args()[1]);
                int n = Integer.parseInt(c.args()[2]);
                assertBits(v, rng.normal(loc, scale, n));
                NumpyRng again = NumpyRng.defaultRng(seed);
                double[] one = new double[n];
                for (int i = 0; i < n; i++) {
                    one[i] = again.normal(loc, scale);
                }
                assertBits(v, one);
            }
            case "standard_normal_digest" -> {
                // v[0]: XOR of the bit patterns of all n normals; then "index:value" for each tail sample
                int n = arg(c, 0);
                double[] z = rng.standardNormal(n);
                long xor = 0;
                int tails = 0;
                for (double x : z) {
                    xor ^= Double.doubleToRawLongBits(x);
                    if (Math.abs(x) > NumpyRng.ZIGGURAT_NOR_R) {
                        tails++;
                    }
                }
                for (int i = 1; i < v.length; i++) {
                    String[] iv = v[i].split(":");
                    int at = Integer.parseInt(iv[0]);
                    assertEquals(Double.doubleToRawLongBits(Double.parseDouble(iv[1])),
                            Double.doubleToRawLongBits(z[at]), "tail sample at index " + at);
                }
                assertEquals(v.length - 1, tails, "number of tail samples");
                assertEquals(Long.parseUnsignedLong(v[0]), xor, "XOR of all bit patterns");
            }
            case "integers" -> {
                long low = Long.parseLong(c.args()[0]);
                long high = new java.math.BigInteger(c.args()[1]).longValueExact();
                int n = Integer.parseInt(c.args()[2]);
                long[] expected = Arrays.stream(v).mapToLong(Long::parseLong).toArray();
                long[] scalars = new long[n];
                for (int i = 0; i < n; i++) {
                    scalars[i] = rng.integers(low, high);
                }
                assertArrayEquals(expected, scalars, "scalar draws");
                assertArrayEquals(expected, NumpyRng.defaultRng(seed).integers(low, high, n), "bulk draws");
            }
            case "permutation" -> {
                int[] expected = Arrays.stream(v).mapToInt(Integer::parseInt).toArray();
                assertArrayEquals(expected, rng.permutation(arg(c, 0)));
            }
            case "mixed" -> checkMixed(rng, v);
            default -> fail("unknown case " + c.name());
        }
    }

    /** One generator through integers, random, standardNormal and permutation in turn. */
    private static void checkMixed(NumpyRng rng, String[] tokens) {
        int step = 0;
        for (String t : tokens) {
            char kind = t.charAt(0);
            String body = t.substring(1);
            // the Python script draws integers in the order [0,10), [-5,5), [0,2^33) per block
            switch (kind) {
                case 'i' -> {
                    int which = step % 6;
                    long got = which == 0 ? rng.integers(0, 10)
                            : which == 2 ? rng.integers(-5, 5) : rng.integers(0, 1L << 33);
                    assertEquals(Long.parseLong(body), got, "token " + step);
                }
                case 'd' -> assertEquals(Double.doubleToRawLongBits(Double.parseDouble(body)),
                        Double.doubleToRawLongBits(rng.random()), "token " + step);
                case 'n' -> assertEquals(Double.doubleToRawLongBits(Double.parseDouble(body)),
                        Double.doubleToRawLongBits(rng.standardNormal()), "token " + step);
                case 'p' -> assertArrayEquals(
                        Arrays.stream(body.split(",")).mapToInt(Integer::parseInt).toArray(),
                        rng.permutation(5), "token " + step);
                default -> fail("unknown token " + t);
            }
            step++;
        }
    }

    private static int arg(NumpyVectors.Case c, int i) {
        return Integer.parseInt(c.args()[i]);
    }

    private static void assertBits(String[] expected, double[] got) {
        assertEquals(expected.length, got.length, "length");
        for (int i = 0; i < got.length; i++) {
            double e = Double.parseDouble(expected[i]);
            if (Double.doubleToRawLongBits(e) != Double.doubleToRawLongBits(got[i])) {
                fail("index " + i + ": numpy " + expected[i] + ", java " + got[i]);
            }
        }
    }

    private static void assertUnsigned32(String[] expected, int[] got) {
        assertEquals(expected.length, got.length, "length");
        for (int i = 0; i < got.length; i++) {
            assertEquals(Long.parseLong(expected[i]), Integer.toUnsignedLong(got[i]), "index " + i);
        }
    }

    private static void assertUnsigned64(String[] expected, long[] got) {
        assertEquals(expected.length, got.length, "length");
        for (int i = 0; i < got.length; i++) {
            assertEquals(Long.parseUnsignedLong(expected[i]), got[i], "index " + i);
        }
    }

    @Test
    void textsKnownValuesForSeed7() {
        // Issue 3: 5 + 0.2 * default_rng(7).standard_normal(20) begins 5.00024603, 5.05974911, 4.94517243
        double[] z = NumpyRng.defaultRng(7).standardNormal(20);
        double[] expected = {5.00024603, 5.05974911, 4.94517243};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], 5 + 0.2 * z[i], 5e-9, "index " + i);
        }
    }

    @Test
    void sameSeedSameSequenceDifferentSeedDifferentSequence() {
        assertArrayEquals(NumpyRng.defaultRng(3).random(50), NumpyRng.defaultRng(3).random(50));
        assertTrue(!Arrays.equals(NumpyRng.defaultRng(3).random(50), NumpyRng.defaultRng(4).random(50)));
    }

    @Test
    void permutationContainsEveryIndexOnce() {
        NumpyRng rng = NumpyRng.defaultRng(11);
        for (int n : new int[] {0, 1, 2, 3, 17, 500}) {
            int[] p = rng.permutation(n);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted[i], "n = " + n);
            }
        }
    }

    @Test
    void integersStayInRange() {
        NumpyRng rng = NumpyRng.defaultRng(5);
        long[][] ranges = {{0, 1}, {-3, 4}, {0, 1L << 32}, {Long.MIN_VALUE, Long.MAX_VALUE}, {-10, 1L << 40}};
        for (long[] r : ranges) {
            for (int i = 0; i < 2000; i++) {
                long x = rng.integers(r[0], r[1]);
                assertTrue(x >= r[0] && x < r[1], x + " outside [" + r[0] + ", " + r[1] + ")");
            }
        }
    }

    @Test
    void uniformsLieInUnitInterval() {
        for (double u : NumpyRng.defaultRng(9).random(10_000)) {
            assertTrue(u >= 0 && u < 1, "u = " + u);
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumpyRng.defaultRng(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        NumpyRng rng = NumpyRng.defaultRng(0);
        e = assertThrows(IllegalArgumentException.class, () -> rng.integers(5, 5));
        assertTrue(e.getMessage().contains("low = 5") && e.getMessage().contains("high = 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rng.permutation(-2));
        assertThrows(IllegalArgumentException.class, () -> rng.standardNormal(-1));
        assertThrows(IllegalArgumentException.class, () -> rng.integers(0, 10, -1));
        assertThrows(IllegalArgumentException.class, () -> rng.normal(0, -1));
    }

    @Test
    void zigguratTablesFollowTheConstruction() {
        // x_i = WI[i] * 2^52 are the layer edges, decreasing from x_1 ... to x_255 = r; FI is the
        // density at the edges; KI[i] = floor(2^52 * x_{i-1} / x_i) for i >= 2 (the share of layer i
        // that lies inside the layer below it). Agreement to 1e-12 checks the data was not mangled.
        double[] w = ZigguratTables.WI;
        double[] f = ZigguratTables.FI;
        long[] k = ZigguratTables.KI;
        double two52 = 0x1.0p52;
        assertEquals(NumpyRng.ZIGGURAT_NOR_R, w[255] * two52, 0.0);
        assertEquals(1.0, f[0], 0.0);
        assertEquals(0L, k[1]);
        for (int i = 1; i < 256; i++) {
            double x = w[i] * two52;
            assertEquals(Math.exp(-0.5 * x * x), f[i], 1e-12 * f[i], "FI[" + i + "]");
            if (i >= 2) {
                double xPrev = w[i - 1] * two52;
                assertTrue(xPrev < x, "layer edges increase with i at " + i);
                assertEquals(xPrev / x * two52, (double) k[i], 1e-12 * two52, "KI[" + i + "]");
            }
        }
        // every layer, and the base strip with its tail, has the same area v
        double v = NumpyRng.ZIGGURAT_NOR_R * f[255]
                + Math.sqrt(Math.PI / 2) * erfc(NumpyRng.ZIGGURAT_NOR_R / Math.sqrt(2));
        for (int i = 2; i < 256; i++) {
            double area = w[i] * two52 * (f[i - 1] - f[i]);
            assertEquals(v, area, 1e-9, "area of layer " + i);
        }
    }

    /** erfc by its continued fraction, accurate to ~1e-15 for x above 2 (enough for the tail). */
    private static double erfc(double x) {
        double t = 0;
        for (int n = 60; n >= 1; n--) {
            t = (n / 2.0) / (x + t);
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + t);
    }

    @Test
    void lemireHalfWordIsKeptAcrossOtherDraws() {
        // two bounded draws below 2^32 use both halves of one 64-bit word, so a third generator
        // that takes that word directly must see them as its low and high halves.
        NumpyRng a = NumpyRng.defaultRng(21);
        long first = a.integers(0, 1L << 31);
        a.random();
        long second = a.integers(0, 1L << 31);
        Pcg64 raw = new Pcg64(21);
        long word = raw.nextUint64();
        LongFunction<Long> scale = u -> (u * (1L << 31)) >>> 32; // Lemire with a power of two never rejects
        assertEquals(scale.apply(word & 0xFFFFFFFFL), first);
        assertEquals(scale.apply(word >>> 32), second);
    }
}
