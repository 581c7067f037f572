package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The blocked network path of the per-coordinate rules gives the scalar path's results bit for bit
 * (the float32 results the rules return), and both agree with a plain sort.
 */
class OrderStatisticsNetworkTest {

    /** Client counts: around powers of two, the lane count boundaries, and up to 2,000 (the vector path sorts up to 3,072). */
    private static final int[] COUNTS = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65, 99, 100, 101,
        127, 128, 129, 255, 256, 257, 500, 1000, 2000};

    // --- references: the scalar rules as the aggregators computed them, and a plain sort ---

    private static double[] scalarMedian(RoundUpdates b) {
        return OrderStatistics.perCoordinate(b, OrderStatistics::median);
    }

    /** TrimmedMean's per-coordinate rule before the network path (quickselect twice, sum in place). */
    private static double[] scalarTrimmed(RoundUpdates b, int f) {
        int kept = b.size() - 2 * f;
        return OrderStatistics.perCoordinate(b, (a, from, m) -> {
            int lo = from + f;
            int hi = from + m - f;
            if (f > 0) {
                OrderStatistics.select(a, from, from + m, lo);
                OrderStatistics.select(a, lo, from + m, hi - 1);
            }
            double s = 0;
            for (int i = lo; i < hi; i++) {
                s += a[i];
            }
            return s / kept;
        });
    }

    private static float[] column(float[][] x, int j) {
        float[] c = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i][j];
        }
        return c;
    }

    private static RoundUpdates batch(float[][] x) {
        List<ClientUpdate> ups = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            ups.add(new ClientUpdate(i, Nd4j.createFromArray(x[i].clone()), 10));
        }
        return RoundUpdates.of(ups, "test");
    }

    private static float[][] gaussian(Random r, int k, int d) {
        float[][] x = new float[k][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    /** Few distinct values (ties everywhere), zeros of both signs among them. */
    private static float[][] ties(Random r, int k, int d) {
        float[] pool = {-2f, -1f, -0f, 0f, 0f, 1f, 2f};
        float[][] x = new float[k][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = pool[r.nextInt(pool.length)];
            }
        }
        return x;
    }

    /** Values of wildly different sizes that cancel: the double sums' last bits depend on the order. */
    private static float[][] cancelling(Random r, int k, int d) {
        float[][] x = new float[k][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                float big = (float) Math.scalb(1.0 + r.nextDouble(), 20 + r.nextInt(40));
                switch (r.nextInt(4)) {
                    case 0 -> row[j] = big;
                    case 1 -> row[j] = -big;
                    case 2 -> row[j] = (float) (r.nextGaussian() * 1e-3);
                    default -> row[j] = (float) Math.scalb(r.nextGaussian(), -r.nextInt(100));
                }
            }
        }
        return x;
    }

    private static void assertSameFloats(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int j = 0; j < expected.length; j++) {
            int e = Float.floatToRawIntBits((float) expected[j]);
            int a = Float.floatToRawIntBits((float) actual[j]);
            if (e != a) {
                throw new AssertionError(what + ": coordinate " + j + " expected " + (float) expected[j] + " got "
                        + (float) actual[j]);
            }
        }
    }

    private static void checkMedian(float[][] x, String what) {
        RoundUpdates b = batch(x);
        double[] fast = OrderStatistics.coordinateMedian(b);
        double[] slow = scalarMedian(batch(x));
        for (int j = 0; j < fast.length; j++) { // the doubles themselves agree, sign of zero included
            assertEquals(Double.doubleToRawLongBits(slow[j]), Double.doubleToRawLongBits(fast[j]),
                    what + ": median of coordinate " + j);
        }
        int k = x.length;
        for (int j = 0; j < fast.length; j++) {
            float[] c = column(x, j);
            Arrays.sort(c);
            double expected = (k & 1) == 1 ? c[k / 2] : 0.5 * c[k / 2 - 1] + 0.5 * c[k / 2];
            assertEquals(expected, fast[j], 0.0, what + ": median against a sort, coordinate " + j);
        }
    }

    private static void checkTrimmed(float[][] x, int f, String what) {
        double[] fast = OrderStatistics.trimmedMean(batch(x), f);
        double[] slow = scalarTrimmed(batch(x), f);
        assertSameFloats(slow, fast, what + " f=" + f);
        int k = x.length;
        for (int j = 0; j < fast.length; j++) {
            float[] c = column(x, j);
            Arrays.sort(c);
            double s = 0;
            double a = 0;
            for (int r = f; r < k - f; r++) {
                s += c[r];
                a += Math.abs(c[r]);
            }
            assertEquals(s / (k - 2 * f), fast[j], 1e-12 * a + 1e-300, what + ": trimmed mean against a sort, coordinate " + j);
        }
    }

    @Test
    void medianEqualsTheScalarPathBitForBitOnGaussianData() {
        Random r = new Random(1);
        for (int k : COUNTS) {
            int d = k >= 2000 ? 100 : k >= 500 ? 300 : 1000;
            checkMedian(gaussian(r, k, d), "gaussian k=" + k);
        }
    }

    @Test
    void medianEqualsTheScalarPathWithTiesAndSignedZeros() {
        Random r = new Random(2);
        for (int k : COUNTS) {
            checkMedian(ties(r, k, k >= 500 ? 100 : 600), "ties k=" + k);
        }
    }

    @Test
    void medianOfAllZeroCoordinatesKeepsTheScalarSignOfZero() {
        Random r = new Random(3);
        for (int k : new int[] {2, 3, 4, 10, 11, 100, 101}) {
            float[][] x = new float[k][300];
            for (float[] row : x) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextInt(3) == 0 ? -0f : 0f; // column j: a random mix of signs
                }
            }
            for (int i = 0; i < k; i++) {
                x[i][0] = -0f; // all negative zeros
                x[i][1] = 0f;
            }
            checkMedian(x, "zeros k=" + k);
        }
    }

    @Test
    void medianOfCancellingMagnitudes() {
        Random r = new Random(4);
        for (int k : new int[] {3, 10, 100, 101, 257}) {
            checkMedian(cancelling(r, k, 500), "magnitudes k=" + k);
        }
    }

    @Test
    void trimmedMeanEqualsTheScalarPathBitForBit() {
        Random r = new Random(5);
        for (int k : COUNTS) {
            int d = k >= 500 ? 200 : 700;
            for (int f : new int[] {0, 1, k / 10, k / 4, (k - 1) / 2}) {
                if (2 * f >= k) {
                    continue;
                }
                checkTrimmed(gaussian(r, k, d), f, "gaussian k=" + k);
                checkTrimmed(ties(r, k, d), f, "ties k=" + k);
            }
        }
    }

    @Test
    void trimmedMeanWhereTheSummationOrderDecidesTheLastBit() {
        Random r = new Random(6);
        long before = OrderStatistics.FALLBACKS.sum();
        for (int k : new int[] {3, 5, 10, 21, 100, 101, 300}) {
            for (int f : new int[] {0, 1, k / 4, (k - 1) / 2}) {
                checkTrimmed(cancelling(r, k, 2000), f, "magnitudes k=" + k);
            }
        }
        assertTrue(OrderStatistics.FALLBACKS.sum() > before,
                "these inputs need the scalar rule somewhere, or the bound is never exercised");
    }

    @Test
    void aCertainMeanIsTheResultOfEverySummationOrder() {
        // values of mixed sizes that cancel: when certainMean answers, every order of summation
        // rounds to its float; when it declines, the scalar rule decides
        Random r = new Random(12);
        int certain = 0;
        int declined = 0;
        for (int trial = 0; trial < 20000; trial++) {
            int m = 4 + r.nextInt(30);
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = (float) Math.scalb(r.nextGaussian(), -r.nextInt(40)); // doubles cannot hold every partial sum
            }
            int pairs = r.nextInt(3); // big values that cancel exactly: the result is small, the order decides it
            for (int p = 0; p < pairs; p++) {
                float big = (float) Math.scalb(1.0 + r.nextDouble(), 20 + r.nextInt(50));
                x[2 * p] = big;
                x[2 * p + 1] = -big;
            }
            double s = 0;
            double a = 0;
            for (double v : x) {
                s += v;
                a += Math.abs(v);
            }
            double mean = OrderStatistics.certainMean(s, a, m);
            if (Double.isNaN(mean)) {
                declined++;
                continue;
            }
            certain++;
            float expected = (float) mean;
            List<Double> order = new ArrayList<>();
            for (double v : x) {
                order.add(v);
            }
            for (int p = 0; p < 20; p++) {
                java.util.Collections.shuffle(order, r);
                double t = 0;
                for (double v : order) {
                    t += v;
                }
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits((float) (t / m)),
                        "order " + order + " gives " + (float) (t / m) + ", certain mean " + expected);
            }
        }
        assertTrue(certain > 1000 && declined > 100, "both answers should occur: certain=" + certain
                + " declined=" + declined);
    }

    @Test
    void bulyanPhaseEqualsTheScalarPathBitForBit() {
        Random r = new Random(7);
        for (int m : new int[] {1, 2, 3, 8, 9, 50, 77, 100, 256}) {
            int k = m + 5;
            float[][] x = r.nextBoolean() ? gaussian(r, k, 600) : ties(r, k, 600);
            int[] rows = new int[m];
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                all.add(i);
            }
            java.util.Collections.shuffle(all, r);
            for (int q = 0; q < m; q++) {
                rows[q] = all.get(q);
            }
            Arrays.sort(rows);
            for (int beta : new int[] {1, Math.max(1, m / 2), m}) {
                double[] fast = OrderStatistics.bulyanMean(batch(x), rows, beta);
                double[] slow = OrderStatistics.perCoordinate(batch(x), rows, (a, from, count) -> {
                    Arrays.sort(a, from, from + count);
                    return OrderStatistics.bulyanOfSorted(a, from, count, beta);
                });
                for (int j = 0; j < fast.length; j++) {
                    assertEquals(Double.doubleToRawLongBits(slow[j]), Double.doubleToRawLongBits(fast[j]),
                            "bulyan m=" + m + " beta=" + beta + " coordinate " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void nonFiniteValuesAreRejectedNamingTheClient(float bad) {
        Random r = new Random(8);
        for (int k : new int[] {1, 5, 100}) {
            float[][] x = gaussian(r, k, 1000);
            int client = k / 2;
            x[client][777] = bad;
            IllegalArgumentException median = assertThrows(IllegalArgumentException.class,
                    () -> OrderStatistics.coordinateMedian(batch(x)));
            IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                    () -> scalarMedian(batch(x)));
            assertEquals(scalar.getMessage(), median.getMessage());
            assertTrue(median.getMessage().contains("client " + client), median.getMessage());
            assertThrows(IllegalArgumentException.class, () -> OrderStatistics.trimmedMean(batch(x), 0));
            if (k > 2) {
                assertThrows(IllegalArgumentException.class, () -> OrderStatistics.trimmedMean(batch(x), 1));
            }
        }
    }

    /**
     * The networks find non-finite values on their extreme wires (SortingNetwork.extremes): a NaN or
     * an infinity on any input wire, whichever client holds it, must reach them.
     */
    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void aNonFiniteValueOnAnyWireIsFound(float bad) {
        Random r = new Random(11);
        for (int k : new int[] {2, 3, 7, 16, 17, 64, 100, 101}) {
            for (int client = 0; client < k; client++) {
                float[][] x = gaussian(r, k, 40);
                x[client][client % 40] = bad;
                String where = "k=" + k + " client=" + client + " value=" + bad;
                IllegalArgumentException median = assertThrows(IllegalArgumentException.class,
                        () -> OrderStatistics.coordinateMedian(batch(x)), where);
                assertTrue(median.getMessage().contains("client " + client), where + ": " + median.getMessage());
                for (int f : new int[] {1, (k - 1) / 2}) {
                    if (f >= 1 && k > 2 * f) {
                        assertThrows(IllegalArgumentException.class, () -> OrderStatistics.trimmedMean(batch(x), f),
                                where + " f=" + f);
                    }
                }
                int[] all = new int[k];
                for (int i = 0; i < k; i++) {
                    all[i] = i;
                }
                assertThrows(IllegalArgumentException.class, () -> OrderStatistics.bulyanMean(batch(x), all, 1), where);
            }
        }
    }

    @Test
    void inputsAreNotModified() {
        Random r = new Random(9);
        float[][] x = gaussian(r, 50, 3000);
        List<ClientUpdate> ups = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            ups.add(new ClientUpdate(i, Nd4j.createFromArray(x[i].clone()), 10));
        }
        OrderStatistics.coordinateMedian(RoundUpdates.of(ups, "test"));
        OrderStatistics.trimmedMean(RoundUpdates.of(ups, "test"), 5);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i], ups.get(i).delta().toFloatVector(), 0f);
        }
    }

    @Test
    void float64RoundsKeepTheScalarPath() {
        Random r = new Random(10);
        List<ClientUpdate> ups = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            double[] row = new double[100];
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
            ups.add(new ClientUpdate(i, Nd4j.createFromArray(row).castTo(i == 4 ? DataType.DOUBLE : DataType.FLOAT), 1));
        }
        RoundUpdates b = RoundUpdates.of(ups, "test");
        assertArrayEquals(scalarMedian(b), OrderStatistics.coordinateMedian(b), 0.0);
        assertArrayEquals(scalarTrimmed(b, 2), OrderStatistics.trimmedMean(b, 2), 0.0);
    }

    @Test
    void prunedNetworksBuildBeforeTheFullOneAcrossThreads() throws Exception {
        // a pruned network built first builds its full network too: the cache must not be updated
        // from inside its own mapping (ConcurrentHashMap then fails with "Recursive update")
        Thread[] threads = new Thread[2];
        Throwable[] error = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int n = 601 + offset; n < 1000; n += 2) {
                        assertTrue(SortingNetwork.median(n).size() <= SortingNetwork.sort(n).size());
                        assertTrue(SortingNetwork.tails(n + 1, 3).size() <= SortingNetwork.sort(n + 1).size());
                    }
                } catch (Throwable e) {
                    error[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (error[0] != null) {
            throw new AssertionError("building networks failed", error[0]);
        }
    }

    @Test
    void networksSortEveryColumnAndTheMedianNetworkPlacesTheMiddle() {
        Random r = new Random(11);
        for (int n = 1; n <= 300; n++) {
            SortingNetwork sort = SortingNetwork.sort(n);
            SortingNetwork median = SortingNetwork.median(n);
            assertTrue(median.size() <= sort.size());
            for (int t = 0; t < 5; t++) {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = t == 0 ? r.nextInt(3) : r.nextGaussian();
                }
                double[] expected = a.clone();
                Arrays.sort(expected);
                double[] s = a.clone();
                sort.apply(s);
                assertArrayEquals(expected, s, 0.0, "sort n=" + n);
                double[] m = a.clone();
                median.apply(m);
                assertEquals(expected[n / 2], m[n / 2], 0.0, "median wire n=" + n);
                if (n % 2 == 0) {
                    assertEquals(expected[n / 2 - 1], m[n / 2 - 1], 0.0, "lower median wire n=" + n);
                }
                for (int f : new int[] {1, n / 10, (n - 1) / 2}) {
                    if (f < 1 || 2 * f >= n) {
                        continue;
                    }
                    SortingNetwork tails = SortingNetwork.tails(n, f);
                    assertTrue(tails.size() <= sort.size());
                    double[] q = a.clone();
                    tails.apply(q);
                    for (int i = 0; i < f; i++) {
                        assertEquals(expected[i], q[i], 0.0, "tails n=" + n + " f=" + f + " wire " + i);
                        assertEquals(expected[n - 1 - i], q[n - 1 - i], 0.0, "tails n=" + n + " f=" + f);
                    }
                    double[] middle = Arrays.copyOfRange(q, f, n - f);
                    Arrays.sort(middle);
                    assertArrayEquals(Arrays.copyOfRange(expected, f, n - f), middle, 0.0, "the kept values, n=" + n);
                }
            }
        }
    }
}
