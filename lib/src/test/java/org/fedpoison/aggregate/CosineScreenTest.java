package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CosineScreenTest {
    private static ClientUpdate up(int id, float... v) {
        return new ClientUpdate(id, Nd4j.createFromArray(v), 1);
    }

    private static final List<ClientUpdate> ROUND = List.of(up(0, 1, 0), up(1, 1, 1), up(2, 2, 1), up(3, -1, 3));

    @Test
    void theJavadocExample() {
        // median [1, 1]; cosines 1/sqrt2, 1, 3/sqrt10, 2/sqrt10
        double[] c = CosineScreen.cosines(ROUND);
        assertArrayEquals(new double[] {1 / Math.sqrt(2), 1, 3 / Math.sqrt(10), 2 / Math.sqrt(20)}, c, 1e-6);
        CosineScreen s = CosineScreen.of(0.5, FedAvg.equalWeights());
        assertEquals(List.of(ROUND.get(0), ROUND.get(1), ROUND.get(2)), s.screen(ROUND));
        INDArray agg = s.aggregate(ROUND);
        assertArrayEquals(new float[] {4f / 3, 2f / 3}, FlatVectors.toArray(agg), 1e-6f);
    }

    @Test
    void thresholdMinusOneKeepsEveryUpdateAndAllRejectedIsNotAggregatable() {
        assertArrayEquals(FlatVectors.toArray(FedAvg.equalWeights().aggregate(ROUND)),
                FlatVectors.toArray(CosineScreen.of(-1, FedAvg.equalWeights()).aggregate(ROUND)), 0f);
        // tau = 0.999 keeps only updates parallel to the median: here client 1
        assertEquals(List.of(ROUND.get(1)), CosineScreen.of(0.999, FedAvg.equalWeights()).screen(ROUND));
        List<ClientUpdate> opposite = List.of(up(0, 1, 0), up(1, -1, 0), up(2, 0, 1), up(3, 0, -1));
        // the median is [0, 0]: no cosine is defined, so nothing is rejected
        assertEquals(4, CosineScreen.of(0.9, FedAvg.equalWeights()).screen(opposite).size());
        List<ClientUpdate> apart = List.of(up(0, 1, 0), up(1, 0, 1), up(2, -1, -1));
        // median [0, 0] again (kept, see below); with median [1, 1] and tau 0.999 none of these four passes
        List<ClientUpdate> skew = List.of(up(0, 1, 0), up(1, 0, 1), up(2, 1, 2), up(3, 2, 1));
        assertThrows(org.fedpoison.core.RoundNotAggregatable.class, () -> CosineScreen.of(0.999, FedAvg.equalWeights()).aggregate(skew));
        assertEquals(3, CosineScreen.of(0.9, FedAvg.equalWeights()).screen(apart).size());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CosineScreen.of(1.5, FedAvg.equalWeights()));
        assertThrows(IllegalArgumentException.class, () -> CosineScreen.of(Double.NaN, FedAvg.equalWeights()));
        assertThrows(IllegalArgumentException.class, () -> CosineScreen.of(0, null));
    }
}
