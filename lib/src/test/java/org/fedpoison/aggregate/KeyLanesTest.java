package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector path of the order statistics ({@link KeyLanes}): on integer keys, in registers and in
 * the chunked block layout, a network leaves on every wire exactly the float (the same bits) that
 * the float network leaves there; non-finite values reach the extreme wires; the kept sums are the
 * row-order double sums.
 */
class KeyLanesTest {

    @Test
    void theTestsRunTheVectorPath() {
        assertTrue(OrderStatistics.VECTOR_API,
                "the library's tests run with --add-modules jdk.incubator.vector (lib/pom.xml)");
    }

    @Test
    void keysOrderAsFloatsDoWithSignedZerosLowest() {
        float[] ordered = {Float.NEGATIVE_INFINITY, -3e38f, -1f, -Float.MIN_VALUE, -0.0f, 0.0f, Float.MIN_VALUE,
            1f, 3e38f, Float.POSITIVE_INFINITY};
        for (int i = 0; i + 1 < ordered.length; i++) {
            int a = KeyLanes.key(Float.floatToRawIntBits(ordered[i]));
            int b = KeyLanes.key(Float.floatToRawIntBits(ordered[i + 1]));
            assertTrue(a < b, ordered[i] + " before " + ordered[i + 1]);
            assertEquals(Float.floatToRawIntBits(ordered[i]), KeyLanes.key(a), "the map is its own inverse");
        }
        assertTrue(KeyLanes.key(Float.floatToRawIntBits(Float.NaN)) > KeyLanes.POS_INF);
        assertTrue(KeyLanes.key(0xffc00000) < KeyLanes.NEG_INF, "a NaN with the sign bit set falls below -inf");
    }

