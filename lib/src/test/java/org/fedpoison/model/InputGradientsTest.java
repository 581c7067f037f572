package org.fedpoison.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.fedpoison.core.Model;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InputGradientsTest {

    private static INDArray randomFeatures(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return Nd4j.create(x, new long[] {n, d}, 'c');
    }

    /** The closed forms of the MLP and of softmax regression agree with central differences of the loss. */
    @Test
    void closedFormsAgreeWithCentralDifferences() {
        int[] labels = {0, 3, 1, 2, 3, 0, 2};
        for (Model model : new Model[] {Mlp.of(6, 5, 4), SoftmaxRegression.of(6, 4)}) {
            INDArray params = model.init(11);
            INDArray x = randomFeatures(labels.length, 6, 5);
            float[] closed = FlatVectors.toArray(InputGradients.of(model, params, x, labels));
            float[] numeric = FlatVectors.toArray(InputGradients.finiteDifferences(model, params, x, labels, 1e-2));
            assertEquals(numeric.length, closed.length);
            double scale = 0;
            for (float v : numeric) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 1e-3, model + ": the gradient is not trivially zero (" + scale + ")");
            // float32 logits and h = 1e-2: central differences are good to about 1e-3 of the scale
            assertArrayEquals(numeric, closed, (float) (2e-3 * scale), model.toString());
        }
    }

    /**
     * The intermediates are freed inside, the caller's arrays are not: features and parameters stay
     * usable after many calls, and repeated calls give the same bits.
     */
    @Test
    void callersArraysSurviveRepeatedCalls() {
        Model model = Mlp.of(8, 6, 3);
        INDArray params = model.init(3);
        INDArray x = randomFeatures(5, 8, 9);
        int[] labels = {0, 1, 2, 1, 0};
        float[] first = FlatVectors.toArray(InputGradients.of(model, params, x, labels));
        for (int i = 0; i < 200; i++) {
            try (INDArray g = InputGradients.of(model, params, x, labels)) {
                assertArrayEquals(first, FlatVectors.toArray(g), 0f);
            }
        }
        assertEquals(40, x.length());
        assertEquals(model.numParams(), params.length());
        assertArrayEquals(FlatVectors.toArray(model.init(3)), FlatVectors.toArray(params), 0f);
    }
}
