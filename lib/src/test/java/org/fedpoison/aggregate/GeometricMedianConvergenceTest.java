package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GeometricMedian with its default settings reaches the minimiser to 1e-6 median distances whether
 * the minimiser lies far from, next to or at a client's update.
 *
 * <p>The references are exact by construction where the deltas are float64: with unit vectors
 * {@code u_i} summing to zero, the points {@code x_i = z + r_i u_i} have geometric median {@code z}
 * (the gradient {@code sum_i u_i} vanishes there) whatever the radii, so a small {@code r_0} puts the
 * minimiser next to {@code x_0}; and {@code x_0 = z} with the others' unit vectors summing to less
 * than 1 in norm makes {@code x_0} itself the minimiser (Vardi and Zhang's condition). For float32
 * deltas the reference is the textbook Weiszfeld iteration on the rounded vectors in double, run
 * far past convergence.
 */
class GeometricMedianConvergenceTest {

    /** Unit vectors in R^d whose sum is {@code target} (to rounding), from a seeded start. */
    static double[][] unitVectorsSummingTo(Random r, int k, int d, double[] target) {
        double[][] u = new double[k][d];
        for (double[] row : u) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (int round = 0; round < 500; round++) {
            double[] s = new double[d];
            for (double[] row : u) {
                for (int j = 0; j < d; j++) {
                    s[j] += row[j];
                }
            }
            for (double[] row : u) {
                double n = 0;
                for (int j = 0; j < d; j++) {
                    row[j] -= (s[j] - target[j]) / k;
                    n += row[j] * row[j];
                }
                n = Math.sqrt(n);
                for (int j = 0; j < d; j++) {
                    row[j] /= n;
                }
            }
        }
        double[] s = new double[d];
        for (double[] row : u) {
            for (int j = 0; j < d; j++) {
                s[j] += row[j];
            }
        }
        assertTrue(distance(s, target) < 1e-13, "the construction converged: residual " + distance(s, target));
        return u;
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }

    static double medianDistance(double[][] x, double[] z) {
        double[] dist = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            dist[i] = distance(x[i], z);
        }
        return OrderStatistics.median(dist);
    }

    static List<ClientUpdate> updates(double[][] x, DataType type) {
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            out.add(new ClientUpdate(i, Nd4j.createFromArray(x[i]).castTo(type), 10));
        }
        return out;
    }

    static double[] aggregate(double[][] x, DataType type) {
        return Fixtures.values(GeometricMedian.of().aggregate(updates(x, type)));
    }

    /** Points around {@code z} at radii {@code radii} along unit vectors summing to zero. */
    static double[][] around(double[] z, double[][] u, double[] radii) {
        double[][] x = new double[u.length][z.length];
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < z.length; j++) {
                x[i][j] = z[j] + radii[i] * u[i][j];
            }
        }
        return x;
    }

    static double[] gaussian(Random r, int d, double scale) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = scale * r.nextGaussian();
        }
        return v;
    }

    static void assertWithin(double[] expected, double[] got, double scale, String what) {
        double gap = distance(expected, got);
        assertTrue(gap <= 1e-6 * scale, what + ": " + gap / scale + " median distances from the minimiser");
    }

    @ParameterizedTest(name = "far from every update: k={0} d={1}")
    @CsvSource({"3, 2", "9, 5", "30, 40", "100, 2000"}) // the last one takes the float32 BLAS Gram path... in float64 too
    void farFromEveryUpdate(int k, int d) {
        Random r = new Random(100 + k);
        double[] z = gaussian(r, d, 1.0);
        double[][] u = unitVectorsSummingTo(r, k, d, new double[d]);
        double[] radii = new double[k];
        for (int i = 0; i < k; i++) {
            radii[i] = 0.5 + 1.5 * r.nextDouble();
        }
        double[][] x = around(z, u, radii);
        assertWithin(z, aggregate(x, DataType.DOUBLE), medianDistance(x, z), "far k=" + k + " d=" + d);
    }

    @ParameterizedTest(name = "next to an update: k={0} d={1} r0={2}")
    @CsvSource({"5, 3, 1e-3", "9, 5, 1e-4", "20, 30, 1e-5", "50, 200, 1e-4", "100, 2000, 1e-4"})
    void nextToAnUpdate(int k, int d, double r0) {
        Random r = new Random(200 + k);
        double[] z = gaussian(r, d, 1.0);
        double[][] u = unitVectorsSummingTo(r, k, d, new double[d]);
        double[] radii = new double[k];
        for (int i = 0; i < k; i++) {
            radii[i] = 1 + r.nextDouble();
        }
        radii[0] = r0; // the minimiser z is r0 from x_0, the others are 1 to 2 away
        double[][] x = around(z, u, radii);
        double scale = medianDistance(x, z);
        double[] got = aggregate(x, DataType.DOUBLE);
        assertWithin(z, got, scale, "next to k=" + k + " d=" + d + " r0=" + r0);
        assertTrue(distance(got, x[0]) > 0.5 * r0, "not collapsed onto the update");
    }

    @ParameterizedTest(name = "at an update: k={0} d={1} far={2}")
    @CsvSource({"4, 3, 0", "9, 5, 0", "20, 30, 0", "11, 20, 1.8e4", "100, 2000, 0", "100, 2000, 1.8e4"})
    void atAnUpdate(int k, int d, double far) {
        // x_0 = z; the others pull with unit vectors summing to 0.5 v (|v| = 1), so |R_0| = 0.5 < 1;
        // optionally one of them ~1.8e4 away (the cancellation case of a mean-centred Gram matrix)
        Random r = new Random(300 + k);
        double[] z = gaussian(r, d, 1.0);
        double[] v = gaussian(r, d, 1.0);
        double nv = distance(v, new double[d]);
        for (int j = 0; j < d; j++) {
            v[j] = 0.5 * v[j] / nv;
        }
        double[][] u = unitVectorsSummingTo(r, k - 1, d, v);
        double[] radii = new double[k - 1];
        for (int i = 0; i < k - 1; i++) {
            radii[i] = 1 + r.nextDouble();
        }
        if (far > 0) {
            radii[0] = far;
        }
        double[][] others = around(z, u, radii);
        double[][] x = new double[k][];
        x[0] = z.clone();
        System.arraycopy(others, 0, x, 1, k - 1);
        double scale = medianDistance(x, z);
        assertWithin(z, aggregate(x, DataType.DOUBLE), scale, "at (float64) k=" + k + " d=" + d + " far=" + far);
        // rounded to float32 the condition |R_0| = 0.5 < 1 still holds: the rounded x_0 is the minimiser
        double[][] xf = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                xf[i][j] = (float) x[i][j];
            }
        }
        double[] got = aggregate(xf, DataType.FLOAT);
        for (int j = 0; j < d; j++) {
            assertEquals(xf[0][j], got[j], 0.0, "at (float32): the update itself, coordinate " + j);
        }
    }

    /** The textbook Weiszfeld iteration on explicit vectors, in double, from {@code z0}. */
    static double[] weiszfeld(double[][] x, double[] z0, int iterations) {
        int d = z0.length;
        double[] z = z0.clone();
        for (int it = 0; it < iterations; it++) {
            double[] next = new double[d];
            double sw = 0;
            for (double[] row : x) {
                double w = 1 / distance(row, z);
                sw += w;
                for (int j = 0; j < d; j++) {
                    next[j] += w * row[j];
                }
            }
            for (int j = 0; j < d; j++) {
                next[j] /= sw;
            }
            z = next;
        }
        return z;
    }

    @ParameterizedTest(name = "float32 updates, reference Weiszfeld: k={0} d={1} r0={2}")
    @CsvSource({"20, 50, 1", "80, 3000, 1", "80, 3000, 5e-3"})
    void float32UpdatesAgainstAConvergedReference(int k, int d, double r0) {
        // 80 x 80 x 3000 > 2^24: the Gram matrix is a float32 BLAS product, the direct pass corrects it
        Random r = new Random(400 + k + d);
        double[] z = gaussian(r, d, 0.3);
        double[][] u = unitVectorsSummingTo(r, k, d, new double[d]);
        double[] radii = new double[k];
        for (int i = 0; i < k; i++) {
            radii[i] = 1 + r.nextDouble();
        }
        radii[0] = r0;
        double[][] x = around(z, u, radii);
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) row[j];
            }
        }
        // from z, within float rounding of the minimiser; Weiszfeld contracts by about 1 - r0/2.5 a step
        int iterations = r0 >= 1 ? 200 : 12_000;
        double[] reference = weiszfeld(x, z, iterations);
        double[] got = aggregate(x, DataType.FLOAT);
        double scale = medianDistance(x, reference);
        // the result is float32: its own rounding (|z| 2^-24 per coordinate) comes on top
        double rounding = 0;
        for (double v : reference) {
            rounding += Math.pow(Math.ulp((float) v), 2) / 4;
        }
        double gap = distance(reference, got);
        assertTrue(gap <= 1e-6 * scale + Math.sqrt(rounding), "float32: " + gap / scale
                + " median distances from the reference (float rounding alone " + Math.sqrt(rounding) / scale + ")");
    }
}
