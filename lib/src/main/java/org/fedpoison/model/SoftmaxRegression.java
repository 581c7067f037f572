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
 * Multinomial logistic (softmax) regression: {@code p(y | x) = softmax(x W + b)_y}, trained by
 * minibatch SGD on the mean cross-entropy {@code -(1/m) sum_i log p(y_i | x_i)}.
 *
 * <p>Parameters, flat in C order: {@code [W (inputDim x classes), b (classes)]}, so
 * {@link #numParams()} is {@code (inputDim + 1) * classes}.
 * Initialisation ({@link #init(long)}): {@code W} uniform in {@code [-a, a]} with the Glorot bound
 * {@code a = sqrt(6 / (inputDim + classes))} (Glorot and Bengio, 2010), drawn from a
 * {@link SplittableRandom} seeded with the given seed; {@code b = 0}.
 *
 * <p>A model object holds no parameters and is safe to share between threads.
 */
public final class SoftmaxRegression extends DenseClassifier {

    /**
     * @param inputDim features per example, at least 1
     * @param classes  number of classes, at least 2
     */
    public static SoftmaxRegression of(int inputDim, int classes) {
        return new SoftmaxRegression(inputDim, classes);
    }

    private SoftmaxRegression(int inputDim, int classes) {
        super(inputDim, 0, classes);
    }

    @Override
    public INDArray init(long seed) {
        float[] w = new float[numParams];
        DenseLayout.uniform(w, oW2, d * c, Math.sqrt(6.0 / (d + c)), new SplittableRandom(seed));
        return Nd4j.createFromArray(w);
    }

    /**
     * One SGD step: {@code Z = X W + b}, {@code dZ = (softmax(Z) - onehot(y)) / m}, then
     * {@code W -= lr X^T dZ} (fused into one {@code sgemm} with {@code beta = 1}) and {@code b} by the
     * column sums of {@code dZ}.
     */
    @Override
    void step(Workspace w, int m, float lr) {
        FloatPointer x = w.xsPtr.position(0);
        FloatPointer p = w.paramsPtr;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, d, 1f, x, d, p.position(oW2), c, 0f, w.outPtr, c);
        softmaxGradient(w, m);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d, c, m, -lr, x, d, w.outPtr, c, 1f, p.position(oW2), c);
        p.position(0);
        descend(w.b2, w.g2, lr);
    }

    /** Logits {@code X W + b} of rows {@code [r0, r0 + m)}. */
    @Override
    void forwardBlock(Workspace w, FloatPointer x, int r0, int m) {
        FloatPointer p = w.paramsPtr;
        x.position((long) r0 * d);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, c, d, 1f, x, d, p.position(oW2), c, 0f, w.outPtr, c);
        p.position(0);
        readLogits(w, m);
    }

    @Override
    public String name() {
        return "softmax(" + d + "-" + c + ")";
    }
}
