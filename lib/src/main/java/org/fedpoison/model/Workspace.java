package org.fedpoison.model;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Buffers of one thread for one network shape, allocated once and reused by every training and
 * evaluation call on that thread (no allocation per batch or per operation). Off-heap buffers are
 * ND4J arrays, so the matrix products run on ND4J's OpenBLAS; small per-element work uses the Java
 * arrays beside them.
 */
final class Workspace {
    private static final ThreadLocal<Map<String, Workspace>> BY_SHAPE = ThreadLocal.withInitial(HashMap::new);

    final int d;
    final int h;
    final int c;
    final int numParams;

    /** The workspace's own buffer for the parameters being trained, flat, in the model's layout. */
    final INDArray params;
    /**
     * Where the parameters being trained are: {@link #params} unless {@link #trainIn} points them
     * at another array.
     */
    FloatPointer paramsPtr;
    FloatBuffer paramsBuf;
    private final FloatPointer ownPtr;
    private final FloatBuffer ownBuf;

    /** The current minibatch's examples, gathered in shuffled order, {@code [capacity, d]}. */
    INDArray xs;
    FloatPointer xsPtr;
    FloatBuffer xsBuf;
    int[] ys = new int[0];
    int capacity;

    /** Per-batch activations: hidden {@code [rows, h]}, its gradient, and logits {@code [rows, c]}. */
    INDArray hid;
    INDArray dHid;
    INDArray out;
    FloatPointer hidPtr;
    FloatPointer dHidPtr;
    FloatPointer outPtr;
    FloatBuffer hidBuf;
    FloatBuffer dHidBuf;
    FloatBuffer outBuf;
    float[] hidArr = new float[0];
    float[] dHidArr = new float[0];
    float[] outArr = new float[0];
    int rows;

    /** Biases and their gradients, kept on-heap during training. */
    final float[] b1;
    final float[] b2;
    final float[] g1;
    final float[] g2;

    private Workspace(int d, int h, int c, int numParams) {
        this.d = d;
        this.h = h;
        this.c = c;
        this.numParams = numParams;
        this.params = Nd4j.create(DataType.FLOAT, numParams);
        this.ownPtr = new FloatPointer(params.data().addressPointer());
        this.ownBuf = nio(params);
        this.paramsPtr = ownPtr;
        this.paramsBuf = ownBuf;
        this.b1 = new float[h];
        this.b2 = new float[c];
        this.g1 = new float[h];
        this.g2 = new float[c];
    }

    /** This thread's workspace for the shape {@code d-h-c} ({@code h = 0}: no hidden layer). */
    static Workspace of(int d, int h, int c, int numParams) {
        String key = d + "-" + h + "-" + c;
        return BY_SHAPE.get().computeIfAbsent(key, k -> new Workspace(d, h, c, numParams));
    }

    /**
     * Trains in {@code target}'s memory (dense float32 of {@code numParams} values, kept reachable
     * by the caller) instead of the workspace's own, until {@link #trainInOwn}: a result array that
     * is trained in place needs no copy of the trained parameters.
     */
    void trainIn(INDArray target) {
        paramsPtr = new FloatPointer(target.data().addressPointer());
        paramsBuf = nio(target);
    }

    /** Trains in the workspace's own buffer again. */
    void trainInOwn() {
        paramsPtr = ownPtr;
        paramsBuf = ownBuf;
    }

    /** Makes room for a minibatch of {@code n} examples. */
    void ensureExamples(int n) {
        if (n > capacity) {
            int cap = Math.max(n, 64);
            xs = Nd4j.create(DataType.FLOAT, cap, d);
            xsPtr = new FloatPointer(xs.data().addressPointer());
            xsBuf = nio(xs);
            ys = new int[cap];
            capacity = cap;
        }
    }

    /** Makes room for {@code r} rows of activations. */
    void ensureRows(int r) {
        if (r > rows) {
            if (h > 0) {
                hid = Nd4j.create(DataType.FLOAT, r, h);
                dHid = Nd4j.create(DataType.FLOAT, r, h);
                hidPtr = new FloatPointer(hid.data().addressPointer());
                dHidPtr = new FloatPointer(dHid.data().addressPointer());
                hidBuf = nio(hid);
                dHidBuf = nio(dHid);
                hidArr = new float[r * h];
                dHidArr = new float[r * h];
            }
            out = Nd4j.create(DataType.FLOAT, r, c);
            outPtr = new FloatPointer(out.data().addressPointer());
            outBuf = nio(out);
            outArr = new float[r * c];
            rows = r;
        }
    }

    private static FloatBuffer nio(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
