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
    /**
     * Images per piece of a convolution after the first: its im2col is written and multiplied, and
     * its input gradient's {@code dcol} (heap and off-heap) holds, this many images at a time, a few
     * hundred kB for LeNet-5, so that each piece stays in the core's cache between its steps.
     */
    static final int CHUNK = 4;

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
     * Per convolution: padded input and its gradient; for the layers after the first, im2col
     * (off-heap, {@code [rows, k*k*C + 1]}, written there directly), pre-activation map (channels-last
     * {@code [rows, F]}), their gradients ({@code dcol} a piece of {@link #CHUNK} images, heap and
     * off-heap) and the pooling's argmax (null for layer 0, see {@link #z0}). The extra column
     * of ones carries the bias through the products (a layer's {@code b} follows its {@code W} in the
     * flat parameters).
     */
    float[][] padIn;
    float[][] dPadIn;
    float[][] dcolH;
    float[][] zH;
    float[][] dzH;
    int[][] arg;
    Buf[] col;
    Buf[] dcol;
    Buf[] z;
    Buf[] dz;
    /**
     * The first layer (one input channel), convolved directly ({@link ConvOps#convPlanar}): its
     * {@code [W; b]} copied from the parameters, five scratch rows, its wide-plane output for one image
     * ({@code F} planes of {@code n = (OH-1)*padW + OW}), the batch's wide-plane gradients
     * ({@code m*F} planes, zero past each row's end: only the pooling's windows are ever written),
     * the pooling's argmax codes, the weight gradient's lane arrays and the weight gradient.
     */
    float[] wb0;
    float[][] shift0;
    float[][] z0;
    float[][] dz0;
    byte[] arg0;
    float[][] acc0;
    float[] grad0;
    /** The pooled weight gradient's list of one image and filter ({@link ConvOps#convPlanarPooledWeightGrad}) and its sums. */
    int[] idx0;
    float[] gs0;
    double[] dacc0;
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
        dcolH = new float[layers][];
        zH = new float[layers][];
        dzH = new float[layers][];
        arg = new int[layers][];
        col = new Buf[layers];
        dcol = new Buf[layers];
        z = new Buf[layers];
        dz = new Buf[layers];
        int k0 = n.convs().get(0).kernel();
        int f0 = n.convFilters[0];
        int n0 = (n.outH[0] - 1) * n.padW[0] + n.outW[0];
        wb0 = new float[(k0 * k0 + 1) * f0];
        grad0 = new float[(k0 * k0 + 1) * f0];
        shift0 = new float[5][n0];
        z0 = new float[f0][n0];
        dz0 = new float[m * f0][n0];
        arg0 = new byte[m * n.poolH[0] * n.poolW[0] * f0];
        acc0 = new float[f0 * (k0 * k0 + 1)][n0];
        idx0 = new int[n.poolH[0] * n.poolW[0]];
        gs0 = new float[n.poolH[0] * n.poolW[0]];
        dacc0 = new double[(k0 * k0 + 1) * f0];
        for (int l = 0; l < layers; l++) {
            int padded = m * n.padH[l] * n.padW[l] * n.inC[l];
            padIn[l] = new float[padded];
            dPadIn[l] = new float[padded];
            if (l == 0) {
                continue; // convolved directly, without im2col or products
            }
            int rows = m * n.outH[l] * n.outW[l];
            int pieceRows = Math.min(m, CHUNK) * n.outH[l] * n.outW[l];
            dcolH[l] = new float[pieceRows * n.colK[l]];
            zH[l] = new float[rows * n.convFilters[l]];
            dzH[l] = new float[rows * n.convFilters[l]];
            arg[l] = new int[m * n.poolH[l] * n.poolW[l] * n.convFilters[l]];
            col[l] = new Buf((long) rows * (n.colK[l] + 1));
            for (int r = 0; r < rows; r++) {
                col[l].nio.put(r * (n.colK[l] + 1) + n.colK[l], 1f); // never written by im2col
            }
            dcol[l] = new Buf((long) pieceRows * n.colK[l]);
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
