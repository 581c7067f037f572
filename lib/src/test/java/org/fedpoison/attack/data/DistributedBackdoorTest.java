package org.fedpoison.attack.data;

import static org.junit.jupiter.api.Assertions.*;

import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.data.DistributedBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Dataset;
import org.junit.jupiter.api.Test;

class DistributedBackdoorTest {

    private static final Dataset DATA = Fixtures.images3x3(10, 2);
    // the top row: features 0, 1, 2
    private static final Trigger ROW = Trigger.rectangle(0, 0, 1, 3, 1f);

    @Test
    void eachColluderStampsOnlyItsPart() {
        DistributedBackdoor dba = DistributedBackdoor.of(ROW, 3, new int[] {7, 4, 9}, 1, 1.0, false);
        int[][] expected = {{0}, {1}, {2}};
        int[] ids = {7, 4, 9};
        for (int k = 0; k < 3; k++) {
            Dataset p = dba.poison(DATA, ids[k], 1);
            for (int i = 0; i < DATA.size(); i++) {
                if (DATA.label(i) == 1) {
                    continue;
                }
                for (int j = 0; j < 3; j++) {
                    boolean mine = j == expected[k][0];
                    assertEquals(mine ? 1f : DATA.features().getFloat(i, j), p.features().getFloat(i, j),
                            "colluder " + ids[k] + ", example " + i + ", pixel " + j);
                }
                assertEquals(1, p.label(i));
            }
        }
    }

    @Test
    void testSetUsesTheFullTrigger() {
        DistributedBackdoor dba = DistributedBackdoor.of(ROW, 3, new int[] {0, 1, 2}, 1, 0.5, false);
        Dataset t = dba.testSet(DATA);
        for (int i = 0; i < t.size(); i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(1f, t.features().getFloat(i, j));
            }
        }
    }

    @Test
    void rejectsStrangersAndBadSettings() {
        DistributedBackdoor dba = DistributedBackdoor.of(ROW, 3, new int[] {0, 1, 2}, 1, 0.5, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dba.poison(DATA, 5, 1));
        assertTrue(e.getMessage().contains("client 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DistributedBackdoor.of(ROW, 3, new int[] {0, 1}, 1, 0.5, false));
        assertThrows(IllegalArgumentException.class, () -> DistributedBackdoor.of(ROW, 2, new int[] {0, 0}, 1, 0.5, false));
    }
}
