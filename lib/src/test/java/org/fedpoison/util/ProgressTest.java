package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theBarFillsInProportionToTheStepsDone() {
        Progress bar = new Progress("run", 4);
        assertEquals("run  [" + ".".repeat(20) + "]  0/4", bar.toString());
        bar.step();
        assertEquals("run  [#####" + ".".repeat(15) + "]  1/4", bar.toString());
        bar.step("accuracy 0.5");
        assertEquals("run  [##########" + ".".repeat(10) + "]  2/4  accuracy 0.5", bar.toString());
    }

    @Test
    void aFinishedBarIsFullAndSaysSo() {
        Progress bar = new Progress("sweep", 3);
        for (int i = 0; i < 3; i++) {
            assertFalse(bar.finished());
            bar.step("x=" + i);
        }
        assertTrue(bar.finished());
        assertEquals("sweep  [" + "#".repeat(20) + "]  3/3  x=2", bar.toString());
    }

    @Test
    void stepReturnsTheBarItselfForUpdateDisplay() {
        Progress bar = new Progress("run", 2);
        assertSame(bar, bar.step());
    }

    @Test
    void steppingPastTheTotalIsAnError() {
        Progress bar = new Progress("run", 1).step();
        IllegalStateException e = assertThrows(IllegalStateException.class, bar::step);
        assertTrue(e.getMessage().contains("1/1"), e.getMessage());
        assertEquals(1, bar.done());
    }

    @Test
    void badSettingsAreRejectedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Progress("run", 0))
                .getMessage().startsWith("total is 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Progress(" ", 3))
                .getMessage().startsWith("label is blank"));
    }
}
