package org.fedpoison.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@code subset} copies exactly the rows asked for, in order, whatever the layout of the features. */
class DatasetSubsetTest {

    private static float[][] rows(INDArray x) {
        return x.toFloatMatrix();
    }

    private static void check(INDArray features, int[] idx) {
        int n = (int) features.rows();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        Dataset data = new Dataset(features, labels, 3, null, null);
        Dataset sub = data.subset(idx);
        assertArrayEquals(rows(features.getRows(idx)), rows(sub.features()));
        assertEquals(DataType.FLOAT, sub.features().dataType());
        assertArrayEquals(new long[] {idx.length, features.columns()}, sub.features().shape());
        for (int i = 0; i < idx.length; i++) {
            assertEquals(labels[idx[i]], sub.label(i));
        }
    }

    @Test
    void denseViewFortranAndDoubleFeaturesGiveTheSameRows() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] v = new float[40 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        INDArray dense = Nd4j.createFromArray(v).reshape(40, 7);
        int[] idx = {39, 0, 5, 5, 17, 2};
        check(dense, idx);
        check(dense.dup('f'), idx);
        check(dense.castTo(DataType.DOUBLE), idx);
        INDArray wide = Nd4j.createFromArray(v).reshape(20, 14);
        check(wide.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 10)), new int[] {19, 1, 4});
        check(dense, new int[] {7});
        // the copy does not share memory with the original
        Dataset data = new Dataset(dense, new int[40], 1, null, null);
        Dataset sub = data.subset(new int[] {1});
        sub.features().putScalar(0, 0, 1e6f);
        assertEquals(v[7], dense.getFloat(1, 0));
        assertThrows(IllegalArgumentException.class, () -> data.subset(new int[] {40}));
        assertEquals(0, data.subset(new int[0]).size());
    }
}
