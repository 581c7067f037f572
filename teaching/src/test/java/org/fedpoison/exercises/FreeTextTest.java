package org.fedpoison.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fedpoison.exercises.FreeText.Stance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FreeTextTest {
    private static final FreeText.Concept SEES = FreeText.Concept.of("sees", "\\bsees? the data", "\\bnever sees? the data");

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "the server sees the data | AFFIRMED",
            "the server does not see the data | NEGATED",
            "the server never sees the data | AFFIRMED",
            "it is not true that the server sees the data | NEGATED",
            "the server doesn't see the data | NEGATED",
            "not at all; the server sees the data | AFFIRMED",
            "that the server sees the data is false | NEGATED",
            "it was not easy, but the server sees the data | AFFIRMED",
            "nothing here | ABSENT"})
    void stanceCountsNegationsInTheClause(String text, Stance expected) {
        assertEquals(expected, SEES.stance(text));
    }

    @Test
    void nullIsAbsentAndEmptyConceptsAreRejected() {
        assertEquals(Stance.ABSENT, SEES.stance(null));
        assertThrows(IllegalArgumentException.class, () -> FreeText.Concept.of("empty"));
    }
}
