package org.fedpoison.model;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A multilayer perceptron with one hidden ReLU layer:
 * {@code p(y | x) = softmax(relu(x W1 + b1) W2 + b2)_y}, trained by minibatch SGD on the mean
 * cross-entropy {@code -(1/m) sum_i log p(y_i | x_i)}.
 *
 * <p>Parameters, flat in C order: {@code [W1 (inputDim x hidden), b1 (hidden), W2 (hidden x classes),
 * b2 (classes)]}; {@link #numParams()} is {@code inputDim*hidden + hidden + hidden*classes + classes}
 * (79,510 for 784-100-10). Initialisation ({@link #init(long)}): {@code W1} uniform in
 * {@code [-sqrt(6/inputDim), sqrt(6/inputDim)]} (He et al., 2015, for ReLU), {@code W2} uniform in
 * {@code [-sqrt(6/(hidden+classes)), ...]} (Glorot and Bengio, 2010), biases 0, all drawn from a
 * {@link SplittableRandom} seeded with the given seed.
 *
 * <p>A model object holds no parameters and is safe to share between threads.
 */
public final class Mlp extends DenseClassifier {

    /**
     * @param inputDim features per example, at least 1
     * @param hidden   width of the hidden layer, at least 1
     * @param classes  number of classes, at least 2
     */
    public static Mlp of(int inputDim, int hidden, int classes) {
        return new Mlp(inputDim, hidden, classes);
    }

    private Mlp(int inputDim, int hidden, int classes) {
        super(inputDim, checkHidden(hidden), classes);
    }

    private static int checkHidden(int hidden) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden is " + hidden + ", must be >= 1");
        }
        return hidden;
    }

    /** Width of the hidden layer. */
    public int hidden() {
        return h;
    }

    @Override
    public INDArray init(long seed) {
        float[] w = new float[numParams];
        SplittableRandom rng = new SplittableRandom(seed);
        DenseLayout.uniform(w, oW1, d * h, Math.sqrt(6.0 / d), rng);
        DenseLayout.uniform(w, oW2, h * c, Math.sqrt(6.0 / (h + c)), rng);
        return Nd4j.createFromArray(w);
    }

    /**
     * The hidden layer {@code H = relu(X W1 + b1)} of the {@code m} rows at {@code x}, into
     * {@code w.hid} (for the next product) and {@code w.hidArr} (returned).
     */
    private float[] hidden(Workspace w, FloatPointer x, int m) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, h, d, 1f, x, d, w.paramsPtr.position(oW1), h, 0f,
                w.hidPtr, h);
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
        return hid;
    }

    /**
     * One SGD step: {@code H = relu(X W1 + b1)}, {@code Z = H W2 + b2}, {@code dZ = (softmax(Z) -
     * onehot(y)) / m}, {@code dH = (dZ W2^T) * [H > 0]}, then {@code W2 -= lr H^T dZ},
     * {@code W1 -= lr X^T dH} (each fused into one {@code sgemm} with {@code beta = 1}) and the biases
     * by the column sums of {@code dZ} and {@code dH}.
     */
    @Override
    void step(Workspace w, int m, float lr) {
        FloatPointer x = w.xsPtr.position(0);
        FloatPointer p = w.paramsPtr;
        float[] hid = hidden(w, x, m);
        // Z = H W2 + b2, then dZ = (softmax(Z) - onehot(y)) / m, in place
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, h, 1f, w.hidPtr, h, p.position(oW2), c, 0f, w.outPtr, c);
        softmaxGradient(w, m);
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
        descend(w.b1, g1, lr);
        descend(w.b2, w.g2, lr);
    }

    /** Logits {@code relu(X W1 + b1) W2 + b2} of rows {@code [r0, r0 + m)}. */
    @Override
    void forwardBlock(Workspace w, FloatPointer x, int r0, int m) {
        FloatPointer p = w.paramsPtr;
        hidden(w, x.position((long) r0 * d), m);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, h, 1f, w.hidPtr, h, p.position(oW2), c, 0f, w.outPtr, c);
        p.position(0);
        readLogits(w, m);
    }

    @Override
    public String name() {
        return "mlp(" + d + "-" + h + "-" + c + ")";
    }
}
