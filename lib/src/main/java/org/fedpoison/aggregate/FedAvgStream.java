package org.fedpoison.aggregate;

import static org.bytedeco.openblas.global.openblas.cblas_saxpy;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.FloatPointer;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FedAvg}'s weighted sum accumulated while the updates arrive, instead of after all of them
 * are held: {@code k} slots, one per update in canonical order (client id), each {@linkplain #offer
 * offered} once, from any thread, in any order. An offered delta is added to the float32
 * accumulator as soon as every slot before it has been added, by the thread that offers it or by
 * the one that holds the accumulator then, so each update is read while it is still in the cache
 * of the core that made it (or of its neighbour), not once more from memory after the round.
 *
 * <p>The same bits as {@link FedAvg#aggregate} on the same updates: the same weights
 * ({@code FedAvg.weights}, then float32), the same {@code saxpy} calls on the same blocks of
 * {@link FedAvg#BLOCK} coordinates, every coordinate adding the updates in slot order — only the
 * order of the blocks across updates differs, which no coordinate sees. The stream is for the
 * round where every update is accepted with the example count it was set up with; anything else
 * (a delta not dense float32 of the right length, a dropped update) {@linkplain #abandon abandons}
 * it, and the caller aggregates the held updates as before.
 *
 * <p>Used by the simulation for plain FedAvg rounds of honest clients. Thread-safe.
 */
public final class FedAvgStream {
    private final int d;
    private final float[] w;
    private final int k;
    private final AtomicReferenceArray<INDArray> waiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final INDArray acc;
    private final FloatPointer accPtr;
    /** The next slot to add; written under the lock only. */
    private volatile int next;
    private volatile boolean abandoned;
    private volatile long[] shape;

    private FedAvgStream(int d, float[] w) {
        this.d = d;
        this.w = w;
        this.k = w.length;
        this.waiting = new AtomicReferenceArray<>(k);
        this.acc = Nd4j.create(DataType.FLOAT, d); // zero-filled, as FedAvg's sum starts
        this.accPtr = new FloatPointer(acc.data().addressPointer());
    }

    /**
     * A stream for {@code rule} over {@code counts.length} updates reporting {@code counts} (slot
     * order = canonical order), each of {@code d} values; null when {@code rule} would reject them
     * (no update, sample weights summing to 0, {@code d < 1}).
     */
    public static FedAvgStream of(FedAvg rule, long[] counts, int d) {
        if (counts.length == 0 || d < 1) {
            return null;
        }
        double[] weights = rule.weights(counts);
        if (weights == null) {
            return null;
        }
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weights[i]; // as FedAvg.weightedSum
        }
        return new FedAvgStream(d, w);
    }

    /** The number of slots. */
    public int size() {
        return k;
    }

    /**
     * Offers the delta of slot {@code slot} (each slot once); the caller must not modify it
     * afterwards. A delta that {@link FedAvg#aggregate} would not read in place (not dense
     * float32 of {@code d} values) abandons the stream.
     */
    public void offer(int slot, INDArray delta) {
        if (abandoned) {
            return;
        }
        if (delta == null || delta.length() != d || FlatVectors.dense(delta) != delta) {
            abandon();
            return;
        }
        if (slot == 0) {
            shape = delta.shape().clone();
        }
        if (!waiting.compareAndSet(slot, null, delta)) {
            throw new IllegalStateException("slot " + slot + " offered twice");
        }
        drain();
    }

    /**
     * Adds the waiting deltas from {@code next} on, in slot order, while the lock is free: a thread
     * that finds it taken leaves its delta to the holder, who looks again after letting go (so no
     * offered delta is left behind).
     */
    private void drain() {
        while (!abandoned) {
            int n = next;
            if (n >= k || waiting.get(n) == null || !lock.tryLock()) {
                return;
            }
            try {
                int i = next;
                INDArray x;
                while (i < k && !abandoned && (x = waiting.get(i)) != null) {
                    add(i, x);
                    waiting.set(i, null); // the stream no longer refers to it
                    i++;
                    next = i;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void add(int slot, INDArray x) {
        FloatPointer in = new FloatPointer(x.data().addressPointer());
        float wi = w[slot];
        for (int from = 0; from < d; from += FedAvg.BLOCK) {
            int len = Math.min(FedAvg.BLOCK, d - from);
            cblas_saxpy(len, wi, new FloatPointer(in).position(from), 1, new FloatPointer(accPtr).position(from), 1);
        }
        java.lang.ref.Reference.reachabilityFence(x); // native code read its buffer
    }

    /** Gives up: {@link #result} will be null; the caller aggregates the held updates. */
    public void abandon() {
        abandoned = true;
    }

    /** Whether the stream was abandoned. */
    public boolean isAbandoned() {
        return abandoned;
    }

    /**
     * The aggregate, {@code FedAvg.aggregate} of the offered updates bit for bit, in the shape of
     * the first one; null when the stream was abandoned or a slot was not added (call it once
     * every offer has returned).
     */
    public INDArray result() {
        drain();
        if (abandoned || next != k) {
            return null;
        }
        java.lang.ref.Reference.reachabilityFence(acc);
        return acc.reshape(shape.clone());
    }
}
