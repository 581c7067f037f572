package org.fedpoison.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Evaluation;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.TrainTest;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelTest {

    @Test
    void parameterCountsFollowTheDocumentedLayout() {
        assertEquals(784 * 100 + 100 + 100 * 10 + 10, Mlp.of(784, 100, 10).numParams());
        assertEquals(79_510, Mlp.of(784, 100, 10).numParams());
        assertEquals((64 + 1) * 10, SoftmaxRegression.of(64, 10).numParams());
    }

    @Test
    void initIsSeededAndInsideTheDocumentedBounds() {
        Mlp m = Mlp.of(64, 16, 10);
        float[] a = FlatVectors.toArray(m.init(1));
        assertArrayEquals(a, FlatVectors.toArray(m.init(1)));
        assertFalse(Arrays.equals(a, FlatVectors.toArray(m.init(2))));
        double b1 = Math.sqrt(6.0 / 64);
        for (int i = 0; i < 64 * 16; i++) {
            assertTrue(Math.abs(a[i]) <= b1);
        }
        for (int i = 64 * 16; i < 64 * 16 + 16; i++) {
            assertEquals(0f, a[i], "hidden bias starts at 0");
        }
    }

    @Test
    void trainingIsDeterministicAndDoesNotModifyItsInput() {
        TrainTest tt = Datasets.digits();
        for (Model m : new Model[] {Mlp.of(64, 32, 10), SoftmaxRegression.of(64, 10)}) {
            INDArray w0 = m.init(7);
            float[] before = FlatVectors.toArray(w0);
            INDArray a = m.train(w0, tt.train(), new TrainConfig(2, 32, 0.1), 11);
            INDArray b = m.train(w0, tt.train(), new TrainConfig(2, 32, 0.1), 11);
            assertArrayEquals(before, FlatVectors.toArray(w0), "input parameters unchanged");
            assertArrayEquals(FlatVectors.toArray(a), FlatVectors.toArray(b), "same seed, same result");
            INDArray c = m.train(w0, tt.train(), new TrainConfig(2, 32, 0.1), 12);
            assertFalse(Arrays.equals(FlatVectors.toArray(a), FlatVectors.toArray(c)), "the seed orders the minibatches");
        }
    }

    @Test
    void centralTrainingOnDigitsLearns() {
        // chance is 0.10; a linear model separates these digits to above 0.9 (the classic result on
        // this set), so 0.85 after 5 epochs leaves margin while any sign or index error in the
        // gradient keeps accuracy far below it
        TrainTest tt = Datasets.digits();
        for (Model m : new Model[] {Mlp.of(64, 32, 10), SoftmaxRegression.of(64, 10)}) {
            INDArray w = m.train(m.init(1), tt.train(), new TrainConfig(5, 16, 0.1), 2);
            Evaluation ev = m.evaluate(w, tt.test());
            assertTrue(ev.accuracy() > 0.85, m.name() + " accuracy " + ev.accuracy());
            assertTrue(ev.loss() < m.evaluate(m.init(1), tt.test()).loss(), "loss decreased");
        }
    }

    @Test
    void predictAndEvaluateAgreeWithLogits() {
        TrainTest tt = Datasets.digits();
        Mlp m = Mlp.of(64, 8, 10);
        INDArray w = m.init(3);
        INDArray z = m.logits(w, tt.test().features());
        int[] pred = m.predict(w, tt.test().features());
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            int best = 0;
            for (int k = 1; k < 10; k++) {
                if (z.getFloat(i, k) > z.getFloat(i, best)) {
                    best = k;
                }
            }
            assertEquals(best, pred[i]);
            correct += pred[i] == tt.test().label(i) ? 1 : 0;
        }
        assertEquals((double) correct / pred.length, m.evaluate(w, tt.test()).accuracy(), 1e-12);
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mlp.of(64, 0, 10)).getMessage().contains("hidden"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mlp.of(0, 4, 10)).getMessage().contains("inputDim"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SoftmaxRegression.of(4, 1)).getMessage().contains("classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 0, 0.1)).getMessage().contains("batchSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 32, 0)).getMessage().contains("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 32, Double.NaN)).getMessage().contains("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrainConfig(0, 32, 0.1)).getMessage().contains("epochs"));
        Mlp m = Mlp.of(64, 4, 10);
        Dataset wrong = Datasets.blobs(10, 3, 2, 1, 1);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> m.train(m.init(1), wrong, TrainConfig.defaults(), 1)).getMessage().contains("features"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> m.train(FlatVectors.of(new float[3]), Datasets.digits().train(), TrainConfig.defaults(), 1))
                .getMessage().contains("params"));
    }
}
