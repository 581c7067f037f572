package org.fedpoison.attack.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Dataset;
import org.junit.jupiter.api.Test;

class PixelPatternBackdoorTest {

    private static final Dataset DATA = Fixtures.images3x3(20, 2);   // labels 0,1,0,1,...
    private static final Trigger T = Trigger.square(2, 2, 1, 1f);     // bottom-right pixel = feature 8

    @Test
    void stampsAndRelabelsTheChosenFraction() {
        PixelPatternBackdoor bd = PixelPatternBackdoor.of(T, 1, 0.4);
        int[] chosen = bd.stampedIndices(DATA, 3);
        assertEquals(4, chosen.length, "round(0.4 * 10 non-target examples)");
        Dataset p = bd.poison(DATA, 0, 3);
        assertEquals(DATA.size(), p.size());
        for (int i = 0; i < DATA.size(); i++) {
            if (Arrays.binarySearch(chosen, i) >= 0) {
                assertEquals(0, DATA.label(i), "only non-target examples are chosen");
                assertEquals(1, p.label(i));
                assertEquals(1f, p.features().getFloat(i, 8));
            } else {
                assertEquals(DATA.label(i), p.label(i));
                assertEquals(DATA.features().getRow(i), p.features().getRow(i));
            }
        }
    }

    @Test
    void appendingKeepsCleanExamples() {
        Dataset p = PixelPatternBackdoor.appending(T, 1, 0.5).poison(DATA, 0, 3);
        assertEquals(25, p.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(DATA.label(i), p.label(i));
        }
        for (int i = 20; i < 25; i++) {
            assertEquals(1, p.label(i));
            assertEquals(1f, p.features().getFloat(i, 8));
        }
    }

    @Test
    void deterministicUnderSeed() {
        PixelPatternBackdoor bd = PixelPatternBackdoor.of(T, 0, 0.3);
        assertArrayEquals(bd.stampedIndices(DATA, 77), bd.stampedIndices(DATA, 77));
        assertEquals(bd.poison(DATA, 0, 77).features(), bd.poison(DATA, 0, 77).features());
    }

    @Test
    void testSetHasTheTriggerAndNoTargetExample() {
        Dataset t = PixelPatternBackdoor.of(T, 1, 0.3).testSet(DATA);
        assertEquals(10, t.size());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(0, t.label(i));
            assertEquals(1f, t.features().getFloat(i, 8));
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> PixelPatternBackdoor.of(T, -1, 0.3));
        assertThrows(IllegalArgumentException.class, () -> PixelPatternBackdoor.of(T, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> PixelPatternBackdoor.of(null, 0, 0.1));
    }
}
