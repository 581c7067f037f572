package org.fedpoison.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.fedpoison.sweep.Factor;
import org.fedpoison.sweep.LocalRunner;
import org.fedpoison.sweep.Sweep;
import org.fedpoison.sweep.SweepFile;
import org.fedpoison.sweep.SweepProgress;
import org.fedpoison.sweep.SweepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class SparkRunnerTest {
    static final Factor<Double> SCALE = Factor.of("scale", 1.0, 2.0, 3.0);
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    /** An error that fails a Spark task the way a lost executor does: not a run's own exception. */
    static final class LostTask extends Error {
        LostTask(String m) {
            super(m);
        }
    }

    static Sweep arithmetic() {
        return Sweep.builder("arithmetic").grid(SCALE).seeds(1, 2)
                .function(List.of("x"), run -> {
                    if (run.get(SCALE) == 3.0 && run.seed() == 2) {
                        throw new IllegalArgumentException("cell three fails at seed 2");
                    }
                    return Map.of("x", Math.sqrt(run.get(SCALE) * run.seed()));
                })
                .build();
    }

    static void assertSameValues(Table a, Table b) {
        assertEquals(a.columnNames(), b.columnNames());
        for (String c : a.columnNames()) {
            if (a.column(c) instanceof DoubleColumn d) {
                assertArrayEquals(d.asDoubleArray(), b.doubleColumn(c).asDoubleArray(), 0.0, c);
            } else {
                assertEquals(a.column(c).asList(), b.column(c).asList(), c);
            }
        }
    }

    @Test
    void sparkGivesTheLocalTableAndRecordsTheThrowingCell() {
        SweepResult local = arithmetic().run(LocalRunner.withThreads(2));
        try (SparkRunner spark = SparkRunner.local("local[2]")) {
            SweepResult remote = arithmetic().run(spark);
            assertSameValues(local.runsWithoutTiming(), remote.runsWithoutTiming());
            assertEquals(1, remote.failures().size());
            assertEquals("IllegalArgumentException: cell three fails at seed 2", remote.failures().get(0).error());
        }
    }

    @Test
    void aSmallDigitsGridSubmittedAsADescriptionGivesTheLocalRunnersTable(@TempDir Path dir) throws Exception {
        Path description = dir.resolve("tiny.sweep");
        Path sparkRuns = dir.resolve("spark-runs.csv");
        Files.writeString(description, """
                name = tiny
                clients = 8
                rounds = 2
                attack = none, sign-flip:10
                defence = fedavg, median
                seeds = 1, 2
                out = %s
                """.formatted(sparkRuns));
        // the path spark-submit takes: no --master, the master comes in as the system property spark.master
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
        try {
            SweepSubmit.main(new String[] {description.toString(), "--runs-per-job", "3"});
        } finally {
            for (String p : List.of("spark.master", "spark.driver.host", "spark.driver.bindAddress", "spark.ui.enabled")) {
                System.clearProperty(p);
            }
        }
        SweepFile file = SweepFile.read(description);
        SweepResult local = file.sweep().run(LocalRunner.withThreads(2));
        assertEquals(0, local.failures().size());
        // what Spark wrote, read back by a resumed sweep that has nothing left to compute
        SweepProgress reread = SweepProgress.of("reread");
        SweepResult remote = file.sweep().run(LocalRunner.withThreads(2), sparkRuns, reread);
        assertEquals(0, reread.computed());
        assertEquals(8, reread.done());
        assertSameValues(local.runsWithoutTiming(), remote.runsWithoutTiming());
        // and the grid is not degenerate: sign flip x10 breaks FedAvg but not the median
        double flipFedAvg = local.interval("accuracy", "sign-flip:10", "fedavg").mean();
        double flipMedian = local.interval("accuracy", "sign-flip:10", "median").mean();
        assertTrue(flipFedAvg < flipMedian, flipFedAvg + " vs " + flipMedian);
    }

    @Test
    void aTaskLostOnItsFirstAttemptIsRetriedAndTheSweepCompletes() {
        Sweep flaky = Sweep.builder("flaky").grid(SCALE).seeds(1, 2)
                .function(List.of("x", "attempt"), run -> {
                    ATTEMPTS.computeIfAbsent(run.key(), k -> new AtomicInteger()).incrementAndGet();
                    int attempt = TaskContext.get().attemptNumber();
                    if (attempt == 0 && run.seed() == 1) {
                        throw new LostTask("executor lost while running " + run.key());
                    }
                    return Map.of("x", run.get(SCALE) * run.seed(), "attempt", (double) attempt);
                })
                .build();
        try (SparkRunner spark = SparkRunner.local("local[2,2]")) {   // 2 threads, 2 attempts per task
            SweepResult r = flaky.run(spark.runsPerJob(2));
            assertEquals(0, r.failures().size());
            Table runs = r.runs();
            for (int i = 0; i < runs.rowCount(); i++) {
                long seed = runs.longColumn("seed").get(i);
                assertEquals(seed == 1 ? 1.0 : 0.0, runs.doubleColumn("attempt").get(i), "row " + i);
                assertEquals(Double.parseDouble(runs.stringColumn("scale").get(i)) * seed, runs.doubleColumn("x").get(i));
            }
            assertTrue(ATTEMPTS.entrySet().stream().allMatch(e -> e.getValue().get() == (e.getKey().endsWith("seed=1") ? 2 : 1)),
                    ATTEMPTS.toString());
        }
    }
}
