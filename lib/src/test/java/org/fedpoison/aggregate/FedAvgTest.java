package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FedAvgTest {

    static ClientUpdate u(int id, long n, float... delta) {
        return new ClientUpdate(id, FlatVectors.of(delta), n);
    }

    /** Three clients, three coordinates, counts 1, 2, 1: weights 1/4, 1/2, 1/4. */
    static List<ClientUpdate> fixture() {
        return List.of(u(0, 1, 4, 0, 8), u(1, 2, 0, 4, -4), u(2, 1, 8, 4, 0));
    }

    @Test
    void sampleWeightedMeanByHand() {
        // (1/4)[4,0,8] + (1/2)[0,4,-4] + (1/4)[8,4,0] = [1+0+2, 0+2+1, 2-2+0] = [3, 3, 0]
        INDArray agg = FedAvg.sampleWeighted().aggregate(fixture());
        assertArrayEquals(new float[] {3, 3, 0}, FlatVectors.toArray(agg));
    }

    @Test
    void equalWeightsMeanByHand() {
        // ([4,0,8] + [0,4,-4] + [8,4,0]) / 3 = [4, 8/3, 4/3]
        INDArray agg = FedAvg.equalWeights().aggregate(fixture());
        assertArrayEquals(new float[] {4, 8f / 3, 4f / 3}, FlatVectors.toArray(agg), 1e-6f);
    }

    @Test
    void inputsAreNotModified() {
        List<ClientUpdate> f = fixture();
        FedAvg.sampleWeighted().aggregate(f);
        assertArrayEquals(new float[] {4, 0, 8}, FlatVectors.toArray(f.get(0).delta()));
        assertArrayEquals(new float[] {0, 4, -4}, FlatVectors.toArray(f.get(1).delta()));
    }

    @Test
    void permutingClientsChangesNothing() {
        SplittableRandom rng = new SplittableRandom(1);
        List<ClientUpdate> ups = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            float[] d = new float[40_000]; // more than one block of the parallel sum
            for (int j = 0; j < d.length; j++) {
                d[j] = (float) rng.nextGaussian();
            }
            ups.add(new ClientUpdate(i, FlatVectors.of(d), 1 + rng.nextInt(50)));
        }
        for (FedAvg rule : new FedAvg[] {FedAvg.sampleWeighted(), FedAvg.equalWeights()}) {
            float[] ref = FlatVectors.toArray(rule.aggregate(ups));
            List<ClientUpdate> shuffled = new ArrayList<>(ups);
            Collections.shuffle(shuffled, new java.util.Random(3));
            // the sum runs in client-id order whatever the list order: bit-identical
            assertArrayEquals(ref, FlatVectors.toArray(rule.aggregate(shuffled)));
        }
    }

    static ClientUpdate d(int id, long n, double... delta) {
        return new ClientUpdate(id, Nd4j.createFromArray(delta.clone()), n);
    }

    @Test
    void permutingDoubleClientsChangesNothingBitForBit() {
        SplittableRandom rng = new SplittableRandom(4);
        List<ClientUpdate> ups = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            double[] x = new double[20_000]; // more than one block of the parallel sum
            for (int j = 0; j < x.length; j++) {
                x[j] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 9)); // magnitudes that do not commute
            }
            ups.add(new ClientUpdate(10 - i, Nd4j.createFromArray(x), 1 + rng.nextInt(50)));
        }
        for (FedAvg rule : new FedAvg[] {FedAvg.sampleWeighted(), FedAvg.equalWeights()}) {
            double[] ref = rule.aggregate(ups).toDoubleVector();
            for (int seed = 0; seed < 3; seed++) {
                List<ClientUpdate> shuffled = new ArrayList<>(ups);
                Collections.shuffle(shuffled, new java.util.Random(seed));
                assertArrayEquals(ref, rule.aggregate(shuffled).toDoubleVector(), rule + ", shuffle " + seed);
            }
        }
    }

    @Test
    void doubleDeltasGiveADoubleMeanComputedInDouble() {
        // (1/2)(1 + 2^-40) + (1/2)(1) = 1 + 2^-41: exact in float64, rounds to 1 in float32
        double tiny = Math.scalb(1.0, -40);
        INDArray agg = FedAvg.equalWeights().aggregate(List.of(d(0, 1, 1 + tiny, 2), d(1, 1, 1, 4)));
        assertEquals(DataType.DOUBLE, agg.dataType());
        assertArrayEquals(new double[] {1 + tiny / 2, 3}, agg.toDoubleVector());
        // sample weights 1/4, 3/4: (1/4)[4, 8] + (3/4)[0, 4/3] = [1, 3]
        INDArray sw = FedAvg.sampleWeighted().aggregate(List.of(d(0, 1, 4, 8), d(1, 3, 0, 4.0 / 3)));
        assertEquals(DataType.DOUBLE, sw.dataType());
        assertArrayEquals(new double[] {1, 3}, sw.toDoubleVector(), 1e-15);
    }

    @Test
    void mixedPrecisionGivesFloat64LikeEveryRule() {
        // (1/2)(1 + 2^-40) + (1/2)(3): the float64 delta keeps its precision when a float32 one joins
        double tiny = Math.scalb(1.0, -40);
        INDArray agg = FedAvg.equalWeights().aggregate(List.of(d(0, 1, 1 + tiny, 2), u(1, 1, 3, 4)));
        assertEquals(DataType.DOUBLE, agg.dataType());
        assertArrayEquals(new double[] {2 + tiny / 2, 3}, agg.toDoubleVector());
        assertEquals(DataType.FLOAT, FedAvg.equalWeights().aggregate(fixture()).dataType());
    }

    @Test
    void largeVectorsMatchAPlainDoubleSumToFloatPrecision() {
        SplittableRandom rng = new SplittableRandom(2);
        int d = 50_001;
        List<ClientUpdate> ups = new ArrayList<>();
        double[] expect = new double[d];
        double[] scale = new double[d];
        long total = 0;
        long[] n = {3, 5, 2};
        for (long ni : n) {
            total += ni;
        }
        for (int i = 0; i < 3; i++) {
            float[] x = new float[d];
            for (int j = 0; j < d; j++) {
                x[j] = (float) rng.nextGaussian();
                expect[j] += (double) n[i] / total * x[j];
                scale[j] += (double) n[i] / total * Math.abs(x[j]);
            }
            ups.add(new ClientUpdate(i, FlatVectors.of(x), n[i]));
        }
        float[] got = FlatVectors.toArray(FedAvg.sampleWeighted().aggregate(ups));
        assertEquals(d, got.length);
        for (int j = 0; j < d; j++) {
            // float32 accumulation of 3 terms: error below a few float ulps of sum w_i |x_i|
            assertEquals(expect[j], got[j], 4 * Math.ulp((float) scale[j]) + 1e-30, "coordinate " + j);
        }
    }

    @Test
    void wrongDimensionNamesTheClient() {
        List<ClientUpdate> ups = List.of(u(0, 1, 1, 2, 3), u(7, 1, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FedAvg.sampleWeighted().aggregate(ups));
        assertTrue(e.getMessage().contains("client 7"), e.getMessage());
    }

    @Test
    void zeroTotalWeightIsRejected() {
        List<ClientUpdate> ups = List.of(u(4, 0, 1, 2, 3), u(5, 0, 1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FedAvg.sampleWeighted().aggregate(ups));
        assertTrue(e.getMessage().contains("positive sum"), e.getMessage());
        // equal weights do not look at the counts
        assertArrayEquals(new float[] {1, 2, 3}, FlatVectors.toArray(FedAvg.equalWeights().aggregate(ups)));
    }

    @Test
    void emptyInputAndNegativeCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FedAvg.sampleWeighted().aggregate(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> u(3, -1, 1));
        assertTrue(e.getMessage().contains("client 3"), e.getMessage());
    }

    @Test
    void weightedSumValidatesWeights() {
        List<INDArray> v = List.of(FlatVectors.of(new float[] {1}), FlatVectors.of(new float[] {2}));
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> FedAvg.weightedSum(v, new double[] {1, -0.5}));
        assertTrue(neg.getMessage().contains("vector 1") && neg.getMessage().contains("-0.5"), neg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FedAvg.weightedSum(v, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> FedAvg.weightedSum(v, new double[] {1, Double.NaN}));
        assertArrayEquals(new float[] {5}, FlatVectors.toArray(FedAvg.weightedSum(v, new double[] {1, 2})));
    }

    @Test
    void aSingleNaNPoisonsNaiveFedAvg() {
        INDArray agg = FedAvg.sampleWeighted().aggregate(List.of(u(0, 1, 1, 1, 1), u(1, 1, Float.NaN, 0, 0)));
        assertTrue(Float.isNaN(FlatVectors.toArray(agg)[0]));
        assertEquals(0.5f, FlatVectors.toArray(agg)[1], "(1 + 0) / 2 where no NaN is involved");
    }
}
