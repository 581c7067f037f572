package org.fedpoison.exercises;

import static org.fedpoison.exercises.Exercise2.Implication.CLIPPING_CONTAINS_SMALL;
import static org.fedpoison.exercises.Exercise2.Implication.CLIPPING_USELESS;
import static org.fedpoison.exercises.Exercise2.Reason.NOISIER_DATA;
import static org.fedpoison.exercises.Exercise2.Reason.SHARE_SCALES_REPORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.fedpoison.leverage.MeanEstimation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;

/** The verdict table of Exercise 35.4.2. Free text has no place here: every part is a number or a choice. */
class Exercise2Test {
    private static final double[] COUNTS = {10, 200, 50, 400, 100}; // attacker 0 is the smallest; Σ = 760
    private static final double[] VALUES = Arrays.copyOf(MeanEstimation.ofText().honestReports(), 5);
    private static final double[] SHRINKING = {40, 20, 10};

    /** Worked solution by hand: α_k = n_k / Σn, w_0 = (t − Σ_{k≠0} α_k w_k) / α_0. */
    static double solution(double[] counts, double[] values, double target, int m) {
        double total = Arrays.stream(counts).sum();
        double others = 0;
        for (int k = 0; k < counts.length; k++) {
            if (k != m) {
                others += counts[k] / total * values[k];
            }
        }
        return (target - others) / (counts[m] / total);
    }

    static double[] norms(double... attackerCounts) {
        return Arrays.stream(attackerCounts).map(n -> {
            double[] c = COUNTS.clone();
            c[0] = n;
            return Math.abs(solution(c, VALUES, 0.0, 0));
        }).toArray();
    }

    static double round(double x, int decimals) {
        double s = Math.pow(10, decimals);
        return Math.round(x * s) / s;
    }

