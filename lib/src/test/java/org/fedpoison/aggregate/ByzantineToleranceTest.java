package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With at most f attackers among the fewest clients each rule accepts, far-away attackers (colluding
 * on one point, or scattered) cannot push any coordinate of the aggregate outside the range of the
 * honest values: the rules either select honest deltas (Krum, Multi-Krum with m <= n - f) or keep
 * only values inside the honest range (median, trimmed mean, Bulyan).
 */
class ByzantineToleranceTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(new CoordinateMedian(), 3, 7),
                Arguments.of(new TrimmedMean(3), 3, 7),
                Arguments.of(new Krum(3), 3, 9),
                Arguments.of(new MultiKrum(3, 6), 3, 9),
                Arguments.of(new Bulyan(2), 2, 11));
    }

    @ParameterizedTest(name = "{0} f={1} n={2}")
    @MethodSource("rules")
    void farAttackersStayOutsideTheAggregate(Aggregator rule, int f, int n) {
        Random r = new Random(51);
        int d = 6;
        for (int trial = 0; trial < 50; trial++) {
            double[][] x = Fixtures.gaussian(r.nextLong(), n, d);
            boolean colluding = trial % 2 == 0;
            double[] common = Fixtures.gaussian(r.nextLong(), 1, d)[0];
            double scale = Math.pow(10, 2 + r.nextInt(8));
            for (int i = n - f; i < n; i++) {
                double[] noise = Fixtures.gaussian(r.nextLong(), 1, d)[0];
                for (int j = 0; j < d; j++) {
                    x[i][j] = scale * (colluding ? common[j] : noise[j]);
                }
            }
            List<double[]> rows = new java.util.ArrayList<>(List.of(x));
            Collections.shuffle(rows, r); // attackers anywhere in the list
            double[] out = Fixtures.values(rule.aggregate(Fixtures.doubles(rows.toArray(new double[0][]))));
            for (int j = 0; j < d; j++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n - f; i++) {
                    lo = Math.min(lo, x[i][j]);
                    hi = Math.max(hi, x[i][j]);
                }
                double slack = 1e-12 * Math.max(1, Math.abs(hi) + Math.abs(lo)); // rounding of means
                assertTrue(out[j] >= lo - slack && out[j] <= hi + slack, rule.name() + " trial " + trial
                        + " coordinate " + j + ": " + out[j] + " outside honest [" + lo + ", " + hi + "]");
            }
        }
    }
}