    /** Values with many ties, both zeros, and a spread of magnitudes. */
    private static float[][] rows(int n, int len, Random rnd) {
        float[][] v = new float[n][len];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < len; j++) {
                int kind = rnd.nextInt(6);
                v[r][j] = switch (kind) {
                    case 0 -> 0.0f;
                    case 1 -> -0.0f;
                    case 2 -> rnd.nextInt(5) - 2;
                    case 3 -> (float) (rnd.nextGaussian() * 1e-30);
                    default -> (float) rnd.nextGaussian();
                };
            }
        }
        return v;
    }

    private static IntBuffer bits(float[][] v, int len) {
        IntBuffer b = ByteBuffer.allocateDirect(4 * v.length * len).order(ByteOrder.nativeOrder()).asIntBuffer();
        for (float[] row : v) {
            for (int j = 0; j < len; j++) {
                b.put(Float.floatToRawIntBits(row[j]));
            }
        }
        return b;
    }

    /** The wires {@code needed} (all if null) end with the float network's bits. */
    /** The rows loaded as {@link OrderStatistics} loads a block: as keys, chunk by chunk. */
    private static int[] block(float[][] x, int len) {
        int n = x.length;
        int lanes = KeyLanes.width(len);
        IntBuffer src = bits(x, len);
        int[] keys = new int[n * lanes];
        int[] tmp = new int[lanes];
        for (int r = 0; r < n; r++) {
            KeyLanes.load(src, r * len, len, r, n, tmp, keys);
        }
        return keys;
    }

    private static void sameWires(SortingNetwork net, boolean[] needed, float[][] x, int len, String what) {
        int n = x.length;
        float[][] expected = new float[n][];
        for (int r = 0; r < n; r++) {
            expected[r] = x[r].clone();
        }
        net.apply(expected, len);
        int[] keys = block(x, len);
        KeyLanes.apply(net, keys, KeyLanes.width(len) / KeyLanes.L);
        assertTrue(KeyLanes.finite(keys, n, len), what + ": finite inputs");
        float[] got = new float[len];
        for (int r = 0; r < n; r++) {
            if (needed != null && !needed[r]) {
                continue;
            }
            KeyLanes.store(keys, n, r, len, got);
            for (int j = 0; j < len; j++) {
                assertEquals(Float.floatToRawIntBits(expected[r][j]), Float.floatToRawIntBits(got[j]),
                        what + ": wire " + r + ", lane " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 96, 99, 100, 101, 128, 129, 200, 257})
    void everyWireHoldsTheFloatNetworksBits(int n) {
        Random rnd = new Random(n);
        int len = 37; // not a whole number of vectors
        float[][] x = rows(n, len, rnd);
        sameWires(SortingNetwork.sort(n), null, x, len, "sort(" + n + ")");
        boolean[] medianWires = new boolean[n]; // what the median network keeps: the middle and the extremes
        medianWires[0] = true;
        medianWires[n - 1] = true;
        medianWires[n / 2] = true;
        medianWires[Math.max(0, (n - 1) / 2)] = true;
        sameWires(SortingNetwork.median(n), medianWires, x, len, "median(" + n + ")");
        if (n > 2) {
            int f = Math.max(1, (n - 1) / 4);
            // the key path runs some comparators that pruning dropped (whole register groups), which
            // touch only wires no kept output depends on: the tails match, the middle as a multiset
            float[][] expected = new float[n][];
            for (int r = 0; r < n; r++) {
                expected[r] = x[r].clone();
            }
            SortingNetwork tails = SortingNetwork.tails(n, f);
            tails.apply(expected, len);
            int[] keys = block(x, len);
            KeyLanes.apply(tails, keys, KeyLanes.width(len) / KeyLanes.L);
            float[] got = new float[len];
            for (int r = 0; r < n; r++) {
                KeyLanes.store(keys, n, r, len, got);
                boolean tail = r < f || r >= n - f;
                for (int j = 0; j < len; j++) {
                    if (tail) {
                        assertEquals(Float.floatToRawIntBits(expected[r][j]), Float.floatToRawIntBits(got[j]),
                                "tails(" + n + ", " + f + "): wire " + r + ", lane " + j);
                    }
                }
            }
            // the kept (middle) wires hold the same multiset of values on both paths
            for (int j = 0; j < len; j++) {
                int[] a = new int[n - 2 * f];
                int[] b = new int[n - 2 * f];
                for (int r = f; r < n - f; r++) {
                    a[r - f] = Float.floatToRawIntBits(expected[r][j]);
                    KeyLanes.store(keys, n, r, len, got);
                    b[r - f] = Float.floatToRawIntBits(got[j]);
                }
                java.util.Arrays.sort(a);
                java.util.Arrays.sort(b);
                assertTrue(java.util.Arrays.equals(a, b), "tails(" + n + ", " + f + "): kept values, lane " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 17, 100})
    void aNonFiniteValueAnywhereReachesAnExtremeWire(int n) {
        float[] bad = {Float.NaN, Float.intBitsToFloat(0xffc00000), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        Random rnd = new Random(7);
        int len = 20;
        for (float value : bad) {
            for (int row : new int[] {0, n / 2, n - 1}) {
                float[][] x = rows(n, len, rnd);
                x[row][13] = value;
                int[] keys = block(x, len);
                KeyLanes.apply(SortingNetwork.median(n), keys, KeyLanes.width(len) / KeyLanes.L);
                assertFalse(KeyLanes.finite(keys, n, len), value + " on row " + row + " of " + n);
            }
        }
    }

    /**
     * The sums the trimmed mean needs, taken while each chunk is sorted: per lane, rows
     * {@code from, from+2, ...} and {@code from+1, from+3, ...} of the network's output summed in
     * double in two chains, then added; the smallest magnitude of those rows.
     */
    @ParameterizedTest
    @ValueSource(ints = {30, 31})
    void keptSumsAreTheTwoChainSumsOfTheKeptRows(int kept) {
        int n = 40;
        int f = (n - kept) / 2;
        int to = f + kept;
        int len = 45;
        float[][] x = rows(n, len, new Random(kept));
        SortingNetwork net = SortingNetwork.tails(n, f);
        int[] keys = block(x, len);
        double[] sums = new double[KeyLanes.width(len)];
        float[] smallest = new float[KeyLanes.width(len)];
        KeyLanes.apply(net, keys, KeyLanes.width(len) / KeyLanes.L, f, to, sums, smallest);
        float[][] sorted = new float[n][len];
        for (int r = 0; r < n; r++) {
            KeyLanes.store(keys, n, r, len, sorted[r]);
        }
        for (int j = 0; j < len; j++) {
            double even = 0;
            double odd = 0;
            float m = Float.POSITIVE_INFINITY;
            for (int r = f; r < to; r++) {
                if ((r - f) % 2 == 0) {
                    even += sorted[r][j];
                } else {
                    odd += sorted[r][j];
                }
                m = Math.min(m, Math.abs(sorted[r][j]));
            }
            assertEquals(even + odd, sums[j], 0.0, "lane " + j);
            assertEquals(m, smallest[j], 0.0f, "lane " + j);
        }
    }
}
