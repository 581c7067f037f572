package org.fedpoison.util;

import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fast arithmetic on flat float32 parameter vectors, read straight from ND4J's off-heap buffers.
 *
 * <p>Why plain loops here: a norm, a dot product or a finiteness scan of one vector is a single
 * pass over memory; an ND4J call costs about 20 microseconds of dispatch before it starts and may
 * allocate a result, while a loop over the buffer costs nothing beyond the pass itself. Sums are
 * accumulated in {@code double}, in index order, so results are reproducible bit for bit.
 *
 * <p>No method modifies its arguments.
 *
 * <p>Memory safety. A {@link FloatBuffer} over ND4J's memory does not keep that memory alive: ND4J
 * frees an array's off-heap buffer on its own deallocator thread as soon as the garbage collector
 * finds the {@link INDArray} unreachable, and the JIT considers a local variable dead after its last
 * use, even while a buffer taken from it is still being read. Every method here therefore keeps its
 * arguments reachable ({@link Reference#reachabilityFence}) until it has finished reading them;
 * callers of {@link #floats} and {@link #writable} must do the same for the array they pass.
 */
public final class FlatVectors {
    private FlatVectors() {}

    /** A new vector holding {@code values}, with the shape and data type of {@code like}. */
    public static INDArray fromDoubles(double[] values, INDArray like) {
        INDArray v = Nd4j.createFromArray(values).reshape(like.shape());
        return like.dataType() == DataType.DOUBLE ? v : v.castTo(like.dataType());
    }

    /**
     * A dense, offset-free float32 version of {@code a}: {@code a} itself when its buffer can be
     * read directly (C order, no offset, buffer length equal to its length), otherwise a copy.
     */
    public static INDArray dense(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            return a.castTo(DataType.FLOAT).dup('c');
        }
        boolean direct = a.offset() == 0 && a.data().length() == a.length()
                && (a.rank() <= 1 || a.ordering() == 'c' || a.isVector()) && !a.isEmpty();
        return direct ? a : a.dup('c');
    }

    /**
     * A read view of the elements of {@code a} in C order as a {@link FloatBuffer} positioned at 0
     * with {@code a.length()} elements. The caller must not write through it (it may share memory
     * with {@code a}).
     *
     * <p>When {@code a} is dense ({@link #dense} returns it) the buffer reads {@code a}'s off-heap
     * memory directly, and the caller must keep {@code a} reachable until it has finished with the
     * buffer ({@code Reference.reachabilityFence(a)} after the last read): the buffer alone does not
     * stop ND4J from freeing that memory. Otherwise the elements are copied into an on-heap buffer
     * that owns its memory.
     */
    public static FloatBuffer floats(INDArray a) {
        INDArray d = dense(a);
        if (d.isEmpty()) {
            return FloatBuffer.allocate(0);
        }
        if (d != a) {
            // a temporary copy: a buffer over its off-heap memory would dangle once d is collected
            float[] copy = d.data().asFloat();
            Reference.reachabilityFence(d);
            return FloatBuffer.wrap(copy, 0, (int) a.length()).slice();
        }
        FloatBuffer fb = d.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        fb.limit((int) d.length());
        return fb;
    }

    /**
     * A writable buffer over a freshly created, dense array (for filling results in place). The
     * caller must keep {@code fresh} reachable while it writes (it usually returns it afterwards).
     */
    public static FloatBuffer writable(INDArray fresh) {
        if (fresh.offset() != 0 || fresh.data().length() != fresh.length() || fresh.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("writable(...) needs a dense float32 array without offset");
        }
        return fresh.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A new rank-1 float32 array holding {@code values}. */
    public static INDArray of(float[] values) {
        return Nd4j.createFromArray(values.clone());
    }

    /** The elements of {@code a} in C order as a new Java array. */
    public static float[] toArray(INDArray a) {
        FloatBuffer fb = floats(a);
        float[] out = new float[fb.limit()];
        fb.get(0, out);
        Reference.reachabilityFence(a); // fb may read a's off-heap memory
        return out;
    }

    /** Euclidean norm {@code sqrt(sum a_i^2)}, accumulated in double. */
    public static double norm(INDArray a) {
        return Math.sqrt(dot(a, a));
    }

    /** Dot product {@code sum a_i b_i}, accumulated in double; lengths must agree. */
    public static double dot(INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("lengths differ: " + a.length() + " and " + b.length());
        }
        FloatBuffer x = floats(a);
        FloatBuffer y = a == b ? x : floats(b);
        int n = x.limit();
        float[][] scratch = SCRATCH.get();
        float[] bx = scratch[0];
        float[] by = a == b ? bx : scratch[1];
        double s = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            x.get(start, bx, 0, len);
            if (a != b) {
                y.get(start, by, 0, len);
            }
            double part = 0;
            for (int i = 0; i < len; i++) {
                part += (double) bx[i] * by[i];
            }
            s += part;
        }
        Reference.reachabilityFence(a); // x and y may read their off-heap memory
        Reference.reachabilityFence(b);
        return s;
    }

    /**
     * Whether every element is finite (no NaN, no infinity), as float32 values: the elements of
     * {@link #dense}{@code (a)} (which is {@code a} itself when it is dense float32, a copy
     * otherwise) read as raw bits, a block at a time ({@link #allFiniteBits}).
     */
    public static boolean isFinite(INDArray a) {
        INDArray d = dense(a);
        if (d.isEmpty()) {
            return true;
        }
        IntBuffer bits = d.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
        int n = (int) d.length();
        int[] chunk = BITS.get();
        boolean finite = true;
        for (int start = 0; start < n && finite; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            bits.get(start, chunk, 0, len);
            finite = allFiniteBits(chunk, len);
        }
        Reference.reachabilityFence(d); // bits reads d's off-heap memory
        return finite;
    }

    /**
     * Whether the float32 values whose raw bits are {@code bits[0..len)} are all finite. A float is
     * NaN or infinite exactly when its eight exponent bits are all ones; adding {@code 0x00800000}
     * to the exponent field then carries into the sign bit, and to no other exponent. So the
     * sign bit of the OR of {@code (bits & 0x7F800000) + 0x00800000} answers for the block: an
     * integer OR-reduction that the JIT vectorises (about twice as fast here as summing
     * {@code x - x} in float, which is NaN exactly for NaN or infinity), with the same answer for every value.
     */
    static boolean allFiniteBits(int[] bits, int len) {
        int acc = 0;
        for (int i = 0; i < len; i++) {
            acc |= (bits[i] & 0x7F800000) + 0x00800000;
        }
        return acc >= 0;
    }

    /** {@code a - b} as a new rank-1 float32 array (lengths must agree); neither input is modified. */
    public static INDArray subtract(INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("lengths differ: " + a.length() + " and " + b.length());
        }
        float[] x = toArray(a);
        float[] y = toArray(b);
        for (int i = 0; i < x.length; i++) {
            x[i] -= y[i];
        }
        return Nd4j.createFromArray(x);
    }

    /**
     * {@code a - b} written into {@code a} when {@code a} is a dense float32 array without offset
     * (as {@code Model.train} returns: the caller owns it and nothing else refers to it), else a new
     * array as {@link #subtract}; {@code b} is not modified. One pass, no temporary array: a client
     * turns its trained parameters into its delta without leaving a second array behind for the
     * garbage collector (ND4J frees native memory only once an array is collected).
     */
    public static INDArray subtractInPlace(INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("lengths differ: " + a.length() + " and " + b.length());
        }
        if (a.dataType() != DataType.FLOAT || a.offset() != 0 || a.data().length() != a.length() || a == b
                || a.isView() || a.isEmpty()) {
            return subtract(a, b);
        }
        FloatBuffer x = writable(a);
        FloatBuffer y = floats(b);
        int n = (int) a.length();
        float[][] scratch = SCRATCH.get();
        float[] bx = scratch[0];
        float[] by = scratch[1];
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            x.get(start, bx, 0, len);
            y.get(start, by, 0, len);
            for (int i = 0; i < len; i++) {
                bx[i] -= by[i];
            }
            x.put(start, bx, 0, len);
        }
        Reference.reachabilityFence(a); // x and y read and write off-heap memory
        Reference.reachabilityFence(b);
        return a;
    }

    /** Elements copied per step: 16 Ki floats (64 KiB) stay in the L2 cache. */
    static final int CHUNK = 1 << 14;

    /**
     * Two chunks per thread for the loops above, which call nothing that uses them: every client
     * screens and subtracts an update, and fresh chunks were 192 KiB of garbage per client (2 GB
     * per round at 10,000 clients), collections that made G1 grow the heap.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[CHUNK], new float[CHUNK]});

    /**
     * Records, for this thread, that {@code a} has just been written by the caller, which saw every
     * value it wrote finite: so the simulation's screen, on the
     * same thread right after, need not read {@code a} again ({@link #takeFiniteNote}). Only the
     * last array noted is kept, weakly.
     */
    public static void noteFinite(INDArray a) {
        FINITE_NOTE.set(new java.lang.ref.WeakReference<>(a));
    }

    /**
     * Whether {@code a} is the last array {@link #noteFinite noted} finite on this thread; the note
     * is cleared either way. Trust it only where nothing can have written {@code a} since it was
     * noted (the simulation does for an honest client of the library's dense models).
     */
    public static boolean takeFiniteNote(INDArray a) {
        java.lang.ref.WeakReference<INDArray> r = FINITE_NOTE.get();
        if (r == null) {
            return false;
        }
        FINITE_NOTE.remove();
        return a != null && r.get() == a;
    }

    private static final ThreadLocal<java.lang.ref.WeakReference<INDArray>> FINITE_NOTE = new ThreadLocal<>();

    /** One block of raw bits per thread for {@link #isFinite}. */
    private static final ThreadLocal<int[]> BITS = ThreadLocal.withInitial(() -> new int[CHUNK]);
}
