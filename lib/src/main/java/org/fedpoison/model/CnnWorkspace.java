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
 * The buffers of one thread for one {@link Cnn} architecture: every activation, im2col matrix,
 * gradient and the parameters being trained, allocated once per thread and capacity and reused by
 * every call on that thread (nothing is allocated per minibatch). The operands of the products are
 * ND4J arrays, so they run on ND4J's OpenBLAS through a raw pointer; the per-element work runs on
 * Java arrays beside them, copied in bulk through an NIO view (measured here, element-wise loops
 * over direct buffers made im2col the slowest step of a round). The array field of a {@link Buf}
 * keeps its memory alive as long as the workspace.
 */
final class CnnWorkspace {
    private static final ThreadLocal<Map<String, CnnWorkspace>> BY_ARCH = ThreadLocal.withInitial(HashMap::new);

    /** One off-heap float buffer: the array (owner), a pointer for BLAS and an NIO view. */
    static final class Buf {
        final INDArray array;
        final FloatPointer ptr;
        final FloatBuffer nio;

        Buf(long n) {
            array = Nd4j.create(DataType.FLOAT, Math.max(1, n));
            ptr = new FloatPointer(array.data().addressPointer());
            nio = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    final Cnn net;
    final Buf params;
    final Buf grad;
    final float[] bias;
    final float[] biasGrad;
    final double[] sumScratch;
    int capacity;
    int[] ys = new int[0];
    /**
     * Per convolution: padded input, im2col (heap and off-heap), pre-activation map, their gradients.
     * Layer 0 (one input channel) keeps its im2col transposed, {@code [k*k + 1, rows]}; the other
     * layers keep it as {@code [rows, k*k*C + 1]}; every map is channels-last {@code [rows, F]}. The extra row or column of ones carries the bias through the
     * products (a layer's {@code b} follows its {@code W} in the flat parameters).
     */
    float[][] padIn;
    float[][] dPadIn;
    float[][] colH;
    float[][] dcolH;
    float[][] zH;
    float[][] dzH;
    int[][] arg;
    Buf[] col;
    Buf[] dcol;
    Buf[] z;
    Buf[] dz;
    /** The last pooled map, the dense layers' input, and its gradient. */
    float[] flatH;
    float[] dFlatH;
    Buf flat;
    Buf dFlat;
    /** Per dense layer: its output (after ReLU for hidden layers) and gradient. */
    float[][] actH;
    float[][] dactH;
    Buf[] act;
    Buf[] dact;

    private CnnWorkspace(Cnn net) {
        this.net = net;
        this.params = new Buf(net.numParams());
        this.grad = new Buf(net.numParams());
        int widest = 1;
        for (int f : net.convFilters) {
            widest = Math.max(widest, f);
        }
        for (int o : net.denseOut) {
            widest = Math.max(widest, o);
        }
        this.bias = new float[widest];
        this.biasGrad = new float[widest];
        this.sumScratch = new double[widest];
    }

    /** This thread's workspace for {@code net}'s architecture, with room for at least {@code rows} examples. */
    static CnnWorkspace of(Cnn net, int rows) {
        CnnWorkspace w = BY_ARCH.get().computeIfAbsent(net.name(), k -> new CnnWorkspace(net));
        w.ensure(rows);
        return w;
    }

    private void ensure(int m) {
        if (m <= capacity) {
            return;
        }
        Cnn n = net;
        int layers = n.convFilters.length;
        ys = new int[m];
        padIn = new float[layers][];
        dPadIn = new float[layers][];
        colH = new float[layers][];
        dcolH = new float[layers][];
        zH = new float[layers][];
        dzH = new float[layers][];
        arg = new int[layers][];
        col = new Buf[layers];
        dcol = new Buf[layers];
        z = new Buf[layers];
        dz = new Buf[layers];
        for (int l = 0; l < layers; l++) {
            int padded = m * n.padH[l] * n.padW[l] * n.inC[l];
            padIn[l] = new float[padded];
            dPadIn[l] = new float[padded];
            int rows = m * n.outH[l] * n.outW[l];
            colH[l] = new float[rows * (n.colK[l] + 1)];
            if (l > 0) {
                for (int r = 0; r < rows; r++) {
                    colH[l][r * (n.colK[l] + 1) + n.colK[l]] = 1f; // never written by im2col
                }
            }
            dcolH[l] = new float[rows * n.colK[l]];
            zH[l] = new float[rows * n.convFilters[l]];
            dzH[l] = new float[rows * n.convFilters[l]];
            arg[l] = new int[m * n.poolH[l] * n.poolW[l] * n.convFilters[l]];
            col[l] = new Buf((long) rows * (n.colK[l] + 1));
            dcol[l] = new Buf((long) rows * n.colK[l]);
            z[l] = new Buf((long) rows * n.convFilters[l]);
            dz[l] = new Buf((long) rows * n.convFilters[l]);
        }
        flatH = new float[m * n.denseIn[0]];
        dFlatH = new float[m * n.denseIn[0]];
        flat = new Buf((long) m * n.denseIn[0]);
        dFlat = new Buf((long) m * n.denseIn[0]);
        int dense = n.denseOut.length;
        actH = new float[dense][];
        dactH = new float[dense][];
        act = new Buf[dense];
        dact = new Buf[dense];
        for (int j = 0; j < dense; j++) {
            actH[j] = new float[m * n.denseOut[j]];
            dactH[j] = new float[m * n.denseOut[j]];
            act[j] = new Buf((long) m * n.denseOut[j]);
            dact[j] = new Buf((long) m * n.denseOut[j]);
        }
        capacity = m;
    }
}
