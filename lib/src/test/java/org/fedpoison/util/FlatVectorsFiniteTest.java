package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The raw-bits finiteness test answers as {@link Float#isFinite} for every kind of value and position. */
class FlatVectorsFiniteTest {

    @Test
    void theBitsTestAgreesWithFloatIsFiniteOnEveryKindOfValue() {
        int[] special = {0, 0x80000000, 0x7F7FFFFF, 0xFF7FFFFF, 1, 0x807FFFFF, 0x00800000, 0x3F800000,
            0x7F800000, 0xFF800000, 0x7FC00000, 0x7F800001, 0xFFFFFFFF, 0x7FFFFFFF, 0x7F000000, 0xFF000000};
        for (int b : special) {
            assertEquals(Float.isFinite(Float.intBitsToFloat(b)), FlatVectors.allFiniteBits(new int[] {b}, 1),
                    Integer.toHexString(b));
        }
        SplittableRandom rng = new SplittableRandom(1);
        for (int t = 0; t < 200_000; t++) {
            int b = rng.nextInt();
            if (t % 3 == 0) {
                b |= 0x7F800000; // all-ones exponent: NaN or infinity, any payload and sign
            }
            assertEquals(Float.isFinite(Float.intBitsToFloat(b)), FlatVectors.allFiniteBits(new int[] {b}, 1),
                    Integer.toHexString(b));
        }
        // the values after len are not read
        assertTrue(FlatVectors.allFiniteBits(new int[] {0, 0x7FC00000}, 1));
    }

    @Test
    void isFiniteFindsOneBadValueAnywhereInAnyLayout() {
        int n = 2 * FlatVectors.CHUNK + 5;
        float[] v = new float[n];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian() * 1e30f;
        }
        assertTrue(FlatVectors.isFinite(FlatVectors.of(v)));
        for (int at : new int[] {0, 7, FlatVectors.CHUNK - 1, FlatVectors.CHUNK, n - 1}) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] w = v.clone();
                w[at] = bad;
                INDArray dense = FlatVectors.of(w);
                assertFalse(FlatVectors.isFinite(dense), "dense, " + bad + " at " + at);
                assertFalse(FlatVectors.isFinite(dense.castTo(DataType.DOUBLE)), "double, " + bad + " at " + at);
                INDArray wide = Nd4j.create(DataType.FLOAT, n + 2);
                INDArray view = wide.get(NDArrayIndex.interval(2, n + 2));
                view.assign(dense);
                assertFalse(FlatVectors.isFinite(view), "view, " + bad + " at " + at);
            }
        }
        // 3e38 is finite in float32 (and its double is too)
        assertTrue(FlatVectors.isFinite(FlatVectors.of(new float[] {3e38f, -3e38f, Float.MIN_VALUE})));
    }
}
