package org.fedpoison.sweep;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a sweep on this machine: {@code threads} runs at a time in this JVM, nothing to start or
 * install. The default runner ({@link #defaults()}: one thread per available processor).
 *
 * <p>The runs are started in the sweep's order and each on one thread, so with one simulation
 * thread per run ({@code threads(1)} in the simulation) the cores are shared without
 * oversubscription. A run's result does not depend on the number of threads.
 */
public final class LocalRunner implements Runner {
    private final int threads;

    private LocalRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads is " + threads + ", must be >= 1");
        }
        this.threads = threads;
    }

    /** One run per available processor at a time. */
    public static LocalRunner defaults() {
        return new LocalRunner(Runtime.getRuntime().availableProcessors());
    }

    /** {@code threads} runs at a time (at least 1). */
    public static LocalRunner withThreads(int threads) {
        return new LocalRunner(threads);
    }

    /** Runs at a time. */
    public int threads() {
        return threads;
    }

    @Override
    public Future<?> start(Sweep sweep, List<Run> runs, Consumer<RunResult> done) {
        AtomicInteger no = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fedpoison-sweep-" + no.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<?>[] each = new CompletableFuture<?>[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            each[i] = CompletableFuture.runAsync(() -> done.accept(sweep.execute(run)), pool);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(each);
        // the first failure (an Error in a run) fails the whole at once, without waiting for the rest
        for (CompletableFuture<?> f : each) {
            f.exceptionally(e -> {
                all.completeExceptionally(e);
                return null;
            });
        }
        CompletableFuture<Void> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                pool.shutdownNow();
                return super.cancel(mayInterrupt);
            }
        };
        all.whenComplete((v, e) -> {
            pool.shutdownNow();
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    @Override
    public String description() {
        return "local threads=" + threads;
    }
}
