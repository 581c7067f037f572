package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One attacker among ten FLOAT clients sends a finite delta of magnitude M in every coordinate
 * (M = 1e10, 1e20, 1e30; float32 reaches 3.4e38). However large M is, the aggregate stays with
 * the nine honest deltas: the coordinate-wise rules and the selecting rules inside the honest range
 * of every coordinate, the geometric median within the robustness bound around the honest deltas.
 * Both sizes are tested: d = 3 (distances summed directly) and d = 200,000 (K·K·d above
 * {@link Gram#DIRECT_GRAM_MAX_FLOPS}: float32 BLAS Gram blocks).
 */
class FarAttackerPrecisionTest {

    static final int N = 10;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (int d : new int[] {3, 200_000}) {
            for (double m : new double[] {1e10, 1e20, 1e30}) {
                s.add(Arguments.of(d, m));
            }
        }
        return s.build();
    }

    /** Nine honest standard normal rows (rounded to float) and the attacker's row of M. */
    static double[][] round(int d, double m, long seed) {
        double[][] x = Fixtures.gaussian(seed, N, d);
        for (int i = 0; i < N - 1; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) x[i][j];
            }
        }
        java.util.Arrays.fill(x[N - 1], m);
        return x;
    }

    static List<ClientUpdate> attackerFirst(double[][] x) {
        double[][] rows = new double[N][];
        rows[0] = x[N - 1];
        System.arraycopy(x, 0, rows, 1, N - 1);
        return Fixtures.floats(rows);
    }

    @ParameterizedTest(name = "d={0} M={1}")
    @MethodSource("cases")
    void coordinateAndSelectingRulesStayInTheHonestRange(int d, double m) {
        double[][] x = round(d, m, 7);
        List<ClientUpdate> updates = attackerFirst(x);
        for (Aggregator rule : List.of(CoordinateMedian.of(), TrimmedMean.of(1), Krum.of(1),
                MultiKrum.of(1, N - 1), Bulyan.of(1))) {
            double[] out = Fixtures.values(rule.aggregate(updates));
            for (int j = 0; j < d; j++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < N - 1; i++) {
                    lo = Math.min(lo, x[i][j]);
                    hi = Math.max(hi, x[i][j]);
                }
                double slack = 1e-6 * (Math.abs(lo) + Math.abs(hi)); // float rounding of means
                if (!(out[j] >= lo - slack && out[j] <= hi + slack)) {
                    throw new AssertionError(rule.name() + " d=" + d + " M=" + m + " coordinate " + j + ": "
                            + out[j] + " outside honest [" + lo + ", " + hi + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "d={0} M={1}")
    @MethodSource("cases")
    void geometricMedianStaysWithinTheRobustnessBound(int d, double m) {
        double[][] x = round(d, m, 7);
        double[] out = Fixtures.values(GeometricMedian.of().aggregate(attackerFirst(x)));
        double[] centre = new double[d];
        for (int i = 0; i < N - 1; i++) {
            for (int j = 0; j < d; j++) {
                centre[j] += x[i][j] / (N - 1);
            }
        }
        double radius = 0;
        for (int i = 0; i < N - 1; i++) {
            radius = Math.max(radius, distance(x[i], centre));
        }
        // a fraction a = 1/10 of the points outside a ball of radius r keeps the geometric median within
        // (1 - a) / sqrt(1 - 2 a) r of the ball's centre (Minsker 2015, Lemma 2.1, Hilbert space);
        // 1% slack for the iteration stopping short of the exact minimiser
        double bound = 1.01 * (0.9 / Math.sqrt(0.8)) * radius;
        double gap = distance(out, centre);
        assertTrue(gap <= bound, "d=" + d + " M=" + m + ": geometric median " + gap
                + " from the honest mean, honest radius " + radius);
    }

    @ParameterizedTest(name = "d={0}")
    @MethodSource("dims")
    void farEnoughTheAttackersDistanceNoLongerMatters(int d) {
        // the attacker pulls with a unit vector whatever its distance: at 1e20 and at 1e30 (same direction)
        // the geometric median is the same point, up to rounding far below the honest spread
        double[] near = Fixtures.values(GeometricMedian.of().aggregate(attackerFirst(round(d, 1e20, 9))));
        double[] far = Fixtures.values(GeometricMedian.of().aggregate(attackerFirst(round(d, 1e30, 9))));
        double spread = Math.sqrt(d); // the honest rows lie about sqrt(2d) apart
        assertTrue(distance(near, far) <= 1e-3 * spread, "d=" + d + ": " + distance(near, far) + " apart");
    }

    static Stream<Integer> dims() {
        return Stream.of(3, 200_000);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }
}
