package org.fedpoison.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepFileTest {
    @Test
    void listsBecomeFactorsInTheFilesOrder() {
        SweepFile f = SweepFile.parse("""
                # a comment
                name = t
                attack = none, sign-flip:10   # trailing comment
                defence = median
                attackers = 0.1, 0.2
                rounds = 3
                seeds = 4, 5
                """, "t");
        assertEquals(List.of("attack", "defence", "attackers"), f.sweep().design().factorNames());
        assertEquals(4, f.sweep().design().cells().size());
        assertEquals(List.of(4L, 5L), f.sweep().seeds());
        assertEquals("3", f.settings().get("rounds"));
        assertEquals("4", f.settings().get("f"));   // clients / 5 with the default 20 clients
        assertEquals(List.of("accuracy", "loss", "backdoor_success"), f.sweep().outcomes());
    }

    @Test
    void mistakesAreReportedWithTheLineOrTheSetting() {
        String base = "name = t\nattack = none\ndefence = median\nseeds = 1\n";
        assertTrue(message(base + "colour = red\n").contains("line 5: unknown key 'colour'"));
        assertTrue(message(base + "rounds\n").contains("line 5: 'rounds' is not key = value"));
        assertTrue(message("name = t\nattack = none\nseeds = 1\n").contains("key 'defence' is required"));
        assertTrue(message(base.replace("median", "medain")).contains("defence 'medain' is not one of"));
        assertTrue(message(base.replace("none", "nonne")).contains("attack 'nonne' is not one of"));
        assertTrue(message(base.replace("median", "clipping")).contains("needs its bound"));
        assertTrue(message(base + "data = mnist\n").contains("must be digits"));
        assertTrue(message(base.replace("seeds = 1", "seeds = 1, x")).contains("seed 'x' is not an integer"));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SweepFile.parse(text, "t")).getMessage();
    }

    @Test
    void theShippedDescriptionsParse() throws Exception {
        for (String name : List.of("w4.sweep", "example.sweep")) {
            Path p = Path.of("..", "environment", "sweeps", name);
            assertTrue(Files.exists(p), p.toString());
            SweepFile f = SweepFile.read(p);
            assertTrue(f.sweep().runs().size() > 0);
        }
        SweepFile w4 = SweepFile.read(Path.of("..", "environment", "sweeps", "w4.sweep"));
        // issue 16's W4: at least 8 attacks x 6 defences x 3 seeds
        assertTrue(w4.sweep().design().factors().get(0).size() - 1 >= 8);
        assertEquals(6, w4.sweep().design().factors().get(1).size());
        assertEquals(3, w4.sweep().seeds().size());
    }
}
