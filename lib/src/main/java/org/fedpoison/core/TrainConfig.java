package org.fedpoison.core;

/**
 * Local training settings of minibatch SGD.
 *
 * @param epochs       passes over the local data per round, at least 1
 * @param batchSize    examples per minibatch, at least 1; a client with fewer examples than this
 *                     trains on all of them as one minibatch (one step per epoch), exactly as with
 *                     {@code batchSize} equal to its number of examples
 * @param learningRate SGD step size, positive and finite
 */
public record TrainConfig(int epochs, int batchSize, double learningRate) {
    /** Validates the settings (message names the setting, its value and what is allowed). */
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs is " + epochs + ", must be >= 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize is " + batchSize + ", must be >= 1");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate is " + learningRate + ", must be positive and finite");
        }
    }

    /** One epoch, batch 32, learning rate 0.05 (the benchmark's W1 setting). */
    public static TrainConfig defaults() {
        return new TrainConfig(1, 32, 0.05);
    }
}
