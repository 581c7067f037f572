package org.fedpoison.attack;

import static org.junit.jupiter.api.Assertions.*;

import org.fedpoison.data.Dataset;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.Mlp;
import org.fedpoison.model.TrainConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeatureCollisionTest {

    /** Mlp(2, 2, 2) with W1 = [[1, -1], [2, 0.5]], b1 = [0.5, -1], W2 and b2 zero (layout of Mlp's Javadoc). */
    private static final Mlp TINY = new Mlp(2, 2, 2);
    private static final INDArray TINY_PARAMS = Nd4j.createFromArray(1f, -1f, 2f, 0.5f, 0.5f, -1f, 0f, 0f, 0f, 0f, 0f, 0f);

    @Test
    void featuresAreTheHiddenReluLayer() {
        FeatureCollision fc = new FeatureCollision(TINY, TINY_PARAMS, Nd4j.createFromArray(0f, 0f), 1, 1, 0.1, 0.1, 1, 0);
        // x = (1, 2): z = (1*1 + 2*2 + 0.5, 1*(-1) + 2*0.5 - 1) = (5.5, -1) -> relu (5.5, 0)
        assertArrayEquals(new double[] {5.5, 0.0}, fc.features(new double[] {1, 2}), 1e-12);
        // target (0, 0): features relu(0.5, -1) = (0.5, 0); distance from (5.5, 0) is 5
        assertEquals(5.0, fc.featureDistance(new double[] {1, 2}), 1e-12);
    }

    @Test
    void aHugeBetaKeepsThePoisonOnItsWatermarkedBase() {
        FeatureCollision fc = new FeatureCollision(TINY, TINY_PARAMS, Nd4j.createFromArray(0.2f, 0.4f), 1, 1,
                1e9, 0.01, 50, 0.5);
        double[] p = fc.craft(new double[] {0.8, 0.6});
        assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-6, "(1 - 0.5) b + 0.5 t");
    }

    @Test
    void onDigitsPoisonsCollideInFeatureSpaceAndKeepTheirLabels() {
        TrainTest tt = Datasets.digits();
        Mlp mlp = new Mlp(64, 32, 10);
        INDArray params = mlp.train(mlp.init(1), tt.train(), new TrainConfig(30, 16, 0.1), 2);
        int targetIndex = -1;
        for (int i = 0; i < tt.test().size() && targetIndex < 0; i++) {
            if (tt.test().label(i) == 4) {
                targetIndex = i;
            }
        }
        INDArray target = tt.test().features().getRow(targetIndex);
        FeatureCollision fc = new FeatureCollision(mlp, params, target, 9, 10, 0.5, 0.01, 300, 0.0);
        Dataset clean = tt.train();
        Dataset poisoned = fc.poison(clean, 0, 3);
        assertEquals(clean.size() + 10, poisoned.size());
        int[] bases = fc.baseIndices(clean, 3);
        for (int k = 0; k < 10; k++) {
            int row = clean.size() + k;
            assertEquals(9, poisoned.label(row), "a poison keeps its base's true label");
            double[] x = poisoned.features().getRow(row).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
            double[] b = clean.features().getRow(bases[k]).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
            assertTrue(fc.featureDistance(x) < 0.25 * fc.featureDistance(b),
                    "poison " + k + " moved toward the target in feature space: " + fc.featureDistance(x) + " vs "
                            + fc.featureDistance(b));
            for (double v : x) {
                assertTrue(v >= 0 && v <= 1, "pixels stay in [0, 1]");
            }
        }
        for (int i = 0; i < clean.size(); i++) {
            assertEquals(clean.label(i), poisoned.label(i));
        }
        assertEquals(poisoned.features(), fc.poison(clean, 0, 3).features(), "deterministic under the seed");
    }

    @Test
    void rejectsBadSettings() {
        INDArray t = Nd4j.createFromArray(0f, 0f);
        assertThrows(IllegalArgumentException.class, () -> new FeatureCollision(TINY, TINY_PARAMS, t, 2, 1, 0.1, 0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureCollision(TINY, TINY_PARAMS, t, 1, 0, 0.1, 0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureCollision(TINY, TINY_PARAMS, t, 1, 1, 0.1, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureCollision(TINY, Nd4j.createFromArray(1f), t, 1, 1, 0.1, 0.1, 1, 0));
    }
}
