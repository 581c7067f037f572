package org.fedpoison.attack.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.model.Mlp;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NeurotoxinTest {

    @Test
    void theMaskHoldsTheLargestCoordinatesOfTheBenignEstimate() {
        // |g| = 0.1, 3, 0.5, 3, 2: k = 0.4 of 5 -> 2 coordinates, the tie at 3 resolved by index
        boolean[] m = Neurotoxin.topMask(Nd4j.createFromArray(0.1f, -3f, 0.5f, 3f, 2f), 0.4);
        assertArrayEquals(new boolean[] {false, true, false, true, false}, m);
        // k = 0.5 -> ceil(2.5) = 3
        assertArrayEquals(new boolean[] {false, true, false, true, true},
                Neurotoxin.topMask(Nd4j.createFromArray(0.1f, -3f, 0.5f, 3f, 2f), 0.5));
        assertThrows(IllegalArgumentException.class, () -> Neurotoxin.of(0));
        assertThrows(IllegalArgumentException.class, () -> Neurotoxin.of(1));
    }

    @Test
    void projectedTrainingNeverMovesTheMaskedCoordinates() {
        Dataset clean = Datasets.digits().train().subset(java.util.stream.IntStream.range(0, 80).toArray());
        Dataset poisoned = PixelPatternBackdoor.appending(Trigger.square(6, 6, 2, 1f), 0, 1.0).poison(clean, 0, 1);
        Model model = Mlp.of(64, 8, 10);
        INDArray global = model.init(3);
        TrainConfig cfg = new TrainConfig(2, 16, 0.1);
        RoundContext ctx = new RoundContext(4, global, model, 11, 10, List.of(), cfg);
        Neurotoxin nt = Neurotoxin.of(0.3);
        boolean[] mask = nt.mask(ctx, clean, cfg);
        int frozen = 0;
        for (boolean b : mask) {
            frozen += b ? 1 : 0;
        }
        assertEquals((int) Math.ceil(0.3 * model.numParams()), frozen);
        float[] g = FlatVectors.toArray(global);
        float[] w = FlatVectors.toArray(nt.train(ctx, clean, poisoned, cfg));
        int moved = 0;
        for (int j = 0; j < w.length; j++) {
            if (mask[j]) {
                assertEquals(g[j], w[j], 0f, "masked coordinate " + j + " moved");
            } else if (w[j] != g[j]) {
                moved++;
            }
        }
        assertNotEquals(0, moved, "the free coordinates were trained");
        assertArrayEquals(w, FlatVectors.toArray(nt.train(ctx, clean, poisoned, cfg)), "deterministic");
    }
}
