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
 * every call on that thread (nothing is allocated per minibatch). Each buffer is an ND4J array,
 * so the products run on ND4J's OpenBLAS through a raw pointer and the per-element work goes
 * through an NIO view; the array field keeps the memory alive as long as the workspace.
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
    final float[] biasScratch;
    final double[] sumScratch;
    int capacity;
    Buf x;
    Buf dx;
    int[] ys = new int[0];
    Buf[] col;
    Buf[] z;
    Buf[] dz;
    Buf[] dcol;
    Buf[] pool;
    Buf[] dpool;
    int[][] arg;
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
        this.biasScratch = new float[widest];
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
        x = new Buf((long) m * n.inputDim());
        dx = new Buf((long) m * n.inputDim());
        ys = new int[m];
        col = new Buf[layers];
        z = new Buf[layers];
        dz = new Buf[layers];
        dcol = new Buf[layers];
        pool = new Buf[layers];
        dpool = new Buf[layers];
        arg = new int[layers][];
        for (int l = 0; l < layers; l++) {
            long rows = (long) m * n.outH[l] * n.outW[l];
            col[l] = new Buf(rows * n.colK[l]);
            dcol[l] = new Buf(rows * n.colK[l]);
            z[l] = new Buf(rows * n.convFilters[l]);
            dz[l] = new Buf(rows * n.convFilters[l]);
            long pooled = (long) m * n.poolH[l] * n.poolW[l] * n.convFilters[l];
            pool[l] = new Buf(pooled);
            dpool[l] = new Buf(pooled);
            arg[l] = new int[(int) pooled];
        }
        int dense = n.denseOut.length;
        act = new Buf[dense];
        dact = new Buf[dense];
        for (int j = 0; j < dense; j++) {
            act[j] = new Buf((long) m * n.denseOut[j]);
            dact[j] = new Buf((long) m * n.denseOut[j]);
        }
        capacity = m;
    }
}
