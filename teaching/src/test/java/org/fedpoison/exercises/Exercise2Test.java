package org.fedpoison.exercises;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedpoison.leverage.MeanEstimation;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class Exercise2Test {
    private static final double[] COUNTS = {10, 200, 50, 400, 100}; // attacker 0 is the smallest
    private static final double[] HONEST = MeanEstimation.ofText().honestReports().clone();
    private static final double[] VALUES = java.util.Arrays.copyOf(HONEST, 5);

    /** Worked solution by hand: α_k = n_k / Σn, w_0 = (t − Σ_{k≠0} α_k w_k) / α_0. */
    private static double solution(double[] counts, double[] values, double target, int m) {
        double total = 0;
        for (double n : counts) {
            total += n;
        }
        double others = 0;
        for (int k = 0; k < counts.length; k++) {
            if (k != m) {
                others += counts[k] / total * values[k];
            }
        }
        return (target - others) / (counts[m] / total);
    }

    @Test
    void acceptsTheReplacementReport() {
        double w = solution(COUNTS, VALUES, 0.0, 0);
        Feedback f = Exercise2.check(COUNTS, 0, VALUES, 0.0, w);
        assertTrue(f.correct(), f.toString());
        // by hand: α_0 = 10/760, so the boost is 76
        assertTrue(f.message().contains("1/α_m = 76;"), f.message());
        assertTrue(Exercise2.check(COUNTS, 0, VALUES, 3.5, solution(COUNTS, VALUES, 3.5, 0)).correct());
    }

    @Test
    void rejectsTheEqualWeightFormulaWithAHint() {
        double equal = 5 * 0.0 - (VALUES[1] + VALUES[2] + VALUES[3] + VALUES[4]);
        Feedback f = Exercise2.check(COUNTS, 0, VALUES, 0.0, equal);
        assertFalse(f.correct());
        assertTrue(f.message().contains("equal-weight"), f.message());
    }

    @Test
    void rejectsAnUpdateThatMissesTheTarget() {
        double w = solution(COUNTS, VALUES, 0.0, 0);
        assertFalse(Exercise2.check(COUNTS, 0, VALUES, 0.0, w + 1e-3).correct());
        assertFalse(Exercise2.check(COUNTS, 0, VALUES, 0.0, -w).correct());
        assertFalse(Exercise2.check(COUNTS, 0, VALUES, 0.0, Double.NaN).correct());
    }

    @Test
    void requiresUnequalWeightsAndASmallAttacker() {
        double[] equal = {50, 50, 50, 50, 50};
        Feedback f = Exercise2.check(equal, 0, VALUES, 0.0, solution(equal, VALUES, 0.0, 0));
        assertFalse(f.correct());
        assertTrue(f.message().contains("unequal"), f.message());
        // client 3 is the largest; the right report for it is still rejected: the attacker must be small
        f = Exercise2.check(COUNTS, 3, VALUES, 0.0, solution(COUNTS, VALUES, 0.0, 3));
        assertFalse(f.correct());
        assertTrue(f.message().contains("smallest"), f.message());
    }

    @Test
    void inconsistentInputGivesFeedbackNotExceptions() {
        assertFalse(Exercise2.check(COUNTS, 0, new double[] {1, 2}, 0.0, 1).correct());
        assertFalse(Exercise2.check(COUNTS, 7, VALUES, 0.0, 1).correct());
        assertFalse(Exercise2.check(new double[] {-1, 5, 5, 5, 5}, 0, VALUES, 0.0, 1).correct());
        assertFalse(Exercise2.check(new double[] {0, 5, 5, 5, 5}, 0, VALUES, 0.0, 1).correct());
        assertFalse(Exercise2.check(new double[] {1}, 0, new double[] {1}, 0.0, 1).correct());
        assertThrows(IllegalArgumentException.class, () -> Exercise2.check(null, 0, VALUES, 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Exercise2.check(COUNTS, 0, null, 0.0, 1));
    }

    @Test
    void numbersInMessagesAreShort() {
        assertEquals("76", Exercise2.fmt(76.00000000000001));
        assertEquals("0.0131579", Exercise2.fmt(10.0 / 760));
        assertEquals("-367.887", Exercise2.fmt(-367.88676801427));
        assertEquals("1.11022E-15", Exercise2.fmt(1.1102230246251565e-15));
        assertEquals("0", Exercise2.fmt(-0.0));
    }

    @Test
    void normTableShowsTheReportGrowingAsTheShareShrinks() {
        Table t = Exercise2.normVersusShare(COUNTS, 0, VALUES, 0.0, 400, 100, 10, 1);
        assertEquals(4, t.rowCount());
        assertArrayEquals(new double[] {400, 100, 10, 1}, t.doubleColumn("attacker_examples").asDoubleArray(), 0.0);
        double[] alpha = t.doubleColumn("alpha_m").asDoubleArray();
        double[] norm = t.doubleColumn("norm").asDoubleArray();
        assertEquals(400.0 / 1150, alpha[0], 1e-15);
        for (int i = 1; i < 4; i++) {
            assertTrue(alpha[i] < alpha[i - 1] && norm[i] > norm[i - 1], "row " + i);
        }
        for (int i = 0; i < 4; i++) {
            double[] counts = COUNTS.clone();
            counts[0] = t.doubleColumn("attacker_examples").get(i);
            assertEquals(Math.abs(solution(counts, VALUES, 0.0, 0)), norm[i], 1e-9);
            assertEquals(1 / alpha[i], t.doubleColumn("boost").get(i), 1e-9);
        }
        assertArrayEquals(new double[] {10, 200, 50, 400, 100}, COUNTS, 0.0, "input unchanged");
    }
}
