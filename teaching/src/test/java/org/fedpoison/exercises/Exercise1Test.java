package org.fedpoison.exercises;

import static org.fedpoison.exercises.AttackGoal.AVAILABILITY;
import static org.fedpoison.exercises.AttackGoal.TARGETED;
import static org.fedpoison.exercises.Exercise1.Reason.MAJORITY_CANCELS_IT;
import static org.fedpoison.exercises.Exercise1.Reason.ONLY_TRIGGERED_INPUTS;
import static org.fedpoison.exercises.Exercise1.Reason.THROWN_OFF_EACH_ROUND;
import static org.fedpoison.exercises.Exercise1.Reason.UPDATE_NORM_IS_HUGE;
import static org.fedpoison.exercises.Exercise1.Reason.WRONG_EVERYWHERE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The verdict table of Exercise 35.4.1 (it has no numeric part, so no rounding row). */
class Exercise1Test {

    static Stream<Arguments> table() {
        return Stream.of(
                row("unfilled (a)", Verdict.UNFILLED, () -> Exercise1.checkA(null, null, null)),
                row("unfilled (b)", Verdict.UNFILLED, () -> Exercise1.checkB(null, null, null)),
                row("unfilled (c)", Verdict.UNFILLED, () -> Exercise1.checkC(null, null, null)),
                row("unfilled property", Verdict.UNFILLED, () -> Exercise1.checkProperty(null)),
                row("blank property", Verdict.UNFILLED, () -> Exercise1.checkProperty("  ")),
                row("wrong (a)", Verdict.WRONG, () -> Exercise1.checkA(TARGETED, false, ONLY_TRIGGERED_INPUTS)),
                row("wrong (b)", Verdict.WRONG, () -> Exercise1.checkB(AVAILABILITY, true, WRONG_EVERYWHERE)),
                row("wrong (c), the norm distractor", Verdict.WRONG, () -> Exercise1.checkC(TARGETED, false, UPDATE_NORM_IS_HUGE)),
                row("wrong property: leverage", Verdict.WRONG, () -> Exercise1.checkProperty("leverage: each client has a 1/K share")),
                row("wrong property: unrelated", Verdict.WRONG, () -> Exercise1.checkProperty("the model is too small")),
                row("partly (a): classification right, reason wrong", Verdict.PARTLY_RIGHT,
                        () -> Exercise1.checkA(AVAILABILITY, true, MAJORITY_CANCELS_IT)),
                row("partly (b): reason right, classification unfilled", Verdict.PARTLY_RIGHT,
                        () -> Exercise1.checkB(null, false, ONLY_TRIGGERED_INPUTS)),
                row("partly (c): classification right, reason unfilled", Verdict.PARTLY_RIGHT,
                        () -> Exercise1.checkC(AVAILABILITY, true, null)),
                row("negated: not blind", Verdict.WRONG, () -> Exercise1.checkProperty("the server is not blind")),
                row("negated: not only updates", Verdict.WRONG,
                        () -> Exercise1.checkProperty("the server does not only see updates")),
                row("negated: it is not true that it never sees data", Verdict.WRONG,
                        () -> Exercise1.checkProperty("it is not true that the server never sees the data")),
                row("negated: clients don't keep data private", Verdict.WRONG,
                        () -> Exercise1.checkProperty("clients don't keep their data private")),
                row("negated: claim called false", Verdict.WRONG,
                        () -> Exercise1.checkProperty("that the server only sees updates is false")),
                row("opposite: server sees the data", Verdict.WRONG, () -> Exercise1.checkProperty("the server can see the data")),
                row("paraphrase: clients keep their data private", Verdict.CORRECT,
                        () -> Exercise1.checkProperty("clients keep their data private")),
                row("paraphrase: data never leaves the phone", Verdict.CORRECT,
                        () -> Exercise1.checkProperty("The data never leaves the phone.")),
                row("paraphrase: nothing but updates", Verdict.CORRECT,
                        () -> Exercise1.checkProperty("the aggregator receives nothing but model updates")),
                row("paraphrase: has no access", Verdict.CORRECT,
                        () -> Exercise1.checkProperty("the server has no access to the raw training data")),
                row("paraphrase: can't inspect the examples", Verdict.CORRECT,
                        () -> Exercise1.checkProperty("the server can't inspect the examples")),
                row("paraphrase with a negation in another clause", Verdict.CORRECT,
                        () -> Exercise1.checkProperty("it is not fooled by chance, because it only sees the updates")),
                row("correct (a)", Verdict.CORRECT, () -> Exercise1.checkA(AVAILABILITY, true, WRONG_EVERYWHERE)),
                row("correct (b)", Verdict.CORRECT, () -> Exercise1.checkB(TARGETED, false, ONLY_TRIGGERED_INPUTS)),
                row("correct (c)", Verdict.CORRECT, () -> Exercise1.checkC(AVAILABILITY, true, THROWN_OFF_EACH_ROUND)),
                row("correct property", Verdict.CORRECT,
                        () -> Exercise1.checkProperty("invisibility: the server sees only updates, never the data")),
                row("reveal", Verdict.REVEALED, Exercise1::reveal));
    }

    static Arguments row(String name, Verdict expected, Supplier<Feedback> check) {
        return Arguments.of(name, expected, check);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void verdict(String name, Verdict expected, Supplier<Feedback> check) {
        Feedback f = check.get();
        assertEquals(expected, f.verdict(), name + ": " + f);
        assertEquals(expected == Verdict.CORRECT || expected == Verdict.REVEALED, !f.explanation().isEmpty(), f.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void feedbackShortOfCorrectNeverNamesTheRightAnswer(String name, Verdict expected, Supplier<Feedback> check) {
        Feedback f = check.get();
        if (f.correct() || f.verdict() == Verdict.REVEALED) {
            return;
        }
        String text = f.toString();
        for (Exercise1.Reason r : new Exercise1.Reason[] {WRONG_EVERYWHERE, ONLY_TRIGGERED_INPUTS, THROWN_OFF_EACH_ROUND}) {
            assertFalse(text.contains(r.name()) || text.contains(r.text()), name + " leaks " + r + ": " + text);
        }
        assertFalse(text.contains("AVAILABILITY,") || text.toLowerCase().contains("invisib"), name + ": " + text);
        assertFalse(text.contains("is not TARGETED") || text.contains("is not AVAILABILITY"), text);
    }

    @Test
    void partlyRightSaysWhichPartIsRight() {
        Feedback f = Exercise1.checkA(AVAILABILITY, true, MAJORITY_CANCELS_IT);
        assertEquals(java.util.List.of("(a) classification"), f.right());
        assertTrue(f.toString().contains("right so far: (a) classification"), f.toString());
        assertTrue(f.toString().contains("disagree"), "the hint points at the contradiction: " + f);
        Feedback g = Exercise1.checkA(TARGETED, false, WRONG_EVERYWHERE);
        assertTrue(g.toString().contains("notebook 01"), "the hint points at evidence: " + g);
    }

    @Test
    void aReasonThatContradictsTheClassificationIsPointedOut() {
        Feedback f = Exercise1.checkB(TARGETED, false, THROWN_OFF_EACH_ROUND);
        assertTrue(f.toString().contains("disagree"), f.toString());
    }

    @Test
    void reasonsListsEveryChoice() {
        for (Exercise1.Reason r : Exercise1.Reason.values()) {
            assertTrue(Exercise1.reasons().contains("Exercise1.Reason." + r.name()), r.name());
        }
    }
}
