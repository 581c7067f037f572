package org.fedpoison.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backpropagation is checked against central finite differences of an independent double-precision
 * implementation of the loss written here from the formulas: one full-batch SGD step with rate
 * {@code eta} gives {@code g = (w - w') / eta}, which must equal {@code dL/dw}.
 */
class GradientCheckTest {

    /** Small random data: n examples, d features, labels covering all c classes. */
    static Dataset data(int n, int d, int c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
        }
        return new Dataset(Nd4j.create(x, new long[] {n, d}, 'c'), y, c, null, null);
    }

    /** Mean cross-entropy in double, from the flat layout documented by the models. */
    static double referenceLoss(double[] w, Dataset data, int d, int h, int c) {
        float[] x = FlatVectors.toArray(data.features());
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] z = new double[c];
            if (h == 0) {
                for (int k = 0; k < c; k++) {
                    double s = w[d * c + k];
                    for (int j = 0; j < d; j++) {
                        s += x[i * d + j] * w[j * c + k];
                    }
                    z[k] = s;
                }
            } else {
                int oB1 = d * h;
                int oW2 = oB1 + h;
                int oB2 = oW2 + h * c;
                double[] a = new double[h];
                for (int u = 0; u < h; u++) {
                    double s = w[oB1 + u];
                    for (int j = 0; j < d; j++) {
                        s += x[i * d + j] * w[j * h + u];
                    }
                    a[u] = Math.max(0, s);
                }
                for (int k = 0; k < c; k++) {
                    double s = w[oB2 + k];
                    for (int u = 0; u < h; u++) {
                        s += a[u] * w[oW2 + u * c + k];
                    }
                    z[k] = s;
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            total += max + Math.log(sum) - z[data.label(i)];
        }
        return total / data.size();
    }

    private static void check(Model model, int d, int h, int c) {
        Dataset data = data(12, d, c, 5);
        float[] w0f = FlatVectors.toArray(model.init(3));
        // move the biases away from 0 so their gradients are exercised in general position
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < w0f.length; i++) {
            w0f[i] += (float) (0.1 * rng.nextGaussian());
        }
        double eta = 1.0;
        float[] w1 = FlatVectors.toArray(model.train(FlatVectors.of(w0f), data, new TrainConfig(1, data.size(), eta), 1));
        double[] w = new double[w0f.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = w0f[i];
        }
        // the forward pass agrees with the reference
        assertEquals(referenceLoss(w, data, d, h, c), model.evaluate(FlatVectors.of(w0f), data).loss(), 1e-5);
        double eps = 1e-5;
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            double keep = w[i];
            w[i] = keep + eps;
            double up = referenceLoss(w, data, d, h, c);
            w[i] = keep - eps;
            double down = referenceLoss(w, data, d, h, c);
            w[i] = keep;
            double numeric = (up - down) / (2 * eps);
            double backprop = (w0f[i] - w1[i]) / eta;
            double err = Math.abs(numeric - backprop);
            worst = Math.max(worst, err);
            // float32 parameters near 1 carry a rounding error of about 6e-8 per step
            assertTrue(err < 2e-5 + 1e-3 * Math.abs(numeric),
                    model.name() + " parameter " + i + ": backprop " + backprop + " vs finite difference " + numeric);
        }
        assertTrue(worst < 1e-4, "worst gradient error " + worst);
    }

    @Test
    void softmaxRegressionGradientMatchesFiniteDifferences() {
        check(SoftmaxRegression.of(5, 3), 5, 0, 3);
    }

    @Test
    void mlpGradientMatchesFiniteDifferences() {
        check(Mlp.of(5, 4, 3), 5, 4, 3);
    }
}
