package org.fedpoison.attack.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Dataset;
import org.junit.jupiter.api.Test;

class TriggerTest {

    @Test
    void squareStampsExactlyItsPixelsRowMajor() {
        Dataset d = Fixtures.images3x3(4, 2);
        float[] before = d.features().dup().data().asFloat();
        Dataset s = Trigger.square(1, 1, 2, 1f).stamp(d, new int[] {2});
        float[] after = s.features().data().asFloat();
        // pixels (1,1),(1,2),(2,1),(2,2) of a 3x3 image are features 4, 5, 7, 8
        Set<Integer> trig = Set.of(2 * 9 + 4, 2 * 9 + 5, 2 * 9 + 7, 2 * 9 + 8);
        for (int i = 0; i < after.length; i++) {
            if (trig.contains(i)) {
                assertEquals(1f, after[i], "feature " + i);
            } else {
                assertEquals(before[i], after[i], "feature " + i + " must be untouched");
            }
        }
        assertArrayEquals(before, d.features().data().asFloat(), "input dataset must not be modified");
        assertArrayEquals(d.labels(), s.labels(), "stamping keeps labels");
    }

    @Test
    void rejectsTriggerOutsideImage() {
        Dataset d = Fixtures.images3x3(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trigger.square(2, 2, 2, 1f).stampAll(d));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trigger.square(0, 0, 0, 1f));
        assertThrows(IllegalArgumentException.class, () -> Trigger.square(-1, 0, 1, 1f));
        assertThrows(IllegalArgumentException.class, () -> Trigger.square(0, 0, 1, Float.NaN));
    }

    @Test
    void splitPartitionsThePixels() {
        Trigger t = Trigger.rectangle(0, 0, 2, 3, 1f);
        List<Trigger> parts = t.split(4);
        assertEquals(4, parts.size());
        Set<String> union = new HashSet<>();
        int total = 0;
        for (Trigger p : parts) {
            total += p.size();
            for (int i = 0; i < p.size(); i++) {
                assertTrue(union.add(p.rows()[i] + "," + p.cols()[i]), "parts must be disjoint");
            }
            assertTrue(p.size() == 1 || p.size() == 2, "sizes differ by at most one");
        }
        assertEquals(6, total);
        for (int i = 0; i < t.size(); i++) {
            assertTrue(union.contains(t.rows()[i] + "," + t.cols()[i]));
        }
        assertThrows(IllegalArgumentException.class, () -> t.split(7));
    }

    @Test
    void testSetDropsTargetClassAndStampsTheRest() {
        Dataset d = Fixtures.images3x3(6, 3);   // labels 0,1,2,0,1,2
        Dataset s = Trigger.square(0, 0, 1, 1f).stampTestSet(d, 1);
        assertEquals(4, s.size());
        for (int i = 0; i < s.size(); i++) {
            assertNotEquals(1, s.label(i));
            assertEquals(1f, s.features().getFloat(i, 0));
        }
    }
}
