package org.fedpoison.util;

import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float32 vectors of one length kept for reuse, so that a simulation's deltas of one round reuse
 * the native memory of the round before instead of allocating it anew.
 *
 * <p>Why: every client's training returns a new vector of the model's size, and at 10,000 clients
 * of the 784-100-10 MLP that is 3.2 GB of native memory a round. Allocating it (ND4J's
 * {@code allocateDataBuffer}, the kernel's first touch of every page) was the largest cost of a
 * client's task, larger than its training step; a recycled vector costs nothing but the writes.
 *
 * <p>Use: a simulation {@linkplain #with binds} its pool to the thread that runs a client's task,
 * and {@link #take} (called by the library's models for their results) returns a recycled vector
 * when the bound pool has one, a new uninitialised one otherwise — and always a new one on a thread
 * without a pool, so code outside a simulation never sees recycled memory. The simulation
 * {@linkplain #give gives back} the deltas nothing refers to once their round is recorded (those
 * of honest clients) and {@linkplain #close closes} the pool, freeing every vector it holds, when
 * the run ends. A taken vector belongs to its taker alone: the pool forgets it until it is given
 * back. Its contents are undefined (the caller writes every element).
 *
 * <p>Thread-safe: the client tasks take concurrently.
 */
public final class VectorPool implements AutoCloseable {
    private static final ThreadLocal<VectorPool> BOUND = new ThreadLocal<>();

    private final long length;
    private final ArrayDeque<INDArray> free = new ArrayDeque<>();
    private boolean closed;

    /**
     * A pool of float32 vectors of {@code length} elements.
     *
     * @throws IllegalArgumentException if {@code length < 1}
     */
    public VectorPool(long length) {
        if (length < 1) {
            throw new IllegalArgumentException("length is " + length + ", must be >= 1");
        }
        this.length = length;
    }

    /** The length of the vectors this pool keeps. */
    public long length() {
        return length;
    }

    /** The number of vectors waiting for reuse. */
    public synchronized int available() {
        return free.size();
    }

    /** Runs {@code action} with {@code pool} bound to this thread (null: none), and returns its result. */
    public static <T> T with(VectorPool pool, Supplier<T> action) {
        VectorPool before = BOUND.get();
        BOUND.set(pool);
        try {
            return action.get();
        } finally {
            if (before == null) {
                BOUND.remove();
            } else {
                BOUND.set(before);
            }
        }
    }

    /**
     * A dense rank-1 float32 vector of {@code length} elements, contents undefined: recycled from
     * the pool bound to this thread when it keeps vectors of that length and has one, otherwise new
     * ({@code Nd4j.createUninitialized}).
     */
    public static INDArray take(long length) {
        VectorPool p = BOUND.get();
        if (p != null && p.length == length) {
            INDArray v = p.poll();
            if (v != null) {
                return v;
            }
        }
        return Nd4j.createUninitialized(DataType.FLOAT, length);
    }

    private synchronized INDArray poll() {
        return free.pollLast();
    }

    /**
     * Gives {@code v} back for reuse; the caller guarantees that nothing reads or writes it any more.
     * A vector the pool cannot reuse (another length or type, a view, closed) is left alone and
     * {@code false} returned; after {@link #close} the vector is closed at once.
     *
     * @return whether the pool took it
     */
    public boolean give(INDArray v) {
        if (v == null || v.dataType() != DataType.FLOAT || v.length() != length || v.isView() || v.offset() != 0
                || v.data().length() != length || !v.closeable() || v.wasClosed()) {
            return false;
        }
        synchronized (this) {
            if (!closed) {
                free.addLast(v);
                return true;
            }
        }
        v.close();
        return true;
    }

    /** Frees the native memory of every vector held; later {@link #give}s close their vector. */
    @Override
    public void close() {
        INDArray[] held;
        synchronized (this) {
            closed = true;
            held = free.toArray(new INDArray[0]);
            free.clear();
        }
        for (INDArray v : held) {
            if (!v.wasClosed()) {
                v.close();
            }
        }
    }
}
