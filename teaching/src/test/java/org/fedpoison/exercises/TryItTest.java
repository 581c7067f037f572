package org.fedpoison.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TryItTest {
    private static final TryIt.Question Q = TryIt.question("success", 0.1, "look at the table above", "it works because ...");

    @Test
    void verdicts() {
        assertEquals(Verdict.UNFILLED, Q.check(3, 3, null, 0.5).verdict(), "the stub as handed out");
        assertEquals(Verdict.PARTLY_RIGHT, Q.check(3, 1, null, 0.5).verdict(), "knob changed, prediction missing");
        assertEquals(Verdict.PARTLY_RIGHT, Q.check(3, 3, 0.5, 0.5).verdict(), "prediction right but knob unchanged");
        assertEquals(Verdict.PARTLY_RIGHT, Q.check(3, 1, 0.9, 0.5).verdict());
        assertEquals(Verdict.CORRECT, Q.check(3, 1, 0.55, 0.5).verdict());
        assertEquals(Verdict.PARTLY_RIGHT, Q.check(3, 1, Double.NaN, 0.5).verdict());
    }

    @Test
    void explanationOnlyWhenClose() {
        assertFalse(Q.check(3, 1, 0.9, 0.5).toString().contains("it works because"));
        assertTrue(Q.check(3, 1, 0.9, 0.5).toString().contains("look at the table above"));
        assertTrue(Q.check(3, 1, 0.45, 0.5).toString().contains("it works because"));
        assertThrows(IllegalArgumentException.class, () -> TryIt.question("x", 0, "h", "e"));
    }
}
