package org.fedpoison.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastModeTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "TRUE", " yes ", "On"})
    void spellingsOfOnSwitchItOn(String value) {
        assertTrue(FastMode.parse(value).on());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "false", "No", " off"})
    void spellingsOfOffKeepTheDefaultSize(String value) {
        assertFalse(FastMode.parse(value).on());
    }

    @Test
    void unsetMeansDefaultSize() {
        assertFalse(FastMode.parse(null).on());
    }

    @Test
    void aTypoIsRejectedWithTheVariableNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastMode.parse("2"));
        assertTrue(e.getMessage().contains("FEDPOISON_FAST"), e.getMessage());
        assertTrue(e.getMessage().contains("'2'"), e.getMessage());
    }

    @Test
    void pickReturnsTheSizeOfTheMode() {
        assertEquals(20, new FastMode(false).pick(20, 5));
        assertEquals(5, new FastMode(true).pick(20, 5));
        assertEquals(List.of(1, 2), new FastMode(true).pick(List.of(1, 2, 3), List.of(1, 2)));
        assertEquals(List.of(1, 2, 3), new FastMode(false).pick(List.of(1, 2, 3), List.of(1, 2)));
    }

    @Test
    void fastModeNeverGrowsAnExperiment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FastMode(true).pick(5, 20));
        assertTrue(e.getMessage().contains("20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FastMode(false).pick(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FastMode(false).pick(10, 0));
    }

    @Test
    void currentAgreesWithTheEnvironment() {
        assertEquals(FastMode.parse(System.getenv(FastMode.VARIABLE)), FastMode.current());
    }
}
