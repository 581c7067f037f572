package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SampleSelect#trimmedMean} gives the scalar rule's float32 result ({@link
 * OrderStatistics#trimmedMeanOf} on the values in canonical order) bit for bit, and agrees with a
 * plain sort, on values with ties, zeros of both signs, far outliers, cancelling magnitudes and
 * arrangements that defeat its sample; and the rule takes it for float32 rounds of more than
 * {@link OrderStatistics#networkMaxK()} updates.
 */
class SampleSelectTest {

    private static final int[] SIZES = {3, 10, 100, 511, 512, 513, 769, 1000, 2000};

    private static double[] gaussian(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Few distinct values: ties everywhere, zeros of both signs among them. */
    private static double[] ties(Random r, int n) {
        float[] levels = {-2f, -1f, -0f, 0f, 0.5f, 1f, 3f};
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = levels[r.nextInt(levels.length)];
        }
        return x;
    }

    /** Mixed scales with cancelling large pairs: the summation order can decide the last bit. */
    private static double[] cancelling(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.scalb(r.nextGaussian(), -r.nextInt(40));
        }
        for (int p = 0; p + 1 < n && p < 20; p += 2) {
            float big = (float) Math.scalb(1.0 + r.nextDouble(), 20 + r.nextInt(40));
            x[p] = big;
            x[p + 1] = -big;
        }
        shuffle(r, x);
        return x;
    }

    /** Gaussian values with f far outliers at each end (the attack a trimmed mean is for), and the float extremes. */
    private static double[] outliers(Random r, int n, int f) {
        double[] x = gaussian(r, n);
        for (int i = 0; i < f && 2 * i + 1 < n; i++) {
            x[2 * i] = i == 0 ? Float.MAX_VALUE : 1e30f;
            x[2 * i + 1] = i == 0 ? -Float.MAX_VALUE : -1e30f;
        }
        shuffle(r, x);
        return x;
    }

    private static void shuffle(Random r, double[] x) {
        for (int i = x.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }

    private static void check(double[] x, int f, String what) {
        int n = x.length;
        double[] a = new double[n + 7]; // at an offset, with guards that must not change
        Arrays.fill(a, 42.0);
        System.arraycopy(x, 0, a, 3, n);
        double fast = SampleSelect.trimmedMean(a, 3, n, f);
        float expected = (float) OrderStatistics.trimmedMeanOf(x.clone(), 0, n, f);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits((float) fast),
                what + " n=" + n + " f=" + f + ": " + expected + " against " + (float) fast);
        assertEquals(42.0, a[0]);
        assertEquals(42.0, a[n + 3]);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double s = 0;
        double abs = 0;
        for (int i = f; i < n - f; i++) {
            s += sorted[i];
            abs += Math.abs(sorted[i]);
        }
        assertEquals(s / (n - 2 * f), fast, 1e-12 * abs + 1e-300, what + " n=" + n + " f=" + f + " against a sort");
    }

    private static int[] trims(int n) {
        return new int[] {1, 2, 10, n / 50, n / 20, n / 10, n / 4, (n - 1) / 2};
    }

    @Test
    void equalsTheScalarRuleBitForBitOnRandomValues() {
        Random r = new Random(21);
        for (int n : SIZES) {
            for (int f : trims(n)) {
                if (f < 1 || 2 * f >= n) {
                    continue;
                }
                for (int rep = 0; rep < (n >= 512 ? 40 : 5); rep++) {
                    check(gaussian(r, n), f, "gaussian");
                    check(ties(r, n), f, "ties");
                    check(cancelling(r, n), f, "magnitudes");
                    check(outliers(r, n, f), f, "outliers");
                }
            }
        }
    }

    @Test
    void gaussianValuesRarelyNeedTheScalarRule() {
        Random r = new Random(24);
        long before = OrderStatistics.FALLBACKS.sum() + SampleSelect.MISSES.sum();
        int coordinates = 2000;
        for (int c = 0; c < coordinates; c++) {
            check(gaussian(r, 1000), 10, "gaussian");
        }
        long slow = OrderStatistics.FALLBACKS.sum() + SampleSelect.MISSES.sum() - before;
        assertTrue(slow < coordinates / 20, slow + " of " + coordinates + " coordinates took the scalar rule");
    }

    @Test
    void aSampleThatMissesTheTailsFallsBackToTheScalarRule() {
        Random r = new Random(22);
        long misses = SampleSelect.MISSES.sum();
        for (int n : new int[] {512, 1000, 2000}) {
            for (int f : new int[] {1, 10, 20}) {
                // the sampled positions hold the largest values: the upper threshold is reached by too few values
                double[] x = gaussian(r, n);
                for (int i = 0; i < SampleSelect.SAMPLE; i++) {
                    x[(int) (((2L * i + 1) * n) / (2 * SampleSelect.SAMPLE))] = 100 + i;
                }
                check(x, f, "adversarial");
                // all values equal: the thresholds coincide
                double[] same = new double[n];
                Arrays.fill(same, 0.25);
                check(same, f, "constant");
                // sorted ascending and descending
                double[] up = gaussian(r, n);
                Arrays.sort(up);
                check(up, f, "ascending");
                double[] down = up.clone();
                for (int i = 0; i < n; i++) {
                    down[i] = up[n - 1 - i];
                }
                check(down, f, "descending");
            }
        }
        assertTrue(SampleSelect.MISSES.sum() > misses, "the adversarial arrangements should miss");
    }

    @Test
    void theRuleUsesItAboveTheNetworkAndStillMatchesTheScalarPath() {
        Random r = new Random(23);
        int k = OrderStatistics.networkMaxK() + 232; // 1,000 (3,304 on the vector path)
        int d = 300;
        float[][] x = new float[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = j % 3 == 0 ? (float) Math.scalb(r.nextGaussian(), -r.nextInt(30))
                        : j % 3 == 1 ? (float) r.nextInt(4) - 1.5f : (float) r.nextGaussian();
            }
        }
        for (int i = 0; i < 10; i++) {
            x[i][0] = 1e30f; // attackers at one end
        }
        for (int f : new int[] {1, 10, 100, (k - 1) / 2}) {
            double[] fast = OrderStatistics.trimmedMean(batch(x), f);
            double[] slow = OrderStatistics.perCoordinate(batch(x), (a, from, m) -> OrderStatistics.trimmedMeanOf(a, from, m, f));
            for (int j = 0; j < d; j++) {
                assertEquals(Float.floatToRawIntBits((float) slow[j]), Float.floatToRawIntBits((float) fast[j]),
                        "f=" + f + " coordinate " + j);
            }
        }
    }

    @Test
    void aNonFiniteValueAboveTheNetworkIsStillNamed() {
        int k = 1000;
        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            float[][] x = new float[k][50];
            x[k / 3][17] = bad;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OrderStatistics.trimmedMean(batch(x), 10));
            assertTrue(e.getMessage().contains(String.valueOf(k / 3)), e.getMessage());
        }
    }

    private static RoundUpdates batch(float[][] x) {
        List<ClientUpdate> ups = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            ups.add(new ClientUpdate(i, Nd4j.createFromArray(x[i].clone()), 10));
        }
        return RoundUpdates.of(ups, "test");
    }
}
