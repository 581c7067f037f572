package org.fedpoison.model;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Evaluation;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.NativeThreads;
import org.fedpoison.util.Shuffle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared engine of {@link SoftmaxRegression} (no hidden layer) and {@link Mlp} (one hidden
 * ReLU layer): forward pass, mean cross-entropy, backpropagation and minibatch SGD on one flat
 * float32 parameter vector.
 *
 * <p>Layout of the flat vector (C order): with a hidden layer of width {@code h},
 * {@code [W1 (d x h), b1 (h), W2 (h x c), b2 (c)]}; without, {@code [W (d x c), b (c)]}.
 *
 * <p>Speed. The matrix products go to {@code cblas_sgemm} of the OpenBLAS that ND4J itself loads
 * (through its JavaCPP binding), on ND4J buffers allocated once per thread and shape
 * ({@link Workspace}). Measured here at a 32x784x100 product: {@code Nd4j.gemm(a, b, c, ...)}
 * spends about 20 microseconds per call in op dispatch before the 65 microseconds of arithmetic,
 * the direct call about 0.1 microseconds; with five products per minibatch and 1,875 minibatches
 * per federated round that dispatch alone would be 0.19 s per round. The weight updates are fused
 * into the products ({@code W <- W - lr * X^T dZ} as one {@code sgemm} with {@code beta = 1}),
 * so no gradient matrix is materialised. Bias addition, ReLU and the row softmax are plain Java
 * loops over on-heap copies of the (small) activation blocks: for a 32x100 block an ND4J op costs
 * more in dispatch than the loop costs in total. Everything in one call runs on the calling thread,
 * so results do not depend on how many threads a simulation uses.
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

    final int d;
    final int h;
    final int c;
    final int numParams;
    /** Offsets in the flat vector: first weights, first bias, second weights, second bias. */
    final int oW1;
    final int oB1;
    final int oW2;
    final int oB2;

    DenseClassifier(int inputDim, int hidden, int classes) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("inputDim is " + inputDim + ", must be >= 1");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes is " + classes + ", must be >= 2");
        }
        this.d = inputDim;
        this.h = hidden;
        this.c = classes;
        long n = hidden > 0
                ? (long) inputDim * hidden + hidden + (long) hidden * classes + classes
                : (long) inputDim * classes + classes;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model has " + n + " parameters, at most " + (Integer.MAX_VALUE - 8)
                    + " are supported");
        }
        this.numParams = (int) n;
        if (hidden > 0) {
            oW1 = 0;
            oB1 = inputDim * hidden;
            oW2 = oB1 + hidden;
            oB2 = oW2 + hidden * classes;
        } else {
            oW1 = -1;
            oB1 = -1;
            oW2 = 0;
            oB2 = inputDim * classes;
        }
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

    /** Fills {@code w[from, from + fanIn * fanOut)} uniformly in {@code [-limit, limit]}. */
    static void uniform(float[] w, int from, int count, double limit, SplittableRandom rng) {
        for (int i = 0; i < count; i++) {
            w[from + i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
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
        checkParams(params);
        checkData(data);
        Workspace w = workspace();
        load(w, params);
        int n = data.size();
        if (n > 0) {
            int batch = Math.min(config.batchSize(), n);
            w.ensureExamples(batch);
            w.ensureRows(batch);
            INDArray features = data.features();
            FloatBuffer src = FlatVectors.floats(features);
            int[] order = Shuffle.identity(n);
            SplittableRandom rng = new SplittableRandom(seed);
            float lr = (float) config.learningRate();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                Shuffle.inPlace(order, rng);
                for (int r0 = 0; r0 < n; r0 += batch) {
                    int rows = Math.min(batch, n - r0);
                    // gather the minibatch's rows (off-heap to off-heap bulk copies) into one small
                    // buffer that stays in the L2 cache, instead of copying the whole epoch first:
                    // the examples are not written back to memory a second time, and the buffer
                    // does not grow with the local dataset (on the shared test machine the two
                    // variants measured within noise of each other)
                    for (int i = 0; i < rows; i++) {
                        int src0 = order[r0 + i];
                        w.xsBuf.put(i * d, src, src0 * d, d);
                        w.ys[i] = data.label(src0);
                    }
                    if (h > 0) {
                        stepMlp(w, 0, rows, lr);
                    } else {
                        stepLinear(w, 0, rows, lr);
                    }
                }
            }
            // src reads the features' off-heap memory: without this fence the JIT may let the array
            // (and a dataset made for this call) die mid-loop, and ND4J's deallocator would free it
            Reference.reachabilityFence(features);
        }
        if (h > 0) {
            w.paramsBuf.put(oB1, w.b1, 0, h);
        }
        w.paramsBuf.put(oB2, w.b2, 0, c);
        INDArray result = Nd4j.create(DataType.FLOAT, numParams);
        FlatVectors.writable(result).put(0, w.paramsBuf, 0, numParams);
        return result;
    }

    /** One SGD step of the MLP on shuffled rows {@code [r0, r0 + m)}. */
    private void stepMlp(Workspace w, int r0, int m, float lr) {
        FloatPointer x = w.xsPtr.position((long) r0 * d);
        FloatPointer p = w.paramsPtr;
        // H = relu(X W1 + b1)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, h, d, 1f, x, d, p.position(oW1), h, 0f, w.hidPtr, h);
        float[] hid = w.hidArr;
        w.hidBuf.get(0, hid, 0, m * h);
        float[] b1 = w.b1;
        for (int i = 0; i < m; i++) {
            int row = i * h;
            for (int j = 0; j < h; j++) {
                float v = hid[row + j] + b1[j];
                hid[row + j] = v > 0f ? v : 0f;
            }
        }
        w.hidBuf.put(0, hid, 0, m * h);
        // Z = H W2 + b2, then dZ = (softmax(Z) - onehot(y)) / m, in place
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, h, 1f, w.hidPtr, h, p.position(oW2), c, 0f, w.outPtr, c);
        softmaxGradient(w, r0, m);
        // dH = (dZ W2^T) * [H > 0], computed before W2 moves
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, h, c, 1f, w.outPtr, c, p.position(oW2), c, 0f, w.dHidPtr, h);
        float[] dh = w.dHidArr;
        w.dHidBuf.get(0, dh, 0, m * h);
        float[] g1 = w.g1;
        java.util.Arrays.fill(g1, 0f);
        for (int i = 0; i < m; i++) {
            int row = i * h;
            for (int j = 0; j < h; j++) {
                float g = hid[row + j] > 0f ? dh[row + j] : 0f;
                dh[row + j] = g;
                g1[j] += g;
            }
        }
        w.dHidBuf.put(0, dh, 0, m * h);
        // W2 <- W2 - lr H^T dZ ;  W1 <- W1 - lr X^T dH  (fused: beta = 1)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, h, c, m, -lr, w.hidPtr, h, w.outPtr, c, 1f, p.position(oW2), c);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d, h, m, -lr, x, d, w.dHidPtr, h, 1f, p.position(oW1), h);
        p.position(0);
        for (int j = 0; j < h; j++) {
            b1[j] -= lr * g1[j];
        }
        float[] b2 = w.b2;
        float[] g2 = w.g2;
        for (int k = 0; k < c; k++) {
            b2[k] -= lr * g2[k];
        }
    }

    /** One SGD step of softmax regression on shuffled rows {@code [r0, r0 + m)}. */
    private void stepLinear(Workspace w, int r0, int m, float lr) {
        FloatPointer x = w.xsPtr.position((long) r0 * d);
        FloatPointer p = w.paramsPtr;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, d, 1f, x, d, p.position(oW2), c, 0f, w.outPtr, c);
        softmaxGradient(w, r0, m);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d, c, m, -lr, x, d, w.outPtr, c, 1f, p.position(oW2), c);
        p.position(0);
        float[] b2 = w.b2;
        float[] g2 = w.g2;
        for (int k = 0; k < c; k++) {
            b2[k] -= lr * g2[k];
        }
    }

    /**
     * Reads the logits block (without bias), adds {@code b2}, and overwrites it with the gradient of
     * the mean cross-entropy {@code (softmax(z) - onehot(y)) / m}; sums its columns into {@code g2}.
     */
    private void softmaxGradient(Workspace w, int r0, int m) {
        float[] z = w.outArr;
        w.outBuf.get(0, z, 0, m * c);
        float[] b2 = w.b2;
        float[] g2 = w.g2;
        java.util.Arrays.fill(g2, 0f);
        float invM = 1f / m;
        for (int i = 0; i < m; i++) {
            int row = i * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                float v = z[row + k] + b2[k];
                z[row + k] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                float e = (float) Math.exp(z[row + k] - max);
                z[row + k] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            int y = w.ys[r0 + i];
            for (int k = 0; k < c; k++) {
                float g = (z[row + k] * inv - (k == y ? 1f : 0f)) * invM;
                z[row + k] = g;
                g2[k] += g;
            }
        }
        w.outBuf.put(0, z, 0, m * c);
    }

    /**
     * Computes the logits of rows {@code [r0, r0 + m)} of {@code x} (dense, {@code [n, d]}) into
     * {@code w.outArr} (bias included), with the parameters already loaded into {@code w}.
     */
    private void forwardBlock(Workspace w, FloatPointer x, int r0, int m) {
        FloatPointer p = w.paramsPtr;
        x.position((long) r0 * d);
        if (h > 0) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, h, d, 1f, x, d, p.position(oW1), h, 0f, w.hidPtr, h);
            float[] hid = w.hidArr;
            w.hidBuf.get(0, hid, 0, m * h);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < h; j++) {
                    float v = hid[i * h + j] + w.b1[j];
                    hid[i * h + j] = v > 0f ? v : 0f;
                }
            }
            w.hidBuf.put(0, hid, 0, m * h);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, h, 1f, w.hidPtr, h, p.position(oW2), c, 0f, w.outPtr, c);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, d, 1f, x, d, p.position(oW2), c, 0f, w.outPtr, c);
        }
        p.position(0);
        float[] z = w.outArr;
        w.outBuf.get(0, z, 0, m * c);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < c; k++) {
                z[i * c + k] += w.b2[k];
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
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, z[off + k]);
                }
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    sum += Math.exp(z[off + k] - max);
                }
                loss[0] += max + Math.log(sum) - z[off + y];
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
