package org.fedpoison.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.fedpoison.sweep.Run;
import org.fedpoison.sweep.RunResult;
import org.fedpoison.sweep.Runner;
import org.fedpoison.sweep.Sweep;

/**
 * Runs a sweep as Apache Spark tasks, one task per run: {@link #local(String)} starts Spark inside
 * this JVM ({@code local[*]}: one task per core), {@link #on(JavaSparkContext)} uses a context that
 * {@code spark-submit} made for a cluster ({@link SweepSubmit} is that program).
 *
 * <p>The runs are cut into jobs of a few runs each ({@link #runsPerJob(int)}), one task per run, and
 * every job is submitted at once, asynchronously: Spark's scheduler keeps every core busy, and each
 * job's results come back to the driver as soon as its tasks end, so the sweep appends them to the
 * runs file and shows progress long before the last run finishes. A task that
 * fails (an executor lost, an {@link Error} in the run) is retried by Spark up to
 * {@code spark.task.maxFailures} times (4 on a cluster; in local mode the second number of
 * {@code local[N,F]}); an exception thrown by the run itself is not a task failure but the run's
 * recorded error, like on every runner.
 *
 * <p>The results equal {@code LocalRunner}'s bit for bit: a run depends only on its cell and seed,
 * and Spark only decides where it executes. The sweep (its factors' values and its function) must be
 * serializable; {@code SweepFile} sweeps are.
 *
 * <p>Java 17: Spark 4.2 is compiled for Java 17 (class files of version 61) and runs on 17 and 21.
 * Its launcher starts every JVM with the {@code --add-opens} list of
 * {@code org.apache.spark.launcher.JavaModuleOptions}, because parts of Spark reach into JDK
 * internals (direct buffers, serializers); {@code spark-submit} adds them itself, and
 * {@code spark/pom.xml} keeps the same list as {@code spark.jvm.options} for an embedded
 * {@code local[*]} (the tests and the benchmark pass it). The sweeps here also ran without the list
 * (measured on Java 17.0.15), but nothing guarantees that for every Spark code path.
 */
public final class SparkRunner implements Runner, AutoCloseable {
    private final JavaSparkContext sc;
    private final boolean owned;
    private final int runsPerJob;

    private SparkRunner(JavaSparkContext sc, boolean owned, int runsPerJob) {
        if (runsPerJob < 0) {
            throw new IllegalArgumentException("runsPerJob is " + runsPerJob + ", must be >= 1 (or 0 for automatic)");
        }
        this.sc = sc;
        this.owned = owned;
        this.runsPerJob = runsPerJob;
    }

    /**
     * The same runner with {@code n} runs per Spark job (one task per run), or 0 (the default) for
     * automatic: about eight jobs per task slot, {@code ceil(runs / (8 * defaultParallelism))}.
     * Fewer, larger jobs cost the driver less; smaller ones hand results over sooner (a job's results
     * reach the runs file and the progress line when all its tasks have ended). Jobs are submitted
     * together, so the slots stay busy across job boundaries either way.
     */
    public SparkRunner runsPerJob(int n) {
        return new SparkRunner(sc, owned, n);
    }

    /**
     * Starts Spark in this JVM with master {@code master} ({@code local[*]}, {@code local[2]},
     * {@code local[2,3]} for 3 attempts per task), without its web UI, bound to the loopback
     * address. {@link #close()} stops it.
     */
    public static SparkRunner local(String master) {
        if (master == null || !master.startsWith("local")) {
            throw new IllegalArgumentException("master is " + master + ", must be local, local[N], local[*] or local[N,F];"
                    + " for a cluster use spark-submit and SparkRunner.on(context)");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("fedpoison sweep")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        return new SparkRunner(new JavaSparkContext(conf), true, 0);
    }

    /** Uses an existing context (e.g. {@code new JavaSparkContext(new SparkConf())} under spark-submit); close() leaves it running. */
    public static SparkRunner on(JavaSparkContext context) {
        if (context == null) {
            throw new IllegalArgumentException("context must not be null");
        }
        return new SparkRunner(context, false, 0);
    }

    /** The Spark context. */
    public JavaSparkContext context() {
        return sc;
    }

    @Override
    public Future<?> start(Sweep sweep, List<Run> runs, Consumer<RunResult> done) {
        int per = runsPerJob > 0 ? runsPerJob
                : Math.max(1, (int) Math.ceil(runs.size() / (8.0 * Math.max(1, sc.defaultParallelism()))));
        List<JavaFutureAction<List<RunResult>>> jobs = new ArrayList<>();
        List<List<Run>> chunks = new ArrayList<>();
        for (int from = 0; from < runs.size(); from += per) {
            List<Run> chunk = List.copyOf(runs.subList(from, Math.min(runs.size(), from + per)));
            chunks.add(chunk);
            jobs.add(sc.parallelize(chunk, chunk.size()).map(sweep::execute).collectAsync());
        }
        CompletableFuture<Void> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                jobs.forEach(j -> j.cancel(true));
                return super.cancel(mayInterrupt);
            }
        };
        // one driver thread hands results over as their jobs end, in whatever order that is
        Thread waiter = new Thread(() -> {
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                pending.add(i);
            }
            try {
                while (!pending.isEmpty() && !result.isDone()) {
                    boolean any = false;
                    for (java.util.Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
                        int i = it.next();
                        JavaFutureAction<List<RunResult>> job = jobs.get(i);
                        if (job.isDone()) {
                            it.remove();
                            any = true;
                            try {
                                job.get().forEach(done);
                            } catch (java.util.concurrent.ExecutionException e) {
                                throw new IllegalStateException("Spark could not complete the job of runs " + chunks.get(i).get(0).key()
                                        + " ... (after its retries): " + e.getCause(), e.getCause());
                            }
                        }
                    }
                    if (!any) {
                        Thread.sleep(20);
                    }
                }
                result.complete(null);
            } catch (InterruptedException e) {
                result.cancel(true);
            } catch (RuntimeException e) {
                jobs.forEach(j -> j.cancel(true));
                result.completeExceptionally(e);
            }
        }, "fedpoison-spark-results");
        waiter.setDaemon(true);
        waiter.start();
        return result;
    }

    @Override
    public String description() {
        return "spark master=" + sc.master();
    }

    /** Stops Spark if this runner started it. */
    @Override
    public void close() {
        if (owned) {
            sc.stop();
        }
    }
}
