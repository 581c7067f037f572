package org.fedpoison.model;

import java.util.Arrays;

/**
 * Softmax cross-entropy on a block of logits, the one loss of the library's classifiers:
 * {@code loss_i = log sum_k exp(z_ik) - z_iy} (log-sum-exp shifted by the row's maximum, so no
 * exponential overflows) and its gradient {@code (softmax(z_i) - onehot(y_i)) / m}. Rows are
 * {@code c} consecutive floats of a row-major {@code [m, c]} block.
 */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** {@code log sum_k exp(z[off + k]) - z[off + y]}, in double precision. */
    static double rowLoss(float[] z, int off, int c, int y) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            max = Math.max(max, z[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            sum += Math.exp(z[off + k] - max);
        }
        return max + Math.log(sum) - z[off + y];
    }

    /**
     * Adds {@code bias} to each of the {@code m} rows of {@code z}, then overwrites the block with
     * the gradient of the mean cross-entropy, {@code (softmax(z_i) - onehot(y_i)) / m}, and sums its
     * columns into {@code biasGrad} (the gradient of the bias). The exponentials are float32, their
     * sum double. The labels are {@code ys[y0 .. y0 + m)}.
     */
    static void meanGradient(float[] z, int m, int c, float[] bias, int[] ys, int y0, float[] biasGrad) {
        Arrays.fill(biasGrad, 0f);
        float invM = 1f / m;
        for (int i = 0; i < m; i++) {
            int row = i * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                float v = z[row + k] + bias[k];
                z[row + k] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                float e = (float) Math.exp(z[row + k] - max);
                z[row + k] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            int y = ys[y0 + i];
            for (int k = 0; k < c; k++) {
                float g = (z[row + k] * inv - (k == y ? 1f : 0f)) * invM;
                z[row + k] = g;
                biasGrad[k] += g;
            }
        }
    }
}
