package org.fedpoison.model;

import java.util.SplittableRandom;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.Shuffle;

/**
 * Minibatch SGD's outer loop, the same for every model of the library: for each of
 * {@code config.epochs()} epochs the examples are put in a new order ({@link Shuffle#inPlace} on
 * one {@code SplittableRandom(seed)}, so the orders of all epochs come from the seed), cut into
 * minibatches of {@code min(config.batchSize(), n)} (the last one smaller), and each minibatch is
 * gathered and handed to the model's step with the learning rate in float32. What a step does —
 * forward, loss, backward, update — is the model's; this loop holds no state.
 *
 * <p>A model adopts it by implementing {@link Minibatch} over its own buffers; the dense
 * classifiers do ({@link DenseClassifier}), and a convolutional network's loop has the same shape.
 */
final class SgdLoop {
    private SgdLoop() {}

    /** One model's view of a minibatch. */
    interface Minibatch {
        /** Copies example {@code example} (with its label) into slot {@code slot} of the minibatch. */
        void gather(int slot, int example);

        /** One SGD step on the {@code rows} examples gathered in slots {@code [0, rows)}. */
        void step(int rows, float learningRate);
    }

    /** The largest minibatch the loop will gather for {@code n} examples (at least 1). */
    static int batchSize(TrainConfig config, int n) {
        return Math.max(1, Math.min(config.batchSize(), n));
    }

    /**
     * Runs every epoch over {@code n} examples; does nothing for {@code n = 0}.
     *
     * @param n      the number of examples
     * @param config epochs, batch size, learning rate
     * @param seed   the seed of the example orders
     * @param batch  the model's minibatch
     */
    static void run(int n, TrainConfig config, long seed, Minibatch batch) {
        if (n == 0) {
            return;
        }
        int size = batchSize(config, n);
        int[] order = Shuffle.identity(n);
        SplittableRandom rng = new SplittableRandom(seed);
        float lr = (float) config.learningRate();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            Shuffle.inPlace(order, rng);
            for (int r0 = 0; r0 < n; r0 += size) {
                int rows = Math.min(size, n - r0);
                for (int i = 0; i < rows; i++) {
                    batch.gather(i, order[r0 + i]);
                }
                batch.step(rows, lr);
            }
        }
    }
}
