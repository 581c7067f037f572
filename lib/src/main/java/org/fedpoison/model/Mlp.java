package org.fedpoison.model;

import java.util.SplittableRandom;
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
        uniform(w, oW1, d * h, Math.sqrt(6.0 / d), rng);
        uniform(w, oW2, h * c, Math.sqrt(6.0 / (h + c)), rng);
        return Nd4j.createFromArray(w);
    }

    @Override
    public String name() {
        return "mlp(" + d + "-" + h + "-" + c + ")";
    }
}
