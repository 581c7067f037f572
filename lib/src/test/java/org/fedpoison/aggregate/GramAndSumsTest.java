package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The shared arithmetic agrees with plain, obviously correct computations. */
class GramAndSumsTest {

    @Test
    void selectFindsTheKthSmallestAndPartitionsAroundIt() {
        Random r = new Random(31);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + r.nextInt(200);
            double[] a = new double[n + 6];
            boolean fewValues = r.nextBoolean(); // many ties, as with all-zero coordinates
            for (int i = 0; i < a.length; i++) {
                a[i] = fewValues ? r.nextInt(3) : r.nextGaussian();
            }
            int from = 3;
            int k = from + r.nextInt(n);
            double[] sorted = Arrays.copyOfRange(a, from, from + n);
            Arrays.sort(sorted);
            double[] copy = a.clone();
            double got = OrderStatistics.select(copy, from, from + n, k);
            assertEquals(sorted[k - from], got, 0.0);
            assertEquals(got, copy[k], 0.0);
            for (int i = from; i < k; i++) {
                assertTrue(copy[i] <= got);
            }
            for (int i = k + 1; i < from + n; i++) {
                assertTrue(copy[i] >= got);
            }
            double[] rest = Arrays.copyOfRange(copy, from, from + n);
            Arrays.sort(rest);
            assertArrayEquals(sorted, rest, 0.0, "a permutation of the range");
            assertEquals(a[0], copy[0], 0.0); // outside the range untouched
            assertEquals(a[a.length - 1], copy[a.length - 1], 0.0);
        }
    }

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheMiddlePair() {
        Random r = new Random(32);
        for (int trial = 0; trial < 1000; trial++) {
            int n = 1 + r.nextInt(150);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(4) == 0 ? 0.0 : r.nextGaussian();
            }
            double[] s = a.clone();
            Arrays.sort(s);
            double expected = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            assertEquals(expected, OrderStatistics.median(a, 0, n), 0.0);
        }
    }

    @Test
    void bothGramPathsAgreeWithPlainDotProducts() {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            int k = 12;
            int d = 150_000; // K*K*d above the direct threshold, so gram() would take the BLAS path
            assertTrue((long) k * k * d > Gram.DIRECT_GRAM_MAX_FLOPS);
            double[][] x = Fixtures.gaussian(33, k, d);
            for (int j = 0; j < d; j++) {
                x[3][j] += 5; // a large common offset for one client
            }
            RoundUpdates b = RoundUpdates.of(Fixtures.updates(type, x), "test");
            double[][] xs = new double[k][];
            for (int i = 0; i < k; i++) {
                xs[i] = b.toDoubles(i); // the values as stored (rounded to float for FLOAT)
            }
            double tol = type == DataType.DOUBLE ? 1e-9 : 1e-4;
            assertTrue(Gram.Syrk.AVAILABLE, "the OpenBLAS binding ND4J ships with loads here");
            for (boolean centred : new boolean[] {false, true}) {
                for (boolean syrk : new boolean[] {true, false}) {
                    double[][] blas = Gram.gramBlas(b, centred, syrk);
                    double[][] direct = Gram.gramDirect(b, centred);
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            double scale = Math.sqrt(direct[i][i] * direct[j][j]);
                            assertEquals(direct[i][j], blas[i][j], tol * scale, "G[" + i + "][" + j + "] syrk=" + syrk);
                        }
                    }
                }
            }
            double[][] dist = Gram.pairwiseSquaredDistances(b);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double s = 0;
                    for (int t = 0; t < d; t++) {
                        s += (xs[i][t] - xs[j][t]) * (xs[i][t] - xs[j][t]);
                    }
                    assertEquals(s, dist[i][j], tol * Math.max(1, s), "D[" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void weightedSumAndNormsMatchPlainLoops() {
        double[][] x = Fixtures.gaussian(34, 5, 10_001);
        RoundUpdates b = RoundUpdates.of(Fixtures.doubles(x), "test");
        double[] w = {0.5, -1, 0, 2, 0.25};
        double[] got = Fixtures.values(WeightedSums.weightedSum(b, w));
        double[] norms = WeightedSums.norms(b);
        for (int j = 0; j < x[0].length; j++) {
            double s = 0;
            for (int i = 0; i < 5; i++) {
                s += w[i] * x[i][j];
            }
            assertEquals(s, got[j], 1e-12);
        }
        for (int i = 0; i < 5; i++) {
            double s = 0;
            for (double v : x[i]) {
                s += v * v;
            }
            assertEquals(Math.sqrt(s), norms[i], 1e-9);
        }
    }

    @Test
    void geometricMedianMatchesThePlainWeiszfeldIteration() {
        // the coefficient-space iteration against the textbook one on explicit vectors
        double[][] x = Fixtures.gaussian(35, 9, 6);
        for (int j = 0; j < 6; j++) {
            x[8][j] += 40; // an outlier
        }
        int iterations = 30;
        double nu = 1e-9;
        double[] z = new double[6];
        for (double[] row : x) {
            for (int j = 0; j < 6; j++) {
                z[j] += row[j] / x.length;
            }
        }
        for (int it = 0; it < iterations; it++) {
            double[] next = new double[6];
            double sw = 0;
            for (double[] row : x) {
                double dist = 0;
                for (int j = 0; j < 6; j++) {
                    dist += (row[j] - z[j]) * (row[j] - z[j]);
                }
                double w = 1 / Math.max(nu, Math.sqrt(dist));
                sw += w;
                for (int j = 0; j < 6; j++) {
                    next[j] += w * row[j];
                }
            }
            for (int j = 0; j < 6; j++) {
                z[j] = next[j] / sw;
            }
        }
        double[] got = Fixtures.values(GeometricMedian.of(iterations, 0, nu).aggregate(Fixtures.doubles(x)));
        assertArrayEquals(z, got, 1e-10);
    }

    @Test
    void krumMatchesAPlainImplementationOnLargerInputs() {
        // large enough for the BLAS Gram path: K = 20, d = 50,000
        int k = 20;
        int d = 50_000;
        double[][] x = Fixtures.gaussian(36, k, d);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = x[i][j] * 3 + 0.1; // four spread-out clients
            }
        }
        int f = 4;
        double[] score = new double[k];
        for (int i = 0; i < k; i++) {
            double[] dist = new double[k - 1];
            int q = 0;
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    double s = 0;
                    for (int t = 0; t < d; t++) {
                        s += (x[i][t] - x[j][t]) * (x[i][t] - x[j][t]);
                    }
                    dist[q++] = s;
                }
            }
            Arrays.sort(dist);
            for (int t = 0; t < k - f - 2; t++) {
                score[i] += dist[t];
            }
        }
        int best = 0;
        for (int i = 1; i < k; i++) {
            if (score[i] < score[best]) {
                best = i;
            }
        }
        List<ClientUpdate> u = Fixtures.doubles(x);
        assertArrayEquals(x[best], Fixtures.values(Krum.of(f).aggregate(u)), 0.0);
        assertArrayEquals(x[best], Fixtures.values(Krum.of(f).aggregate(Fixtures.floats(x))), 1e-6);
    }

    @Test
    void theFastPathsAlsoNameTheClientWithANonFiniteValue() {
        // K*K*d above the direct threshold: Krum and GeometricMedian check inside the Gram pass,
        // the median inside its transposing pass
        int k = 20;
        int d = 50_000;
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                double[][] x = Fixtures.gaussian(37, k, d);
                x[13][d - 5] = bad;
                List<ClientUpdate> u = Fixtures.updates(type, x);
                for (Aggregator a : List.of(Krum.of(2), GeometricMedian.of(), CoordinateMedian.of(), Bulyan.of(2))) {
                    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                            IllegalArgumentException.class, () -> a.aggregate(u));
                    assertTrue(e.getMessage().contains("client 13") && e.getMessage().contains("index " + (d - 5)),
                            e.getMessage());
                }
            }
        }
    }
}
