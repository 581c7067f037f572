package org.fedpoison.model;

import java.util.SplittableRandom;
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
        uniform(w, oW2, d * c, Math.sqrt(6.0 / (d + c)), new SplittableRandom(seed));
        return Nd4j.createFromArray(w);
    }

    @Override
    public String name() {
        return "softmax(" + d + "-" + c + ")";
    }
}
