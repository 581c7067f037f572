package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedpoison.core.Client;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Runs side by side ({@link Tables}) and the round callback's text bar ({@link ProgressBar}). */
class TablesTest {

    static History clean() {
        return SimulationTest.tiny(SimulationTest.fixture()).rounds(3).build().run();
    }

    /** The fixture with client 1 sending NaN, kept (naive FedAvg): the run is ruined from round 0. */
    static History broken() {
        List<Client> cs = new ArrayList<>(SimulationTest.fixture());
        cs.set(1, new SimulationTest.Fixed(1, 1, new float[] {Float.NaN, 0, 0, 0}, true));
        return SimulationTest.tiny(cs).rounds(3).dropNonFinite(false).build().run();
    }

    @Test
    void tablesSummariseRuns() {
        History clean = clean();
        History broken = broken();
        Map<String, History> both = new LinkedHashMap<>();
        both.put("clean", clean);
        both.put("broken", broken);
        Table t = Tables.compare(both);
        assertEquals(2, t.rowCount());
        assertEquals(List.of("clean", "broken"), t.stringColumn("run").asList());
        assertEquals(clean.last().accuracy(), t.doubleColumn("final_accuracy").get(0));
        double best = Math.max(clean.accuracy()[0], Math.max(clean.accuracy()[1], clean.accuracy()[2]));
        assertEquals(best, t.doubleColumn("best_accuracy").get(0));
        assertEquals(clean.last().loss(), t.doubleColumn("final_loss").get(0));
        assertEquals(3, t.intColumn("rounds").get(1));
        Table g = Tables.grid("grid", "attackers", List.of(0, 1), List.of("FedAvg", "Median"),
                new double[][] {{0.9, 0.8}, {0.4, 0.7}});
        assertEquals(List.of("attackers", "FedAvg", "Median"), g.columnNames());
        assertEquals(0.7, g.doubleColumn("Median").get(1));
        Table o = Tables.of("t", Map.of("a", new double[] {1, 2}));
        assertArrayEquals(new double[] {1, 2}, o.doubleColumn("a").asDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tables.grid("g", "r", List.of(0), List.of("a"), new double[][] {{1, 2}}));
    }

    @Test
    void progressBarCountsRounds() {
        History h = clean();
        ProgressBar bar = new ProgressBar(4, 8);
        assertEquals("[........]  0/4", bar.toString());
        List<String> seen = new ArrayList<>();
        bar.onUpdate(b -> seen.add(b.toString()));
        bar.accept(h.rounds().get(0));
        bar.accept(h.rounds().get(1));
        assertEquals(2, bar.done());
        assertEquals(String.format(Locale.ROOT, "[####....]  2/4  accuracy %.4f", h.rounds().get(1).accuracy()),
                bar.toString());
        assertEquals(2, seen.size());
        assertThrows(IllegalArgumentException.class, () -> new ProgressBar(0));
    }
}
