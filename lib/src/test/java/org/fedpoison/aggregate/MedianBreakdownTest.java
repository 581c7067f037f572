package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;

/**
 * The coordinate-wise median ignores values held by fewer than half of the clients and is carried
 * anywhere once they are half or more. Convention for an even count n: the mean of the two middle
 * values, so n/2 attackers already move it (they supply one of the two middle values).
 */
class MedianBreakdownTest {

    private static final int D = 4;

    @Test
    void fewerThanHalfStayWithinTheHonestRange() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(20);
            int attackers = (n - 1) / 2; // the most that are fewer than half
            int honest = n - attackers;
            double[][] x = Fixtures.gaussian(r.nextLong(), n, D);
            for (int i = honest; i < n; i++) {
                for (int j = 0; j < D; j++) {
                    x[i][j] = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextInt(30)); // anything
                }
            }
            double[] med = Fixtures.values(CoordinateMedian.of().aggregate(Fixtures.doubles(x)));
            for (int j = 0; j < D; j++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < honest; i++) {
                    lo = Math.min(lo, x[i][j]);
                    hi = Math.max(hi, x[i][j]);
                }
                assertTrue(med[j] >= lo && med[j] <= hi, "n=" + n + " coordinate " + j + ": " + med[j]
                        + " outside the honest range [" + lo + ", " + hi + "]");
            }
        }
    }

    @Test
    void halfOrMoreCarryItToAnyTarget() {
        Random r = new Random(12);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(20);
            int attackers = (n + 1) / 2; // the fewest that are half or more
            int honest = n - attackers;
            double[][] x = Fixtures.gaussian(r.nextLong(), n, D);
            double[] target = new double[D];
            for (int j = 0; j < D; j++) {
                double maxH = Double.NEGATIVE_INFINITY;
                double minH = Double.POSITIVE_INFINITY;
                for (int h = 0; h < honest; h++) {
                    maxH = Math.max(maxH, x[h][j]);
                    minH = Math.min(minH, x[h][j]);
                }
                double far = r.nextDouble() * Math.pow(10, r.nextInt(8));
                boolean up = r.nextBoolean();
                if (honest == 0) {
                    target[j] = up ? far : -far;
                } else {
                    target[j] = up ? maxH + far : minH - far; // anywhere outside the honest values
                }
                for (int i = honest; i < n; i++) {
                    if (n % 2 == 1 || honest == 0) {
                        x[i][j] = target[j]; // a strict majority: the median is their value
                    } else {
                        // exactly half: the median is the mean of the nearest honest extreme and the
                        // attackers' value v, so v = 2 * target - that extreme (beyond it as well)
                        x[i][j] = 2 * target[j] - (up ? maxH : minH);
                    }
                }
            }
            double[] med = Fixtures.values(CoordinateMedian.of().aggregate(Fixtures.doubles(x)));
            for (int j = 0; j < D; j++) {
                assertEquals(target[j], med[j], 1e-9 * Math.max(1, Math.abs(target[j])), "n=" + n);
            }
        }
    }

    @Test
    void theHonestSideOfAnEvenSplitStillBoundsTheMedianToHalfway() {
        // n = 4, two honest at 0 and 1, two attackers at V: median = (1 + V) / 2, unbounded in V
        for (double v : new double[] {10, 1e3, 1e9}) {
            List<ClientUpdate> u = new ArrayList<>(Fixtures.doubles(new double[] {0}, new double[] {1},
                    new double[] {v}, new double[] {v}));
            assertEquals((1 + v) / 2, Fixtures.values(CoordinateMedian.of().aggregate(u))[0], 0.0);
        }
    }
}