    static Stream<Arguments> table() {
        double w = solution(COUNTS, VALUES, 0.0, 0);
        double[] equal = new double[5];
        Arrays.fill(equal, 100);
        double[] good = norms(SHRINKING);
        double[] oneWrong = good.clone();
        oneWrong[1] *= 1.5;
        double[] rounded = Arrays.stream(good).map(x -> round(x, 0)).toArray();
        double alpha = 10 / 760.0;
        return Stream.of(
                row("unfilled report", Verdict.UNFILLED, () -> Exercise2.checkReport(null, null, VALUES, 0.0, null)),
                row("unfilled norms", Verdict.UNFILLED, () -> Exercise2.checkNorms(null, null, VALUES, 0.0, null, null)),
                row("unfilled growth", Verdict.UNFILLED, () -> Exercise2.checkGrowth(null)),
                row("unfilled why", Verdict.UNFILLED, () -> Exercise2.checkWhy(null)),
                row("unfilled clipping", Verdict.UNFILLED, () -> Exercise2.checkClipping(null, null, 1.0, null, null)),
                row("wrong: equal counts", Verdict.WRONG, () -> Exercise2.checkReport(equal, 0, VALUES, 0.0, -1.0)),
                row("wrong: attacker not the smallest", Verdict.WRONG,
                        () -> Exercise2.checkReport(COUNTS, 3, VALUES, 0.0, solution(COUNTS, VALUES, 0.0, 3))),
                row("wrong: lengths differ, no exception", Verdict.WRONG,
                        () -> Exercise2.checkReport(new double[] {1, 2}, 0, VALUES, 0.0, 1.0)),
                row("wrong: growth", Verdict.WRONG, () -> Exercise2.checkGrowth(4.0)),
                row("wrong: why", Verdict.WRONG, () -> Exercise2.checkWhy(NOISIER_DATA)),
                row("wrong: NaN report", Verdict.PARTLY_RIGHT, () -> Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, Double.NaN)),
                row("partly: weights right, equal-weight report", Verdict.PARTLY_RIGHT,
                        () -> Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, 5 * 0.0 - (VALUES[1] + VALUES[2] + VALUES[3] + VALUES[4]))),
                row("partly: one norm wrong", Verdict.PARTLY_RIGHT,
                        () -> Exercise2.checkNorms(COUNTS, 0, VALUES, 0.0, SHRINKING, oneWrong)),
                row("partly: shift right, implication wrong", Verdict.PARTLY_RIGHT,
                        () -> Exercise2.checkClipping(COUNTS, 0, 1.0, 2 * alpha, CLIPPING_USELESS)),
                row("negated: the sign of the report flipped", Verdict.PARTLY_RIGHT,
                        () -> Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, -w)),
                row("rounded report (1 decimal)", Verdict.CLOSE, () -> Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, round(w, 0))),
                row("rounded norms", Verdict.CLOSE, () -> Exercise2.checkNorms(COUNTS, 0, VALUES, 0.0, SHRINKING, rounded)),
                row("rounded shift", Verdict.CLOSE, () -> Exercise2.checkClipping(COUNTS, 0, 1.0, round(2 * alpha, 2),
                        CLIPPING_CONTAINS_SMALL)),
                row("printed report (4 decimals) is accepted", Verdict.CORRECT,
                        () -> Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, round(w, 4))),
                row("printed shift (4 decimals) is accepted", Verdict.CORRECT,
                        () -> Exercise2.checkClipping(COUNTS, 0, 1.0, round(2 * alpha, 4), CLIPPING_CONTAINS_SMALL)),
                row("paraphrased: the shift as 2B/(1/α_m)", Verdict.CORRECT,
                        () -> Exercise2.checkClipping(COUNTS, 0, 1.0, 2 * 1.0 / (760.0 / 10), CLIPPING_CONTAINS_SMALL)),
                row("correct report", Verdict.CORRECT, () -> Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, w)),
                row("correct report, other target", Verdict.CORRECT,
                        () -> Exercise2.checkReport(COUNTS, 0, VALUES, 3.5, solution(COUNTS, VALUES, 3.5, 0))),
                row("correct norms", Verdict.CORRECT, () -> Exercise2.checkNorms(COUNTS, 0, VALUES, 0.0, SHRINKING, good)),
                row("correct growth", Verdict.CORRECT, () -> Exercise2.checkGrowth(2.0)),
                row("correct why", Verdict.CORRECT, () -> Exercise2.checkWhy(SHARE_SCALES_REPORT)),
                row("correct clipping", Verdict.CORRECT, () -> Exercise2.checkClipping(COUNTS, 0, 1.0, 2 * alpha, CLIPPING_CONTAINS_SMALL)),
                row("reveal", Verdict.REVEALED, Exercise2::reveal));
    }

    static Arguments row(String name, Verdict expected, Supplier<Feedback> check) {
        return Arguments.of(name, expected, check);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void verdict(String name, Verdict expected, Supplier<Feedback> check) {
        Feedback f = check.get();
        assertEquals(expected, f.verdict(), name + ": " + f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void feedbackShortOfCorrectNeverStatesTheAnswer(String name, Verdict expected, Supplier<Feedback> check) {
        Feedback f = check.get();
        if (f.correct() || f.verdict() == Verdict.REVEALED) {
            return;
        }
        String text = f.toString();
        String report = Exercise2.fmt(solution(COUNTS, VALUES, 0.0, 0));
        assertFalse(text.contains(report) || text.contains(SHARE_SCALES_REPORT.name())
                || text.contains(CLIPPING_CONTAINS_SMALL.name()) || text.contains("2·α_m·B"), name + ": " + text);
    }

    @Test
    void theCorrectReportLandsOnTheTarget() {
        // by hand: α_0 = 10/760, so the boost is 76
        Feedback f = Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, solution(COUNTS, VALUES, 0.0, 0));
        assertTrue(f.explanation().contains("1/α_m = 76:"), f.toString());
    }

    @Test
    void theEqualWeightReportGetsItsOwnHint() {
        Feedback f = Exercise2.checkReport(COUNTS, 0, VALUES, 0.0, -(VALUES[1] + VALUES[2] + VALUES[3] + VALUES[4]));
        assertTrue(f.toString().contains("equal-weight"), f.toString());
        assertEquals(java.util.List.of("(i) weights"), f.right());
    }

    @Test
    void halvingTheAttackersCountDoublesTheReport() {
        double[] n = norms(40, 20, 10);
        assertEquals(2.0, n[1] / n[0], 1e-12);
        assertEquals(2.0, n[2] / n[1], 1e-12);
    }

    @Test
    void normVersusShareTabulatesTheReport() {
        Table t = Exercise2.normVersusShare(COUNTS, 0, VALUES, 0.0, 10, 5);
        assertArrayEquals(new double[] {10, 5}, t.doubleColumn("attacker_examples").asDoubleArray());
        assertEquals(76.0, t.doubleColumn("boost").get(0), 1e-12);
        assertEquals(151.0, t.doubleColumn("boost").get(1), 1e-12); // (5 + 750) / 5
        assertEquals(Math.abs(solution(COUNTS, VALUES, 0.0, 0)), t.doubleColumn("norm").get(0), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Exercise2.normVersusShare(COUNTS, 7, VALUES, 0.0, 1));
    }
}
