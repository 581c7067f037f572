package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector loops give the bits of their scalar loops. */
class VectorLoopsTest {

    @Test
    void addScaledGivesTheScalarLoopsBits() {
        Random rnd = new Random(11);
        for (int len : new int[] {0, 1, 7, 16, 17, 33, 320, 511}) {
            float[] x = new float[len + 9];
            double[] z = new double[len];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
            }
            for (int j = 0; j < len; j++) {
                z[j] = rnd.nextGaussian();
            }
            double a = rnd.nextDouble() / 3;
            double[] expected = z.clone();
            for (int j = 0; j < len; j++) {
                expected[j] += a * x[5 + j];
            }
            VectorLoops.addScaled(z, a, x, 5, len);
            for (int j = 0; j < len; j++) {
                assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(z[j]),
                        "len " + len + ", element " + j);
            }
        }
    }

    @Test
    void addSquaredDifferencesGivesTheScalarLoopsBits() {
        Random rnd = new Random(12);
        for (int len : new int[] {0, 3, 16, 31, 320}) {
            float[] x = new float[len + 4];
            float[] z = new float[len];
            float[] acc = new float[len];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) rnd.nextGaussian();
            }
            for (int j = 0; j < len; j++) {
                z[j] = (float) rnd.nextGaussian();
                acc[j] = (float) Math.abs(rnd.nextGaussian() * 100);
            }
            float[] expected = acc.clone();
            for (int j = 0; j < len; j++) {
                float t = z[j] - x[4 + j];
                expected[j] += t * t;
            }
            VectorLoops.addSquaredDifferences(acc, z, x, 4, len);
            for (int j = 0; j < len; j++) {
                assertEquals(Float.floatToRawIntBits(expected[j]), Float.floatToRawIntBits(acc[j]),
                        "len " + len + ", element " + j);
            }
        }
    }
}
