package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.fedpoison.core.Aggregator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * With at most f attackers among the fewest clients each rule accepts, far-away attackers (colluding
 * on one point, or scattered) cannot push any coordinate of the aggregate outside the range of the
 * honest values: the rules either select honest deltas (Krum, Multi-Krum with m <= n - f) or keep
 * only values inside the honest range (median, trimmed mean, Bulyan); the geometric median stays
 * within its robustness bound around the honest deltas. DOUBLE and FLOAT inputs (FLOAT attackers up
 * to 1e31).
 */
class ByzantineToleranceTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(CoordinateMedian.of(), 3, 7),
                Arguments.of(TrimmedMean.of(3), 3, 7),
                Arguments.of(Krum.of(3), 3, 9),
                Arguments.of(MultiKrum.of(3, 6), 3, 9),
                Arguments.of(Bulyan.of(2), 2, 11));
    }

    /** A round of n clients, the last f far away (colluding on one point in even trials, scattered in odd ones). */
    static double[][] round(Random r, int trial, int f, int n, int d, DataType type) {
        double[][] x = Fixtures.gaussian(r.nextLong(), n, d);
        boolean colluding = trial % 2 == 0;
        double[] common = Fixtures.gaussian(r.nextLong(), 1, d)[0];
        double scale = Math.pow(10, 2 + r.nextInt(type == DataType.FLOAT ? 30 : 8));
        for (int i = n - f; i < n; i++) {
            double[] noise = Fixtures.gaussian(r.nextLong(), 1, d)[0];
            for (int j = 0; j < d; j++) {
                x[i][j] = scale * (colluding ? common[j] : noise[j]);
            }
        }
        if (type == DataType.FLOAT) { // the values the rules see
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = (float) row[j];
                }
            }
        }
        return x;
    }

    static List<org.fedpoison.core.ClientUpdate> shuffled(double[][] x, Random r, DataType type) {
        List<double[]> rows = new java.util.ArrayList<>(List.of(x));
        Collections.shuffle(rows, r); // attackers anywhere in the list
        return Fixtures.updates(type, rows.toArray(new double[0][]));
    }

    @ParameterizedTest(name = "{0} f={1} n={2}")
    @MethodSource("rules")
    void farAttackersStayOutsideTheAggregate(Aggregator rule, int f, int n) {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            farAttackersStayOutsideTheAggregate(rule, f, n, type);
        }
    }

    private static void farAttackersStayOutsideTheAggregate(Aggregator rule, int f, int n, DataType type) {
        Random r = new Random(51);
        int d = 6;
        for (int trial = 0; trial < 50; trial++) {
            double[][] x = round(r, trial, f, n, d, type);
            double[] out = Fixtures.values(rule.aggregate(shuffled(x, r, type)));
            for (int j = 0; j < d; j++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n - f; i++) {
                    lo = Math.min(lo, x[i][j]);
                    hi = Math.max(hi, x[i][j]);
                }
                double slack = (type == DataType.FLOAT ? 1e-6 : 1e-12) * Math.max(1, Math.abs(hi) + Math.abs(lo));
                assertTrue(out[j] >= lo - slack && out[j] <= hi + slack, rule.name() + " " + type + " trial " + trial
                        + " coordinate " + j + ": " + out[j] + " outside honest [" + lo + ", " + hi + "]");
            }
        }
    }

    /**
     * The geometric median is not confined to the honest range of each coordinate, but with f of n
     * points outside a ball of radius r it stays within {@code (1 - a) / sqrt(1 - 2a) r} of the ball's
     * centre, {@code a = f / n < 1/2} (Minsker 2015, Lemma 2.1, Hilbert space); the ball here is
     * centred on the honest mean and holds every honest delta. 1% slack for the iteration.
     */
    @ParameterizedTest(name = "GeometricMedian f={0} n={1}")
    @org.junit.jupiter.params.provider.CsvSource({"3, 7", "4, 9", "1, 10"})
    void farAttackersCannotDragTheGeometricMedian(int f, int n) {
        double a = (double) f / n;
        double factor = 1.01 * (1 - a) / Math.sqrt(1 - 2 * a);
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            Random r = new Random(52);
            int d = 6;
            for (int trial = 0; trial < 50; trial++) {
                double[][] x = round(r, trial, f, n, d, type);
                double[] out = Fixtures.values(GeometricMedian.of().aggregate(shuffled(x, r, type)));
                double[] centre = new double[d];
                for (int i = 0; i < n - f; i++) {
                    for (int j = 0; j < d; j++) {
                        centre[j] += x[i][j] / (n - f);
                    }
                }
                double radius = 0;
                for (int i = 0; i < n - f; i++) {
                    radius = Math.max(radius, FarAttackerPrecisionTest.distance(x[i], centre));
                }
                double gap = FarAttackerPrecisionTest.distance(out, centre);
                assertTrue(gap <= factor * radius, type + " trial " + trial + ": geometric median " + gap
                        + " from the honest mean, bound " + factor * radius);
            }
        }
    }
}
