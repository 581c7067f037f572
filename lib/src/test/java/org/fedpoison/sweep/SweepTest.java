package org.fedpoison.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SweepTest {
    static final Factor<Double> SCALE = Factor.of("scale", 1.0, 2.0, 3.0);
    static final Factor<String> KIND = Factor.of("kind", Map.of("plain", "p"));
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    /** x = scale * seed, y = x + 0.5; the cell scale=3.0 throws for seed 2. */
    static Sweep arithmetic(String name, long... seeds) {
        return Sweep.builder(name)
                .grid(SCALE, KIND)
                .seeds(seeds)
                .function(List.of("x", "y"), run -> {
                    CALLS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    double scale = run.get(SCALE);
                    if (scale == 3.0 && run.seed() == 2) {
                        throw new IllegalStateException("no,\n\"three\" at seed 2");
                    }
                    double x = scale * run.seed();
                    return Map.of("x", x, "y", x + 0.5);
                })
                .build();
    }

    @Test
    void gridHasEveryCombinationLastFactorFastest() {
        Factor<Integer> a = Factor.of("a", 1, 2);
        Factor<String> b = Factor.of("b", "x", "y", "z");
        Design d = Design.grid(a, b);
        assertEquals(6, d.cells().size());
        assertEquals(List.of("1", "x"), d.cells().get(0).levels());
        assertEquals(List.of("1", "y"), d.cells().get(1).levels());
        assertEquals(List.of("2", "z"), d.cells().get(5).levels());
        assertEquals("a=2, b=z", d.cells().get(5).key());
        assertEquals("z", d.cells().get(5).get(b));
    }

    @Test
    void explicitDesignKeepsTheListedCellsAndRejectsWrongOnes() {
        Factor<Integer> a = Factor.of("a", 1, 2);
        Factor<String> b = Factor.of("b", "x", "y");
        Design d = Design.explicit(a, b).cell("2", "x").cell("1", "y").build();
        assertEquals(List.of(List.of("2", "x"), List.of("1", "y")), d.cells().stream().map(Cell::levels).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Design.explicit(a, b).cell("3", "x"));
        assertTrue(e.getMessage().contains("no level '3'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Design.explicit(a, b).cell("1", "x").cell("1", "x"));
        assertThrows(IllegalArgumentException.class, () -> Design.explicit(a, b).cell("1"));
        assertThrows(IllegalArgumentException.class, () -> Factor.of("seed", 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Factor.of("a", 1, 1));
    }

    @Test
    void aThrowingCellIsRecordedAndTheOthersComplete() {
        SweepResult r = arithmetic("throwing", 1, 2, 3).run(LocalRunner.withThreads(2));
        assertEquals(9, r.results().size());
        assertEquals(1, r.failures().size());
        RunResult bad = r.failures().get(0);
        assertEquals("scale=3.0, kind=plain, seed=2", bad.run().key());
        assertEquals("IllegalStateException: no, \"three\" at seed 2", bad.error());
        assertTrue(Double.isNaN(bad.value("x")));
        Table runs = r.runs();
        assertEquals(9, runs.rowCount());
        assertEquals(List.of("scale", "kind", "seed", "x", "y", "seconds", "error"), runs.columnNames());
        for (int i = 0; i < runs.rowCount(); i++) {
            boolean failed = !runs.stringColumn("error").get(i).isEmpty();
            assertEquals(i == 7, failed, "row " + i);
            if (!failed) {
                double expect = Double.parseDouble(runs.stringColumn("scale").get(i)) * runs.longColumn("seed").get(i);
                assertEquals(expect, runs.doubleColumn("x").get(i));
            }
        }
        Table s = r.summary("x");
        assertEquals(3, s.rowCount());
        assertEquals(2, s.intColumn("n").get(2));
        assertEquals(1, s.intColumn("failed").get(2));
        assertEquals(6.0, s.doubleColumn("mean").get(2));   // 3 * 1 and 3 * 3
    }

    @Test
    void summaryIntervalMatchesTheHandComputation() {
        // scale 2 over seeds 1..5: x = 2, 4, 6, 8, 10; mean 6, sd 2 sqrt(2.5), half = 2.776445 * sd / sqrt(5)
        SweepResult r = arithmetic("ci", 1, 2, 3, 4, 5).run(LocalRunner.withThreads(1));
        Table s = r.summary("x");
        int row = 1;
        assertEquals("2.0", s.stringColumn("scale").get(row));
        double sd = 2 * Math.sqrt(2.5);
        double half = 2.776445 * sd / Math.sqrt(5);
        assertEquals(5, s.intColumn("n").get(row));
        assertEquals(6.0, s.doubleColumn("mean").get(row), 1e-12);
        assertEquals(sd, s.doubleColumn("sd").get(row), 1e-12);
        assertEquals(6 - half, s.doubleColumn("low").get(row), 1e-5);
        assertEquals(6 + half, s.doubleColumn("high").get(row), 1e-5);
        assertEquals(MeanInterval.of(2, 4, 6, 8, 10), r.interval("x", "2.0", "plain"));
        Table grid = Summary.grid(s, "scale", "kind", 2);
        // 6 -/+ 3.9265 with two decimals
        assertEquals("6.00 [2.07, 9.93]", grid.stringColumn("plain").get(1));
    }

    @Test
    void theRunnerDoesNotChangeTheResults() {
        Table one = arithmetic("runners", 1, 2, 3).run(LocalRunner.withThreads(1)).runsWithoutTiming();
        Table two = arithmetic("runners", 1, 2, 3).run(LocalRunner.withThreads(2)).runsWithoutTiming();
        Tables.assertSameValues(one, two);
    }

    @Test
    void aResumedSweepRecomputesNothingAlreadyWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.csv");
        SweepResult first = arithmetic("resume", 1, 2).run(LocalRunner.withThreads(2), file, SweepListener.none());
        assertEquals(6, CALLS.get("resume").get());
        // the same sweep again: everything is read back, nothing computed, the table is the same
        SweepResult again = arithmetic("resume", 1, 2).run(LocalRunner.withThreads(2), file, SweepListener.none());
        assertEquals(6, CALLS.get("resume").get());
        Tables.assertSameValues(first.runs(), again.runs());   // seconds included: read back, not recomputed
        // one more seed: only its three runs are computed (the failed one is not retried)
        SweepProgress progress = SweepProgress.of("resume");
        SweepResult more = arithmetic("resume", 1, 2, 3).run(LocalRunner.withThreads(2), file, progress);
        assertEquals(9, CALLS.get("resume").get());
        assertEquals(9, progress.done());
        assertTrue(progress.toString().contains("9/9"), progress.toString());
        assertEquals(1, more.failures().size());
        Table fresh = arithmetic("fresh", 1, 2, 3).run(LocalRunner.withThreads(1)).runsWithoutTiming();
        Tables.assertSameValues(fresh, more.runsWithoutTiming());
        assertEquals(1 + 9, Files.readAllLines(file).size());
    }

    @Test
    void aTornLastLineIsDroppedAndRecomputed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.csv");
        arithmetic("torn", 1).run(LocalRunner.withThreads(1), file, SweepListener.none());
        int before = CALLS.get("torn").get();
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 5));   // the last run's line cut short
        SweepResult r = arithmetic("torn", 1).run(LocalRunner.withThreads(1), file, SweepListener.none());
        assertEquals(before + 1, CALLS.get("torn").get());
        List<String> was = List.of(text.split("\n"));
        List<String> now = Files.readAllLines(file);
        assertEquals(was.subList(0, 3), now.subList(0, 3));   // header and the two intact runs untouched
        assertTrue(now.get(3).startsWith("\"3.0\",\"plain\",1,3.0,3.5,"), now.get(3));
        assertEquals(3, r.results().size());
        assertEquals(4, Files.readAllLines(file).size());
    }

    @Test
    void aFileOfAnotherSweepIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.csv");
        arithmetic("one", 1).run(LocalRunner.withThreads(1), file, SweepListener.none());
        Sweep other = Sweep.builder("other").grid(SCALE).seeds(1).function(List.of("x"), run -> Map.of("x", 1.0)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.run(LocalRunner.withThreads(1), file, SweepListener.none()));
        assertTrue(e.getMessage().contains("another sweep's runs"), e.getMessage());
    }

    @Test
    void settingsAreValidatedAtBuild() {
        assertThrows(IllegalArgumentException.class, () -> Sweep.builder("s").grid(SCALE).function(List.of("x"), r -> Map.of()).build());
        assertThrows(IllegalArgumentException.class, () -> Sweep.builder("s").grid(SCALE).seeds(1, 1).function(List.of("x"), r -> Map.of()).build());
        assertThrows(IllegalArgumentException.class, () -> Sweep.builder("s").grid(SCALE).seeds(1).function(List.of("scale"), r -> Map.of()).build());
        assertThrows(IllegalArgumentException.class, () -> Sweep.builder("s").seeds(1).function(List.of("x"), r -> Map.of()).build());
        RunResult r = Sweep.builder("s").grid(SCALE).seeds(1).function(List.of("x"), run -> Map.of("z", 1.0)).build()
                .execute(new Run(Design.grid(SCALE).cells().get(0), 1, Seeding.COMMON));
        assertFalse(r.ok());
        assertTrue(r.error().contains("outcome 'z'"), r.error());
    }

    @Test
    void seedsDependOnTheCellOnlyUnderPerCellSeeding() {
        Cell a = Design.grid(SCALE).cells().get(0);
        Cell b = Design.grid(SCALE).cells().get(1);
        assertEquals(new Run(a, 7, Seeding.COMMON).simulationSeed(), new Run(b, 7, Seeding.COMMON).simulationSeed());
        assertEquals(7, new Run(a, 7, Seeding.COMMON).simulationSeed());
        assertTrue(new Run(a, 7, Seeding.PER_CELL).simulationSeed() != new Run(b, 7, Seeding.PER_CELL).simulationSeed());
        assertEquals(new Run(a, 7, Seeding.PER_CELL).simulationSeed(),
                new Run(new Cell(a.factors(), a.levels()), 7, Seeding.PER_CELL).simulationSeed());
    }
}
