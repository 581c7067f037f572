package org.fedpoison.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeedbackTest {
    @Test
    void toStringStartsWithTheVerdict() {
        assertEquals("correct: well done", Feedback.correct("well done").toString());
        assertEquals("not yet: try again", Feedback.notYet("try again").toString());
        assertThrows(IllegalArgumentException.class, () -> Feedback.correct(null));
    }
}
