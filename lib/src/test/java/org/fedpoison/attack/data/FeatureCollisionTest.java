package org.fedpoison.attack.data;

import static org.junit.jupiter.api.Assertions.*;

import org.fedpoison.attack.data.FeatureCollision;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeatureCollisionTest {

    /** Mlp(2, 2, 2) with W1 = [[1, -1], [2, 0.5]], b1 = [0.5, -1], W2 and b2 zero (layout of Mlp's Javadoc). */
    private static final Mlp TINY = Mlp.of(2, 2, 2);
    private static final INDArray TINY_PARAMS = Nd4j.createFromArray(1f, -1f, 2f, 0.5f, 0.5f, -1f, 0f, 0f, 0f, 0f, 0f, 0f);

    @Test
    void featuresAreTheHiddenReluLayer() {
        FeatureCollision fc = FeatureCollision.of(TINY, TINY_PARAMS, Nd4j.createFromArray(0f, 0f), 1, 1, 0.1, 0.1, 1, 0);
        // x = (1, 2): z = (1*1 + 2*2 + 0.5, 1*(-1) + 2*0.5 - 1) = (5.5, -1) -> relu (5.5, 0)
        assertArrayEquals(new double[] {5.5, 0.0}, fc.features(new double[] {1, 2}), 1e-12);
        // target (0, 0): features relu(0.5, -1) = (0.5, 0); distance from (5.5, 0) is 5
        assertEquals(5.0, fc.featureDistance(new double[] {1, 2}), 1e-12);
    }

    @Test
    void aHugeBetaKeepsThePoisonOnItsWatermarkedBase() {
        FeatureCollision fc = FeatureCollision.of(TINY, TINY_PARAMS, Nd4j.createFromArray(0.2f, 0.4f), 1, 1,
                1e9, 0.01, 50, 0.5);
        double[] p = fc.craft(new double[] {0.8, 0.6});
        assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-6, "(1 - 0.5) b + 0.5 t");
    }

    @Test
    void onDigitsPoisonsCollideInFeatureSpaceAndKeepTheirLabels() {
        TrainTest tt = Datasets.digits();
        Mlp mlp = Mlp.of(64, 32, 10);
        INDArray params = mlp.train(mlp.init(1), tt.train(), new TrainConfig(30, 16, 0.1), 2);
        int targetIndex = -1;
        for (int i = 0; i < tt.test().size() && targetIndex < 0; i++) {
            if (tt.test().label(i) == 4) {
                targetIndex = i;
            }
        }
        INDArray target = tt.test().features().getRow(targetIndex);
        FeatureCollision fc = FeatureCollision.of(mlp, params, target, 9, 10, 0.5, 0.01, 300, 0.0);
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
        assertThrows(IllegalArgumentException.class, () -> FeatureCollision.of(TINY, TINY_PARAMS, t, 2, 1, 0.1, 0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureCollision.of(TINY, TINY_PARAMS, t, 1, 0, 0.1, 0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureCollision.of(TINY, TINY_PARAMS, t, 1, 1, 0.1, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureCollision.of(TINY, Nd4j.createFromArray(1f), t, 1, 1, 0.1, 0.1, 1, 0));
    }

    /**
     * The transfer-learning setting of Shafahi et al.: the victim keeps the MLP's hidden layer and
     * retrains only a softmax layer on its features ({@code SoftmaxRegression(32, 10)}, 20 epochs).
     * For each of the first 5 test "4"s the clean model gets right, 120 poisons crafted from "9"s
     * (beta = 3, 300 steps) and labelled 9 make the retrained layer call the target a 9, for at
     * least 4 of the 5 targets, while test accuracy falls by less than 5 points (measured: 1 to 3;
     * 120 poisons are 8% of the training set). Every poison
     * keeps its base's true label and is nearer to its base than the base is to the target.
     */
    @Test
    void lastLayerRetrainingOnPoisonsMisclassifiesTheTarget() {
        TrainTest tt = Datasets.digits();
        Mlp mlp = Mlp.of(64, 32, 10);
        INDArray params = mlp.train(mlp.init(1), tt.train(), new TrainConfig(30, 16, 0.1), 2);
        int[] pred = mlp.predict(params, tt.test().features());
        org.fedpoison.model.SoftmaxRegression last = org.fedpoison.model.SoftmaxRegression.of(32, 10);
        TrainConfig retrain = new TrainConfig(20, 16, 0.05);
        int flipped = 0;
        int tried = 0;
        for (int ti = 0; ti < tt.test().size() && tried < 5; ti++) {
            if (tt.test().label(ti) != 4 || pred[ti] != 4) {
                continue;
            }
            tried++;
            INDArray target = tt.test().features().getRow(ti);
            FeatureCollision fc = FeatureCollision.of(mlp, params, target, 9, 120, 3.0, 0.01, 300, 0.0);
            Dataset poisoned = fc.poison(tt.train(), 0, 3);
            INDArray cleanLayer = last.train(last.init(1), fc.featureDataset(tt.train()), retrain, 4);
            INDArray poisonedLayer = last.train(last.init(1), fc.featureDataset(poisoned), retrain, 4);
            Dataset targetFeatures = fc.featureDataset(tt.test().subset(new int[] {ti}));
            assertEquals(4, last.predict(cleanLayer, targetFeatures.features())[0], "clean retraining keeps the 4");
            flipped += last.predict(poisonedLayer, targetFeatures.features())[0] == 9 ? 1 : 0;
            Dataset testFeatures = fc.featureDataset(tt.test());
            double drop = last.evaluate(cleanLayer, testFeatures).accuracy() - last.evaluate(poisonedLayer, testFeatures).accuracy();
            assertTrue(drop < 0.05, "accuracy drop " + drop);
            int[] bases = fc.baseIndices(tt.train(), 3);
            double[] t = fc.target();
            for (int k = 0; k < bases.length; k++) {
                int row = tt.train().size() + k;
                assertEquals(9, poisoned.label(row));
                assertEquals(9, tt.train().label(bases[k]));
                float[] x = poisoned.features().getRow(row).toFloatVector();
                float[] b = tt.train().features().getRow(bases[k]).toFloatVector();
                double xb = 0;
                double bt = 0;
                for (int i = 0; i < 64; i++) {
                    xb += (x[i] - b[i]) * (x[i] - b[i]);
                    bt += (b[i] - t[i]) * (b[i] - t[i]);
                }
                assertTrue(xb < bt, "poison " + k + " stays nearer its base than the base is to the target");
            }
        }
        assertEquals(5, tried);
        assertTrue(flipped >= 4, "targets misclassified: " + flipped + " of 5");
    }

    @Test
    void theBuilderNamesThePositionalSettings() {
        INDArray t = Nd4j.createFromArray(0.2f, 0.4f);
        FeatureCollision byName = FeatureCollision.builder(TINY, TINY_PARAMS, t, 1).maxPoisons(1).beta(1e9)
                .stepSize(0.01).steps(50).watermark(0.5).build();
        FeatureCollision byPosition = FeatureCollision.of(TINY, TINY_PARAMS, t, 1, 1, 1e9, 0.01, 50, 0.5);
        assertArrayEquals(byPosition.craft(new double[] {0.8, 0.6}), byName.craft(new double[] {0.8, 0.6}), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureCollision.builder(TINY, TINY_PARAMS, t, 1).watermark(1.0).build());
        assertTrue(e.getMessage().contains("opacity"), e.getMessage());
    }
}
