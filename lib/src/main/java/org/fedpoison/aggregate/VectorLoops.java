package org.fedpoison.aggregate;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loops that the JIT does not vectorise by itself (they widen float32 to double), written with the
 * JDK's vector API; each gives exactly the bits of its scalar loop (the same operations in the same
 * order per element, a multiplication and an addition each rounded). Used only when
 * {@link OrderStatistics#VECTOR_API} holds.
 */
final class VectorLoops {
    private VectorLoops() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, FS.vectorShape());
    private static final int L = FS.length();

    /** {@code z[j] += a * x[at + j]} for {@code j < len}, {@code x[at + j]} widened to double. */
    static void addScaled(double[] z, double a, float[] x, int at, int len) {
        int j = 0;
        int half = L / 2;
        for (; j + L <= len; j += L) {
            FloatVector v = FloatVector.fromArray(FS, x, at + j);
            DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1);
            lo.mul(a).add(DoubleVector.fromArray(DS, z, j)).intoArray(z, j);
            hi.mul(a).add(DoubleVector.fromArray(DS, z, j + half)).intoArray(z, j + half);
        }
        for (; j < len; j++) {
            z[j] += a * x[at + j];
        }
    }

    /** {@code acc[j] += (z[j] - x[at + j])^2} for {@code j < len}, in float32 (each operation rounded). */
    static void addSquaredDifferences(float[] acc, float[] z, float[] x, int at, int len) {
        int j = 0;
        for (; j + L <= len; j += L) {
            FloatVector t = FloatVector.fromArray(FS, z, j).sub(FloatVector.fromArray(FS, x, at + j));
            t.mul(t).add(FloatVector.fromArray(FS, acc, j)).intoArray(acc, j);
        }
        for (; j < len; j++) {
            float t = z[j] - x[at + j];
            acc[j] += t * t;
        }
    }
}
