package org.fedpoison.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundBarTest {

    @Test
    void fillsFloorOfTheDoneShare() {
        RoundBar bar = new RoundBar("run", 3, 6);
        assertEquals("run [......] 0/3", bar.at(0, ""));
        assertEquals("run [##....] 1/3 acc 0.5", bar.at(1, "acc 0.5"));
        assertEquals("run [####..] 2/3", bar.at(2, ""));
        assertEquals("run [######] 3/3 done", bar.at(3, "done"));
    }

    @Test
    void widthIsConstantWhateverTheProgress() {
        RoundBar bar = RoundBar.of("x", 7);
        for (int i = 0; i <= 7; i++) {
            String s = bar.at(i, "");
            int open = s.indexOf('['), close = s.indexOf(']');
            assertEquals(30, close - open - 1, s);
            assertTrue(s.endsWith(i + "/7"), s);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new RoundBar(null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoundBar("a", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoundBar("a", 1, 0));
        RoundBar bar = new RoundBar("a", 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bar.at(3, ""));
        assertEquals("done is 3; allowed 0..2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bar.at(1, null));
    }
}
