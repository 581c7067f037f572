package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Large rounds (K·K·d above {@link Gram#DIRECT_GRAM_MAX_FLOPS}) are first iterated on
 * the vectors ({@link WeiszfeldPasses#run}); where that path answers, its point is the
 * Gram path's minimiser to the rule's tolerance, and where it hands over, the rule's answer is the
 * Gram path's.
 */
class GeometricMedianDirectPathTest {

    /** K standard normal rows; the first {@code shifted} of them (all: a common offset) moved by {@code shift} in every coordinate. */
    static double[][] round(long seed, int k, int d, int shifted, double shift, boolean toFloat) {
        double[][] x = Fixtures.gaussian(seed, k, d);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] += i < shifted ? shift : 0;
                if (toFloat) {
                    x[i][j] = (float) x[i][j];
                }
            }
        }
        return x;
    }

    @ParameterizedTest(name = "k={0} d={1} shifted={2} by {3}, {4}")
    @CsvSource({"50, 20000, 0, 0, FLOAT", "50, 20000, 0, 0, DOUBLE", "50, 20000, 10, 3, FLOAT",
        "50, 20000, 50, 5, FLOAT", "200, 2000, 40, 5, DOUBLE"})
    void theVectorIterationReachesTheGramPathsMinimiser(int k, int d, int shifted, double shift, DataType type) {
        double[][] x = round(17 + k + shifted, k, d, shifted, shift, type == DataType.FLOAT);
        List<ClientUpdate> updates = Fixtures.updates(type, x);
        double[] direct = WeiszfeldPasses.run(RoundUpdates.of(updates, "test"), 100, 1e-6, 1e-6);
        assertNotNull(direct, "the vector iteration answers for a round in general position");
        assertTrue(GeometricMedianSolver.STEPS.get()[0] <= WeiszfeldPasses.DIRECT_MAX_STEPS);
        RoundUpdates b = RoundUpdates.of(updates, "test");
        double[] gram = WeightedSums.weightedSum(b, GeometricMedianSolver.coefficients(b, 100, 1e-9, 1e-6))
                .toDoubleVector();
        double scale = GeometricMedianConvergenceTest.medianDistance(x, gram);
        // both within 1e-6 median distances of the minimiser (the Gram path run to 1e-9), plus float32 rounding
        double rounding = 0;
        if (type == DataType.FLOAT) {
            for (double v : gram) {
                rounding += Math.pow(Math.ulp((float) v), 2);
            }
        }
        double gap = GeometricMedianConvergenceTest.distance(direct, gram);
        assertTrue(gap <= 1e-6 * scale + Math.sqrt(rounding), gap / scale + " median distances apart");
        // and the rule returns the vector iteration's point, rounded to the input dtype
        double[] rule = Fixtures.values(GeometricMedian.of().aggregate(updates));
        for (int j = 0; j < d; j++) {
            assertEquals(type == DataType.FLOAT ? (float) direct[j] : direct[j], rule[j], 0.0, "coordinate " + j);
        }
    }

    /** The rule's answer when the vector iteration hands over: the Gram path's, bit for bit. */
    static void assertGramPathsAnswer(List<ClientUpdate> updates, double tolerance) {
        GeometricMedian rule = GeometricMedian.of(100, tolerance, 1e-6);
        assertNull(WeiszfeldPasses.run(RoundUpdates.of(updates, "test"), 100, tolerance, 1e-6));
        RoundUpdates b = RoundUpdates.of(updates, "test");
        double[] gram = Fixtures.values(WeightedSums.weightedSum(b,
                GeometricMedianSolver.coefficients(b, 100, tolerance, 1e-6)));
        double[] got = Fixtures.values(rule.aggregate(updates));
        for (int j = 0; j < got.length; j++) {
            assertEquals(gram[j], got[j], 0.0, "coordinate " + j);
        }
    }

    @ParameterizedTest(name = "k={0} d={1}")
    @CsvSource({"50, 20000", "9, 300000"})
    void anIterateAtADeltaHandsOverToTheGramPath(int k, int d) {
        // more than half of the deltas identical: the iterate meets them
        double[][] x = round(5, k, d, 0, 0, true);
        for (int i = 1; i <= k / 2; i++) {
            x[i] = x[0].clone();
        }
        assertGramPathsAnswer(Fixtures.floats(x), 1e-6);
    }

    @ParameterizedTest(name = "k={0} d={1}")
    @CsvSource({"50, 20000"})
    void farAttackersHandOverToTheGramPath(int k, int d) {
        // 40% of the deltas 1e4 away: from the mean, Weiszfeld walks back too slowly; the Gram path
        // starts next to the honest deltas
        assertGramPathsAnswer(Fixtures.floats(round(8, k, d, 20, 1e4, true)), 1e-6);
    }

    @ParameterizedTest(name = "k={0} d={1}")
    @CsvSource({"50, 20000"})
    void tolerancesBeyondFloatDistancesTakeTheGramPath(int k, int d) {
        // float32 differences settle the minimiser to about 1e-7 median distances: a finer tolerance,
        // or 0 (every step), goes to the Gram path with its double corrected distances
        double[][] x = round(6, k, d, 0, 0, true);
        assertGramPathsAnswer(Fixtures.floats(x), 1e-9);
        assertGramPathsAnswer(Fixtures.floats(x), 0);
    }

    @ParameterizedTest(name = "k={0} d={1}")
    @CsvSource({"50, 20000"})
    void aNonFiniteValueIsRejectedNamingTheClient(int k, int d) {
        double[][] x = round(7, k, d, 0, 0, true);
        x[13][d - 1] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GeometricMedian.of().aggregate(Fixtures.floats(x)));
        assertTrue(e.getMessage().contains("client 13"), e.getMessage());
    }
}
