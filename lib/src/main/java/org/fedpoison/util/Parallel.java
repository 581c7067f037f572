package org.fedpoison.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The library's one parallel-execution mechanism: a fixed set of worker threads that the
 * simulation's clients and the aggregators' loops share, so that {@code threads(n)} of a
 * simulation bounds both.
 *
 * <ul>
 *   <li>{@link #map}: {@code n} independent tasks (one per client), results in task order;</li>
 *   <li>{@link #forRanges}: a loop over {@code [0, n)} cut into contiguous ranges that the calling
 *       thread and up to {@code threads - 1} workers take in turn (about 8 ranges per thread, so
 *       that a thread slowed by other processes does not hold up the rest); small work stays on
 *       the calling thread.</li>
 * </ul>
 * Results never depend on which thread ran what: each task or range writes its own output, and
 * failures are reported for the lowest failing task whatever the timing.
 *
 * <p>Which instance a computation uses: {@link #current()} — inside {@link #with(Parallel, Supplier)}
 * (a simulation wraps its aggregation in it) the simulation's, elsewhere {@link #shared()}
 * ({@code min(8, available processors)} threads, started once and kept). Workers are daemon
 * threads named {@code fedpoison-worker-<i>}; a caller that is itself one of the workers runs the
 * work inline, so nesting never deadlocks.
 */
public final class Parallel implements AutoCloseable {

    /** Work below this many values (e.g. clients × coordinates) runs on the calling thread only. */
    public static final long MIN_PARALLEL_VALUES = 1L << 18;

    private static final ThreadLocal<Parallel> CURRENT = new ThreadLocal<>();
    private static final AtomicInteger POOL_NO = new AtomicInteger();
    private static volatile Parallel shared;

    private final int threads;
    private final ExecutorService pool;
    private final ThreadLocal<Boolean> isWorker = ThreadLocal.withInitial(() -> false);

    private Parallel(int threads) {
        this.threads = threads;
        int no = POOL_NO.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                isWorker.set(true);
                r.run();
            }, "fedpoison-worker-" + no + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A new set of {@code threads} workers (started on first use); {@link #close()} it when done.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Parallel of(int threads) {
        return new Parallel(Check.atLeast("threads", threads, 1));
    }

    /** The instance used outside a simulation: {@code min(8, available processors)} threads, never closed. */
    public static Parallel shared() {
        Parallel p = shared;
        if (p == null) {
            synchronized (Parallel.class) {
                p = shared;
                if (p == null) {
                    p = new Parallel(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
                    shared = p;
                }
            }
        }
        return p;
    }

    /** The instance computations on this thread should use: the one set by {@link #with}, else {@link #shared()}. */
    public static Parallel current() {
        Parallel p = CURRENT.get();
        return p != null ? p : shared();
    }

    /** Runs {@code action} on this thread with {@link #current()} returning {@code p}, and returns its result. */
    public static <T> T with(Parallel p, Supplier<T> action) {
        Parallel before = CURRENT.get();
        CURRENT.set(p);
        try {
            return action.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The number of threads work is spread over (the calling thread counts as one in {@link #forRanges}). */
    public int threads() {
        return threads;
    }

    /** Body of a loop over the index range {@code [lo, hi)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes {@code [lo, hi)}, writing only outputs that belong to it. */
        void run(int lo, int hi);
    }

    /** A failure of task {@code index} of {@link #map}, carrying the task's own exception as its cause. */
    public static final class TaskFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int index;

        TaskFailed(int index, Throwable cause) {
            super("task " + index + " failed: " + cause, cause);
            this.index = index;
        }

        /** The index of the task that failed (the lowest, if several did). */
        public int index() {
            return index;
        }
    }

    /**
     * Runs {@code task.apply(i)} for {@code i = 0..n-1} on the workers and returns the results in
     * index order. Every task runs even if one fails; then the lowest failing index is thrown as a
     * {@link TaskFailed}. The calling thread waits (interruptibly); a worker calling it runs the
     * tasks itself.
     *
     * @throws TaskFailed if a task threw
     * @throws IllegalStateException if the calling thread is interrupted while it waits (the tasks
     *     still running finish in the background)
     */
    public <T> List<T> map(int n, IntFunction<T> task) {
        Object[] results = new Object[n];
        Throwable[] errors = new Throwable[n];
        if (n == 0) {
            return List.of();
        }
        if (isWorker.get()) { // a worker of this pool: run inline, never wait on ourselves
            for (int i = 0; i < n; i++) {
                runTask(task, i, results, errors);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            Object done = new Object();
            Runnable worker = () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    runTask(task, i, results, errors);
                    if (finished.incrementAndGet() == n) {
                        synchronized (done) {
                            done.notifyAll();
                        }
                    }
                }
            };
            for (int w = 0; w < Math.min(threads, n); w++) {
                pool.execute(worker);
            }
            synchronized (done) {
                while (finished.get() < n) {
                    try {
                        done.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        next.set(n); // hand out no more tasks
                        throw new IllegalStateException("interrupted while " + (n - finished.get()) + " of " + n
                                + " tasks were unfinished", e);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (errors[i] != null) {
                throw new TaskFailed(i, errors[i]);
            }
        }
        List<T> out = new ArrayList<>(n);
        for (Object r : results) {
            @SuppressWarnings("unchecked")
            T t = (T) r;
            out.add(t);
        }
        return out;
    }

    private static <T> void runTask(IntFunction<T> task, int i, Object[] results, Throwable[] errors) {
        try {
            results[i] = task.apply(i);
        } catch (Throwable e) {
            errors[i] = e;
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous ranges that the calling thread and
     * up to {@code threads() - 1} workers take in turn; with {@code values} (the work's size, e.g.
     * clients × coordinates) below {@link #MIN_PARALLEL_VALUES} per thread, or one thread, the
     * calling thread runs {@code body.run(0, n)} alone. Bodies must write disjoint outputs per
     * range, so that results do not depend on which thread ran which range. Returns when every
     * range is done; the first exception a range threw (by range order) is then rethrown.
     */
    public void forRanges(int n, long values, RangeBody body) {
        int t = (int) Math.min(Math.min(threads, n), Math.max(1, values / MIN_PARALLEL_VALUES));
        if (t <= 1 || isWorker.get()) {
            body.run(0, n);
            return;
        }
        int tasks = Math.min(n, 8 * t);
        Throwable[] errors = new Throwable[tasks];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Object done = new Object();
        Runnable worker = () -> {
            for (int task = next.getAndIncrement(); task < tasks; task = next.getAndIncrement()) {
                try {
                    body.run((int) ((long) n * task / tasks), (int) ((long) n * (task + 1) / tasks));
                } catch (Throwable e) {
                    errors[task] = e;
                }
                if (finished.incrementAndGet() == tasks) {
                    synchronized (done) {
                        done.notifyAll();
                    }
                }
            }
        };
        for (int w = 1; w < t; w++) {
            pool.execute(worker);
        }
        worker.run(); // the caller takes ranges too; a helper that starts late finds none left
        boolean interrupted = false;
        synchronized (done) {
            while (finished.get() < tasks) {
                try {
                    done.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // ranges already taken must finish: they write the caller's outputs
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable e : errors) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the workers (those running finish their task). The shared instance ignores it. */
    @Override
    public void close() {
        if (this != shared) {
            pool.shutdownNow();
        }
    }
}
