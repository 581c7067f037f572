package org.fedpoison.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Shuffle;
import org.junit.jupiter.api.Test;

/** The minibatch loop every model shares: which examples each step sees, in which order. */
class SgdLoopTest {

    @Test
    void everyEpochVisitsEachExampleOnceInSeededMinibatches() {
        List<int[]> steps = new ArrayList<>();
        int[] current = new int[4];
        SgdLoop.run(10, new TrainConfig(2, 4, 0.5), 99, new SgdLoop.Minibatch() {
            @Override
            public void gather(int slot, int example) {
                current[slot] = example;
            }

            @Override
            public void step(int rows, float learningRate) {
                assertEquals(0.5f, learningRate);
                steps.add(java.util.Arrays.copyOf(current, rows));
            }
        });
        // 10 examples in batches of 4: 4, 4, 2 per epoch, two epochs
        assertEquals(List.of(4, 4, 2, 4, 4, 2), steps.stream().map(s -> s.length).toList());
        SplittableRandom rng = new SplittableRandom(99);
        int[] order = Shuffle.identity(10);
        for (int epoch = 0; epoch < 2; epoch++) {
            Shuffle.inPlace(order, rng);
            int[] seen = new int[10];
            int k = 0;
            for (int b = 0; b < 3; b++) {
                for (int e : steps.get(3 * epoch + b)) {
                    seen[k++] = e;
                }
            }
            assertArrayEquals(order, seen, "epoch " + epoch);
        }
    }

    @Test
    void aBatchLargerThanTheDataIsOneFullBatch() {
        Dataset small = Datasets.blobs(50, 4, 3, 1, 2);
        for (var model : List.of(Mlp.of(4, 5, 3), SoftmaxRegression.of(4, 3))) {
            var start = model.init(1);
            float[] full = FlatVectors.toArray(model.train(start, small, new TrainConfig(3, 50, 0.1), 7));
            float[] larger = FlatVectors.toArray(model.train(start, small, new TrainConfig(3, 5000, 0.1), 7));
            assertArrayEquals(full, larger, model.name());
        }
        assertEquals(50, SgdLoop.batchSize(new TrainConfig(1, 5000, 0.1), 50));
        assertEquals(1, SgdLoop.batchSize(new TrainConfig(1, 32, 0.1), 0));
    }
}
