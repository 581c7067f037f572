package org.fedpoison.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier whose parameters are one flat vector — exactly what the server sees of a client.
 * A {@code Model} object holds the architecture only, never parameters, so one instance is shared
 * by all clients and threads; parameters are passed in and returned.
 *
 * <p>Implementations: {@link SoftmaxRegression}, {@link Mlp}.
 */
public interface Model {

    /** Number of parameters (length of the flat vector). */
    int numParams();

    /** Input dimension (features per example). */
    int inputDim();

    /** Number of classes. */
    int numClasses();

    /** Freshly initialised parameters (float32 row vector), reproducible from the seed. */
    INDArray init(long seed);

    /**
     * Trains locally with minibatch SGD from {@code params} and returns the new parameters
     * (a new array; {@code params} is not modified). Shuffling uses {@code seed}.
     */
    INDArray train(INDArray params, Dataset data, TrainConfig config, long seed);

    /**
     * The change local training makes, {@code train(params, data, config, seed) - params} in
     * the type of the trained parameters, as a new array in their shape ({@code params} is not
     * modified): what an honest client sends. The default subtracts in place from the array
     * {@link #train} returned; a model may compute it in one pass, with the same bits.
     */
    default INDArray trainDelta(INDArray params, Dataset data, TrainConfig config, long seed) {
        INDArray trained = train(params, data, config, seed);
        return trained.subi(params.reshape(trained.shape()).castTo(trained.dataType()));
    }

    /** Class scores (logits), one row per example of {@code features}. */
    INDArray logits(INDArray params, INDArray features);

    /** Predicted class of each row of {@code features}. */
    int[] predict(INDArray params, INDArray features);

    /**
     * Accuracy, mean cross-entropy loss and per-class accuracy on {@code data}.
     *
     * @throws IllegalArgumentException if {@code data} is empty (its accuracy is undefined) or does not fit the model
     */
    Evaluation evaluate(INDArray params, Dataset data);

    /** A short name for tables ({@code "mlp(784-100-10)"}). */
    String name();
}
