package org.fedpoison.model;

import static org.bytedeco.openblas.global.openblas.cblas_sasum;
import static org.bytedeco.openblas.global.openblas.cblas_saxpy;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Evaluation;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.NativeThreads;
import org.fedpoison.util.VectorPool;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@link SoftmaxRegression} (no hidden layer) and {@link Mlp} (one hidden ReLU layer) share:
 * the parameter layout ({@link DenseLayout}), the checks, loading the flat float32 parameters into
 * this thread's {@link Workspace}, minibatch SGD ({@link SgdLoop}), the loss
 * ({@link SoftmaxCrossEntropy}), and evaluation in blocks of rows. Each model class holds its own
 * forward pass and SGD step ({@link #forwardBlock}, {@link #step}).
 *
 * <p>Speed. The matrix products go to {@code cblas_sgemm} of the OpenBLAS that ND4J itself loads
 * (through its JavaCPP binding), on ND4J buffers allocated once per thread and shape
 * ({@link Workspace}), because at these sizes an ND4J op costs more in dispatch than in arithmetic
 * (the measurements are in the benchmark module's documentation, {@code org.fedpoison.bench}). The
 * weight updates are fused into the products ({@code W <- W - lr * X^T dZ} as one {@code sgemm}
 * with {@code beta = 1}), so no gradient matrix is materialised; bias addition, ReLU and the row
 * softmax are plain Java loops over on-heap copies of the (small) activation blocks. Everything in
 * one call runs on the calling thread, so results do not depend on how many threads a simulation
 * uses.
 *
 * <p>Memory. Raw pointers and NIO buffers into ND4J arrays do not keep those arrays alive, and ND4J
 * frees an unreachable array's memory on its own thread; every method keeps the arrays it reads
 * through such a pointer reachable ({@code Reference.reachabilityFence}) until its last native read.
 */
abstract class DenseClassifier implements Model {
    /** Rows per block when evaluating or computing logits. */
    private static final int EVAL_ROWS = 512;

    static {
        NativeThreads.pin(); // OpenBLAS on one thread whatever OMP_NUM_THREADS says
    }

    final DenseLayout layout;
    final int d;
    final int h;
    final int c;
    final int numParams;
    /** Offsets in the flat vector: first weights, first bias, second weights, second bias ({@link DenseLayout}). */
    final int oW1;
    final int oB1;
    final int oW2;
    final int oB2;

    DenseClassifier(int inputDim, int hidden, int classes) {
        this.layout = DenseLayout.of(inputDim, hidden, classes);
        this.d = layout.d();
        this.h = layout.h();
        this.c = layout.c();
        this.numParams = layout.numParams();
        this.oW1 = layout.oW1();
        this.oB1 = layout.oB1();
        this.oW2 = layout.oW2();
        this.oB2 = layout.oB2();
    }

    @Override
    public int numParams() {
        return numParams;
    }

    @Override
    public int inputDim() {
        return d;
    }

    @Override
    public int numClasses() {
        return c;
    }

    private Workspace workspace() {
        return Workspace.of(d, h, c, numParams);
    }

    private void checkParams(INDArray params) {
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        if (params.length() != numParams) {
            throw new IllegalArgumentException("params has " + params.length() + " entries, " + name()
                    + " needs " + numParams);
        }
    }

    private void checkData(Dataset data) {
        if (data.dim() != d) {
            throw new IllegalArgumentException("data has " + data.dim() + " features per example, " + name()
                    + " expects " + d);
        }
        if (data.numClasses() > c) {
            throw new IllegalArgumentException("data has " + data.numClasses() + " classes, " + name()
                    + " predicts " + c);
        }
    }

    /** Copies {@code params} into the workspace: weights off-heap, biases on-heap. */
    private void load(Workspace w, INDArray params) {
        FloatBuffer src = FlatVectors.floats(params);
        w.paramsBuf.put(0, src, 0, numParams);
        Reference.reachabilityFence(params); // src may read params' off-heap memory
        if (h > 0) {
            w.paramsBuf.get(oB1, w.b1, 0, h);
        }
        w.paramsBuf.get(oB2, w.b2, 0, c);
    }

    @Override
    public INDArray train(INDArray params, Dataset data, TrainConfig config, long seed) {
        Workspace w = trainInWorkspace(params, data, config, seed);
        // uninitialised: every element is written next, so zero-filling it first was one more pass
        // over the client's 80k parameters; inside a simulation, recycled from an earlier round
        INDArray result = VectorPool.take(numParams);
        FlatVectors.writable(result).put(0, w.paramsBuf, 0, numParams);
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here without a copy of the trained parameters: the training runs in the result's own
     * memory (the parameters are loaded there instead of into this thread's workspace, and the
     * same products update them), and {@code params} is then subtracted in place by OpenBLAS
     * {@code saxpy} with {@code alpha = -1} ({@code y + (-1) x}:
     * the product is exact, so each element is the one rounding of {@code trained - params}, with
     * or without a fused multiply-add: the same bits as {@code train(...)} minus {@code params}).
     *
     * <p>It also screens what it wrote for the simulation ({@link FlatVectors#noteFinite}): the sum
     * of the magnitudes ({@code sasum}) is finite only when every value is (a NaN or an infinity
     * makes any sum of magnitudes non-finite), so a finite sum notes the delta finite and the
     * simulation's screen need not read it again; a sum that overflows notes nothing, and the
     * screen reads the values itself.
     */
    @Override
    public INDArray trainDelta(INDArray params, Dataset data, TrainConfig config, long seed) {
        // uninitialised (the load writes every element); inside a simulation, recycled
        INDArray result = VectorPool.take(numParams);
        Workspace w = workspace();
        w.trainIn(result);
        try {
            trainInWorkspace(params, data, config, seed);
        } finally {
            w.trainInOwn();
        }
        INDArray start = FlatVectors.dense(params);
        FloatPointer out = new FloatPointer(result.data().addressPointer());
        cblas_saxpy(numParams, -1f, new FloatPointer(start.data().addressPointer()), 1, out, 1);
        float magnitudes = cblas_sasum(numParams, out, 1);
        Reference.reachabilityFence(start); // native code read its memory
        Reference.reachabilityFence(params);
        Reference.reachabilityFence(result); // and wrote this one's
        if (magnitudes <= Float.MAX_VALUE) {
            FlatVectors.noteFinite(result);
        }
        return result;
    }

    /**
     * Loads {@code params} into this thread's workspace, runs minibatch SGD there and returns the
     * workspace, whose {@code paramsBuf} then holds the trained parameters (biases included).
     */
    private Workspace trainInWorkspace(INDArray params, Dataset data, TrainConfig config, long seed) {
        checkParams(params);
        checkData(data);
        Workspace w = workspace();
        load(w, params);
        int n = data.size();
        if (n > 0) {
            int batch = SgdLoop.batchSize(config, n);
            w.ensureExamples(batch);
            w.ensureRows(batch);
            INDArray features = data.features();
            FloatBuffer src = FlatVectors.floats(features);
            SgdLoop.run(n, config, seed, new SgdLoop.Minibatch() {
                // each minibatch's rows are gathered (off-heap to off-heap bulk copies) into one small
                // buffer that stays in the L2 cache, instead of copying the whole epoch first: the
                // examples are not written back to memory a second time, and the buffer does not
                // grow with the local dataset
                @Override
                public void gather(int slot, int example) {
                    w.xsBuf.put(slot * d, src, example * d, d);
                    w.ys[slot] = data.label(example);
                }

                @Override
                public void step(int rows, float learningRate) {
                    DenseClassifier.this.step(w, rows, learningRate);
                }
            });
            // src reads the features' off-heap memory: without this fence the JIT may let the array
            // (and a dataset made for this call) die mid-loop, and ND4J's deallocator would free it
            Reference.reachabilityFence(features);
        }
        if (h > 0) {
            w.paramsBuf.put(oB1, w.b1, 0, h);
        }
        w.paramsBuf.put(oB2, w.b2, 0, c);
        return w;
    }

    /**
     * One SGD step on the {@code m} examples gathered in {@code w.xs}/{@code w.ys} (rows
     * {@code [0, m)}), with the weights in {@code w.params} and the biases in {@code w.b1}/{@code w.b2}
     * updated in place.
     */
    abstract void step(Workspace w, int m, float lr);

    /**
     * Reads the logits block {@code [m, c]} (without bias) from {@code w.out}, adds {@code b2}, and
     * writes back the gradient of the mean cross-entropy, with its column sums in {@code w.g2}.
     */
    static void softmaxGradient(Workspace w, int m) {
        float[] z = w.outArr;
        w.outBuf.get(0, z, 0, m * w.c);
        SoftmaxCrossEntropy.meanGradient(z, m, w.c, w.b2, w.ys, 0, w.g2);
        w.outBuf.put(0, z, 0, m * w.c);
    }

    /** {@code b <- b - lr * g}. */
    static void descend(float[] b, float[] g, float lr) {
        for (int k = 0; k < b.length; k++) {
            b[k] -= lr * g[k];
        }
    }

    /**
     * Computes the logits of rows {@code [r0, r0 + m)} of {@code x} (dense, {@code [n, d]}) into
     * {@code w.outArr} (bias included), with the parameters already loaded into {@code w}.
     */
    abstract void forwardBlock(Workspace w, FloatPointer x, int r0, int m);

    /** Reads the logits block {@code [m, c]} from {@code w.out} into {@code w.outArr} and adds {@code b2}. */
    static void readLogits(Workspace w, int m) {
        float[] z = w.outArr;
        w.outBuf.get(0, z, 0, m * w.c);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < w.c; k++) {
                z[i * w.c + k] += w.b2[k];
            }
        }
    }

    /** Runs {@code visitor} on each block of logits of {@code features}. */
    private void forEachBlock(INDArray params, INDArray features, BlockVisitor visitor) {
        checkParams(params);
        if (features.rank() != 2 || features.columns() != d) {
            throw new IllegalArgumentException("features must be [n, " + d + "], got "
                    + java.util.Arrays.toString(features.shape()));
        }
        int n = (int) features.rows();
        if (n == 0) {
            return;
        }
        Workspace w = workspace();
        load(w, params);
        w.ensureRows(Math.min(EVAL_ROWS, n));
        INDArray dense = FlatVectors.dense(features);
        FloatPointer x = new FloatPointer(dense.data().addressPointer());
        for (int r0 = 0; r0 < n; r0 += EVAL_ROWS) {
            int m = Math.min(EVAL_ROWS, n - r0);
            forwardBlock(w, x, r0, m);
            visitor.visit(r0, m, w.outArr);
        }
        // x points into dense (features or its copy): keep both alive until the last product
        Reference.reachabilityFence(dense);
        Reference.reachabilityFence(features);
    }

    private interface BlockVisitor {
        void visit(int r0, int m, float[] logits);
    }

    @Override
    public INDArray logits(INDArray params, INDArray features) {
        int n = (int) features.rows();
        INDArray out = Nd4j.create(DataType.FLOAT, n, c);
        if (n == 0) {
            return out;
        }
        FloatBuffer ob = FlatVectors.writable(out);
        forEachBlock(params, features, (r0, m, z) -> ob.put(r0 * c, z, 0, m * c));
        return out;
    }

    @Override
    public int[] predict(INDArray params, INDArray features) {
        int[] pred = new int[(int) features.rows()];
        forEachBlock(params, features, (r0, m, z) -> {
            for (int i = 0; i < m; i++) {
                pred[r0 + i] = argmax(z, i * c, c);
            }
        });
        return pred;
    }

    /** Index of the largest of {@code z[off .. off + len)}; ties go to the lowest index. */
    static int argmax(float[] z, int off, int len) {
        int best = 0;
        for (int k = 1; k < len; k++) {
            if (z[off + k] > z[off + best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public Evaluation evaluate(INDArray params, Dataset data) {
        checkData(data);
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("data has 0 examples, evaluate needs at least 1 (accuracy and loss of an"
                    + " empty set are undefined)");
        }
        int[] correct = new int[c];
        int[] total = new int[c];
        double[] loss = {0};
        forEachBlock(params, data.features(), (r0, m, z) -> {
            for (int i = 0; i < m; i++) {
                int off = i * c;
                int y = data.label(r0 + i);
                loss[0] += SoftmaxCrossEntropy.rowLoss(z, off, c, y);
                total[y]++;
                if (argmax(z, off, c) == y) {
                    correct[y]++;
                }
            }
        });
        int right = 0;
        double[] perClass = new double[c];
        for (int k = 0; k < c; k++) {
            right += correct[k];
            perClass[k] = total[k] == 0 ? Double.NaN : (double) correct[k] / total[k];
        }
        return new Evaluation((double) right / n, loss[0] / n, perClass);
    }

    @Override
    public String toString() {
        return name();
    }
}
