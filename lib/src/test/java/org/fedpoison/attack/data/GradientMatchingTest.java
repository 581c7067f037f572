package org.fedpoison.attack.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.Cnn;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reproduction: poisons with correct labels, matched to the gradient of a mislabelled target, flip
 * the target when the victim fine-tunes the model the attacker knows on data that contains them
 * (the fine-tuning setting of Geiping et al.); the same bases unperturbed flip nothing.
 */
class GradientMatchingTest {

    @Test
    void correctlyLabelledPoisonsFlipTheirTargetWhereTheirBasesDoNot() {
        TrainTest digits = Datasets.digits();
        Dataset train = digits.train();
        Dataset test = digits.test();
        Cnn model = Cnn.small(8, 8, 10);
        INDArray known = model.train(model.init(1), train, new TrainConfig(10, 16, 0.1), 3);
        int[] pred = model.predict(known, test.features());
        int[] targets = IntStream.range(0, test.size()).filter(i -> test.label(i) == 4 && pred[i] == 4).limit(3).toArray();
        Dataset victimData = train.subset(IntStream.range(0, 200).toArray());
        TrainConfig fineTune = new TrainConfig(8, 16, 0.1);
        int flipped = 0;
        int flippedByBases = 0;
        for (int t : targets) {
            GradientMatching gm = GradientMatching.of(model, known, test.features().getRow(t).dup(), 9, 140, 0.5, 150, 0.05);
            Dataset poisons = gm.poisons(train, 7);
            Dataset bases = train.subset(gm.baseIndices(train, 7));
            assertArrayEquals(bases.labels(), poisons.labels(), "every poison keeps its base's label");
            assertTrue(IntStream.of(poisons.labels()).allMatch(y -> y == 9), "and that label is the true class 9");
            float[] p = FlatVectors.toArray(poisons.features());
            float[] b = FlatVectors.toArray(bases.features());
            for (int i = 0; i < p.length; i++) {
                assertTrue(Math.abs(p[i] - b[i]) <= 0.5f + 1e-6f && p[i] >= 0f && p[i] <= 1f, "pixel " + i);
            }
            assertTrue(gm.alignment(bases) < 0.5 && gm.alignment(poisons) > 0.85,
                    "alignment " + gm.alignment(bases) + " -> " + gm.alignment(poisons));
            INDArray x = test.features().getRow(t).reshape(1, 64);
            flipped += model.predict(model.train(known, victimData.concat(poisons), fineTune, 5), x)[0] == 9 ? 1 : 0;
            flippedByBases += model.predict(model.train(known, victimData.concat(bases), fineTune, 5), x)[0] == 9 ? 1 : 0;
        }
        assertTrue(flipped >= 2, flipped + " of 3 targets flipped by the poisons");
        assertEquals(0, flippedByBases, "the unperturbed bases flip no target");
    }
}
