package org.fedpoison.exercises;

import static org.fedpoison.exercises.AttackGoal.AVAILABILITY;
import static org.fedpoison.exercises.AttackGoal.TARGETED;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedpoison.exercises.Exercise1.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Exercise1Test {
    // the worked solution, kept in the tests
    private static final Answer A = new Answer(AVAILABILITY, true);
    private static final Answer B = new Answer(TARGETED, false);
    private static final Answer C = new Answer(AVAILABILITY, true);

    @ParameterizedTest
    @ValueSource(strings = {"invisibility", "Invisibility of the data", "blindness", "the server is blind to the inputs",
            "server sees only updates", "The server only sees model updates", "it receives only the updates",
            "the server never sees the raw data", "server cannot see the data", "client data stays private"})
    void acceptsTheRightAnswersWithSeveralSpellingsOfTheProperty(String property) {
        Feedback f = Exercise1.check(A, B, C, property);
        assertTrue(f.correct(), f.toString());
        assertTrue(f.toString().startsWith("correct: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"leverage", "", "   ", "averaging", "the 1/K share", "non-IID data", "sybils"})
    void rejectsAWrongProperty(String property) {
        Feedback f = Exercise1.check(A, B, C, property);
        assertFalse(f.correct(), f.toString());
        assertTrue(f.toString().startsWith("not yet: "));
    }

    @Test
    void rejectsEachWrongClassificationAndNamesThePart() {
        Feedback f = Exercise1.check(new Answer(TARGETED, true), B, C, "invisibility");
        assertFalse(f.correct());
        assertTrue(f.message().contains("(a)"), f.message());
        f = Exercise1.check(A, new Answer(TARGETED, true), C, "invisibility");
        assertFalse(f.correct());
        assertTrue(f.message().contains("(b)") && f.message().contains("not be noticed"), f.message());
        f = Exercise1.check(A, new Answer(AVAILABILITY, false), C, "invisibility");
        assertFalse(f.correct());
        f = Exercise1.check(A, B, new Answer(TARGETED, true), "invisibility");
        assertFalse(f.correct());
        assertTrue(f.message().contains("(c)"), f.message());
        f = Exercise1.check(A, B, new Answer(AVAILABILITY, false), "invisibility");
        assertFalse(f.correct());
        // everything wrong at once: still feedback, no exception
        f = Exercise1.check(B, A, B, "leverage");
        assertFalse(f.correct());
        assertTrue(f.message().contains("(a)") && f.message().contains("(b)") && f.message().contains("(c)"));
    }

    @Test
    void nullAnswersThrowWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Exercise1.check(null, B, C, "invisibility"));
        assertTrue(e.getMessage().contains("(a)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Exercise1.check(A, B, C, null));
        assertThrows(IllegalArgumentException.class, () -> new Answer(null, true));
    }
}
