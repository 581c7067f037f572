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
 * <p>Each run is its own small Spark job submitted asynchronously, all at once: Spark's scheduler
 * keeps every core busy, and each result comes back to the driver as soon as its task ends, so the
 * sweep can append it to the runs file and show progress before the other runs finish. A task that
 * fails (an executor lost, an {@link Error} in the run) is retried by Spark up to
 * {@code spark.task.maxFailures} times (4 on a cluster; in local mode the second number of
 * {@code local[N,F]}); an exception thrown by the run itself is not a task failure but the run's
 * recorded error, like on every runner.
 *
 * <p>The results equal {@code LocalRunner}'s bit for bit: a run depends only on its cell and seed,
 * and Spark only decides where it executes. The sweep (its factors' values and its function) must be
 * serializable; {@code SweepFile} sweeps are.
 *
 * <p>Java 17: an embedded Spark needs the JVM options in {@code spark/pom.xml}'s
 * {@code spark.jvm.options} (the {@code --add-opens} list Spark's own launcher uses);
 * {@code spark-submit} adds them itself.
 */
public final class SparkRunner implements Runner, AutoCloseable {
    private final JavaSparkContext sc;
    private final boolean owned;

    private SparkRunner(JavaSparkContext sc, boolean owned) {
        this.sc = sc;
        this.owned = owned;
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
        return new SparkRunner(new JavaSparkContext(conf), true);
    }

    /** Uses an existing context (e.g. {@code new JavaSparkContext(new SparkConf())} under spark-submit); close() leaves it running. */
    public static SparkRunner on(JavaSparkContext context) {
        if (context == null) {
            throw new IllegalArgumentException("context must not be null");
        }
        return new SparkRunner(context, false);
    }

    /** The Spark context. */
    public JavaSparkContext context() {
        return sc;
    }

    @Override
    public Future<?> start(Sweep sweep, List<Run> runs, Consumer<RunResult> done) {
        List<JavaFutureAction<List<RunResult>>> jobs = new ArrayList<>(runs.size());
        for (Run run : runs) {
            jobs.add(sc.parallelize(List.of(run), 1).map(sweep::execute).collectAsync());
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
                                done.accept(job.get().get(0));
                            } catch (java.util.concurrent.ExecutionException e) {
                                throw new IllegalStateException("Spark could not complete run " + runs.get(i).key()
                                        + " (after its retries): " + e.getCause(), e.getCause());
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
