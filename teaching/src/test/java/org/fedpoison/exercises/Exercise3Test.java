package org.fedpoison.exercises;

import static org.fedpoison.exercises.Exercise3.Defence.ADMISSION_COST;
import static org.fedpoison.exercises.Exercise3.Defence.BETTER_ROBUST_RULE;
import static org.fedpoison.exercises.Exercise3.Reason.COUNT_IS_TRUSTED;
import static org.fedpoison.exercises.Exercise3.Reason.SYBILS_ARE_OUTLIERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The verdict table of Exercise 35.4.3. */
class Exercise3Test {

    static Stream<Arguments> table() {
        return Stream.of(
                row("unfilled sybils", Verdict.UNFILLED, () -> Exercise3.checkSybils(null)),
                row("unfilled threshold", Verdict.UNFILLED, () -> Exercise3.checkThreshold("")),
                row("unfilled predicate", Verdict.UNFILLED, () -> Exercise3.checkThreshold((java.util.function.BiPredicate<Integer, Integer>) null)),
                row("unfilled no-rule-alone", Verdict.UNFILLED, () -> Exercise3.checkNoRuleAlone(null, null)),
                row("unfilled defence", Verdict.UNFILLED, () -> Exercise3.checkDefence((Exercise3.Defence) null)),
                row("unfilled defence text", Verdict.UNFILLED, () -> Exercise3.checkDefence((String) null)),
                row("unfilled effective K", Verdict.UNFILLED, () -> Exercise3.checkEffectiveK(null, null)),
                row("wrong: too few sybils", Verdict.WRONG, () -> Exercise3.checkSybils(50)),
                row("wrong: one short", Verdict.WRONG, () -> Exercise3.checkSybils(99)),
                row("wrong: more than needed", Verdict.WRONG, () -> Exercise3.checkSybils(101)),
                row("wrong: strict majority", Verdict.WRONG, () -> Exercise3.checkThreshold("s > n/2")),
                row("wrong: in terms of K", Verdict.WRONG, () -> Exercise3.checkThreshold("s >= K")),
                row("wrong predicate", Verdict.WRONG, () -> Exercise3.checkThreshold((s, n) -> 2 * s > n)),
                row("wrong: a throwing predicate, no exception", Verdict.WRONG,
                        () -> Exercise3.checkThreshold((s, n) -> { throw new IllegalStateException("oops"); })),
                row("wrong: defence is a better rule", Verdict.WRONG, () -> Exercise3.checkDefence(BETTER_ROBUST_RULE)),
                row("wrong text: the word cost alone", Verdict.WRONG, () -> Exercise3.checkDefence("it has a cost")),
                row("wrong text: an aggregation rule", Verdict.WRONG, () -> Exercise3.checkDefence("use the trimmed mean")),
                row("wrong: effective K", Verdict.WRONG, () -> Exercise3.checkEffectiveK(200.0, 1100.0)),
                row("partly: fraction right, reason wrong", Verdict.PARTLY_RIGHT,
                        () -> Exercise3.checkNoRuleAlone(0.5, SYBILS_ARE_OUTLIERS)),
                row("partly: one K_eff right", Verdict.PARTLY_RIGHT, () -> Exercise3.checkEffectiveK(2.0, 10.0)),
                row("negated: no admission cost", Verdict.WRONG,
                        () -> Exercise3.checkDefence("no admission cost; a better median instead")),
                row("negated: proof of work would not help", Verdict.WRONG,
                        () -> Exercise3.checkDefence("proof of work would not help")),
                row("negated: without staking", Verdict.WRONG, () -> Exercise3.checkDefence("robust rules without staking")),
                row("paraphrase: make joining expensive", Verdict.CORRECT,
                        () -> Exercise3.checkDefence("make joining expensive")),
                row("paraphrase: charge clients for each identity", Verdict.CORRECT,
                        () -> Exercise3.checkDefence("charge the clients for each identity")),
                row("paraphrase: attested devices", Verdict.CORRECT, () -> Exercise3.checkDefence("only attested devices may join")),
                row("paraphrase: unicode threshold", Verdict.CORRECT, () -> Exercise3.checkThreshold("s ≥ (K + s)/2")),
                row("paraphrase: 2s >= n", Verdict.CORRECT, () -> Exercise3.checkThreshold("2*s >= n")),
                row("rounded K_eff at s = 1000", Verdict.CLOSE, () -> Exercise3.checkEffectiveK(2.0, 1.0)),
                row("correct sybils", Verdict.CORRECT, () -> Exercise3.checkSybils(100)),
                row("correct threshold", Verdict.CORRECT, () -> Exercise3.checkThreshold("s >= n/2")),
                row("correct predicate", Verdict.CORRECT, () -> Exercise3.checkThreshold((s, n) -> 2 * s >= n)),
                row("correct no-rule-alone", Verdict.CORRECT, () -> Exercise3.checkNoRuleAlone(0.5, COUNT_IS_TRUSTED)),
                row("correct defence", Verdict.CORRECT, () -> Exercise3.checkDefence(ADMISSION_COST)),
                row("correct defence text", Verdict.CORRECT,
                        () -> Exercise3.checkDefence("an admission cost on identities (proof of work, stake or attested devices)")),
                row("correct effective K", Verdict.CORRECT, () -> Exercise3.checkEffectiveK(2.0, 1.1)),
                row("reveal", Verdict.REVEALED, Exercise3::reveal));
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
        assertFalse(text.contains("n/2") && !name.contains("strict"), name + ": " + text);
        assertFalse(text.contains("ADMISSION_COST") || text.contains("COUNT_IS_TRUSTED") || text.contains("(K + s)/s")
                || text.contains("100 sybils"), name + ": " + text);
    }

    @Test
    void theMedianBreaksAtHalf() {
        assertEquals(100, Exercise3.minimumSybils(100));
        assertFalse(Exercise3.controlsMedian(100, 99));
        assertTrue(Exercise3.controlsMedian(100, 100));
        assertEquals(2.0, Exercise3.effectiveK(100, 100), 0);
        assertEquals(100, Exercise3.honestValues().length);
    }
}
