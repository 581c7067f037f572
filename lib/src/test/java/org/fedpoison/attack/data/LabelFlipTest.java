package org.fedpoison.attack.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.core.Dataset;
import org.junit.jupiter.api.Test;

class LabelFlipTest {

    private static final Dataset DATA = Fixtures.images3x3(40, 4);   // 10 examples per class

    @Test
    void targetedFlipsExactlyTheChosenSourceExamples() {
        LabelFlip flip = LabelFlip.targeted(1, 3, 0.6);
        int[] chosen = flip.flippedIndices(DATA, 5);
        assertEquals(6, chosen.length, "round(0.6 * 10) source examples");
        Dataset p = flip.poison(DATA, 0, 5);
        int changed = 0;
        for (int i = 0; i < DATA.size(); i++) {
            boolean isChosen = Arrays.binarySearch(chosen, i) >= 0;
            if (isChosen) {
                assertEquals(1, DATA.label(i));
                assertEquals(3, p.label(i));
                changed++;
            } else {
                assertEquals(DATA.label(i), p.label(i), "example " + i + " must keep its label");
            }
        }
        assertEquals(6, changed);
        assertEquals(DATA.features(), p.features(), "inputs are untouched");
    }

    @Test
    void allToOneRelabelsOnlyOtherClasses() {
        Dataset p = LabelFlip.allToOne(2, 1.0).poison(DATA, 0, 1);
        for (int i = 0; i < DATA.size(); i++) {
            assertEquals(2, p.label(i));
        }
        Dataset half = LabelFlip.allToOne(2, 0.5).poison(DATA, 0, 1);
        int changed = 0;
        for (int i = 0; i < DATA.size(); i++) {
            changed += half.label(i) != DATA.label(i) ? 1 : 0;
        }
        assertEquals(15, changed, "half of the 30 non-target examples");
    }

    @Test
    void randomRelabellingAlwaysChangesTheLabel() {
        Dataset p = LabelFlip.random(0.25).poison(DATA, 0, 9);
        int changed = 0;
        for (int i = 0; i < DATA.size(); i++) {
            changed += p.label(i) != DATA.label(i) ? 1 : 0;
        }
        assertEquals(10, changed, "every chosen example gets a different class");
    }

    @Test
    void deterministicUnderSeed() {
        LabelFlip flip = LabelFlip.random(0.5);
        assertArrayEquals(flip.poison(DATA, 0, 11).labels(), flip.poison(DATA, 0, 11).labels());
        assertFalse(Arrays.equals(flip.poison(DATA, 0, 11).labels(), flip.poison(DATA, 0, 12).labels()),
                "another seed chooses other examples");
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> LabelFlip.targeted(1, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LabelFlip.targeted(1, 2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LabelFlip.random(Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelFlip.targeted(1, 7, 0.5).poison(DATA, 0, 1));
        assertTrue(e.getMessage().contains("target is 7"), e.getMessage());
    }
}
