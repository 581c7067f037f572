package org.fedpoison.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The direct first-layer convolution of {@link Cnn} ({@link ConvOps#convPlanar} and its pooling,
 * weight gradient and input gradient) against naive double-precision loops written here from the
 * documented formulas, and the forward pass against the im2col path it replaced
 * ({@link PlanarIm2col#im2col} times {@code [W; b]}), on random inputs: with and without padding,
 * odd image sides (a trailing row or column the pooling drops), odd batch sizes (the weight
 * gradient's two-image loop and its remainder), kernels 2, 3 and 5, and tap counts that are and are
 * not multiples of four (the forward pass's four-tap loop and its remainder).
 */
class CnnDirectConvTest {
    /** {height, width, kernel, padding, filters, batch}. */
    private static final int[][] CASES = {
        {6, 7, 3, 1, 2, 3},
        {9, 11, 5, 2, 3, 5},
        {8, 8, 3, 1, 6, 2},
        {28, 28, 5, 2, 6, 3},
        {7, 5, 2, 0, 4, 1},
        {10, 9, 5, 0, 1, 4},
    };

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }

    @Test
    void forwardPoolingAndBothGradientsEqualNaiveLoops() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int[] c : CASES) {
            int h = c[0];
            int wd = c[1];
            int k = c[2];
            int pad = c[3];
            int f = c[4];
            int m = c[5];
            String name = "case " + java.util.Arrays.toString(c);
            int hp = h + 2 * pad;
            int wp = wd + 2 * pad;
            int oh = hp - k + 1;
            int ow = wp - k + 1;
            int ph = oh / 2;
            int pw = ow / 2;
            int n = (oh - 1) * wp + ow;
            int img = hp * wp;
            float[] in = new float[m * img];
            for (int b = 0; b < m; b++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < wd; x++) {
                        in[b * img + (y + pad) * wp + x + pad] = (float) (rng.nextDouble() * 2 - 1);
                    }
                }
            }
            float[] wb = random(rng, (k * k + 1) * f);
            float[][] shift = new float[4][n];
            float[][] z = new float[f][n];
            float[] out = new float[m * ph * pw * f];
            byte[] arg = new byte[m * ph * pw * f];
            // the im2col path this replaced: colT [k*k, rows] (rows = m*oh*ow), then [rows, f] = colT^T [W; b]
            float[] colT = new float[k * k * m * oh * ow];
            PlanarIm2col.im2col(in, m, hp, wp, k, colT);
            int rows = m * oh * ow;
            for (int b = 0; b < m; b++) {
                ConvOps.convPlanar(in, b * img, wp, oh, ow, k, f, wb, shift, z);
                // five scratch rows take a kernel row per pass for 5x5 kernels: the same bits
                float[][] z5 = new float[f][n];
                ConvOps.convPlanar(in, b * img, wp, oh, ow, k, f, wb, new float[5][n], z5);
                for (int ch = 0; ch < f; ch++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(Float.floatToRawIntBits(z[ch][j]), Float.floatToRawIntBits(z5[ch][j]), name + " five-row pass");
                    }
                }
                for (int ch = 0; ch < f; ch++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            double s = wb[k * k * f + ch];
                            double viaCol = wb[k * k * f + ch];
                            int r = (b * oh + oy) * ow + ox;
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    s += (double) in[b * img + (oy + ky) * wp + ox + kx] * wb[(ky * k + kx) * f + ch];
                                    viaCol += (double) colT[(ky * k + kx) * rows + r] * wb[(ky * k + kx) * f + ch];
                                }
                            }
                            float got = z[ch][oy * wp + ox];
                            assertEquals(s, got, 1e-5 * (1 + Math.abs(s)), name + " conv b" + b + " ch" + ch + " at " + oy + "," + ox);
                            assertEquals(viaCol, got, 1e-5 * (1 + Math.abs(s)), name + " against im2col");
                        }
                    }
                }
                ConvOps.maxPoolPlanar(z, wp, oh, ow, f, out, b * ph * pw * f, pw, 0, arg, b * ph * pw * f);
                for (int py = 0; py < ph; py++) {
                    for (int px = 0; px < pw; px++) {
                        for (int ch = 0; ch < f; ch++) {
                            int i = b * ph * pw * f + (py * pw + px) * f + ch;
                            int s = 2 * py * wp + 2 * px;
                            int[] at = {s, s + 1, s + wp, s + wp + 1};
                            float max = Float.NEGATIVE_INFINITY;
                            int first = -1;
                            for (int q = 0; q < 4; q++) {
                                if (z[ch][at[q]] > max) {
                                    max = z[ch][at[q]];
                                    first = q;
                                }
                            }
                            assertEquals(Math.max(max, 0f), out[i], 0f, name + " pooled value");
                            assertEquals(first, arg[i], name + " argmax (the first maximum)");
                        }
                    }
                }
            }
            // backward: the pooled gradient to the argmax where the pooled value is positive
            float[] dOut = random(rng, m * ph * pw * f);
            float[][] dz = new float[m * f][n];
            for (int b = 0; b < m; b++) {
                ConvOps.maxPoolPlanarBackward(dOut, out, b * ph * pw * f, pw, 0, arg, b * ph * pw * f, wp, oh, ow, f, dz, b * f);
            }
            for (int b = 0; b < m; b++) {
                for (int ch = 0; ch < f; ch++) {
                    for (int j = 0; j < n; j++) {
                        int oy = j / wp;
                        int ox = j % wp;
                        float expect = 0f;
                        if (oy < 2 * ph && ox < 2 * pw) {
                            int i = b * ph * pw * f + ((oy / 2) * pw + ox / 2) * f + ch;
                            int q = (oy % 2) * 2 + ox % 2;
                            if (arg[i] == q && out[i] > 0f) {
                                expect = dOut[i];
                            }
                        }
                        assertEquals(expect, dz[b * f + ch][j], 0f, name + " pool backward b" + b + " ch" + ch + " j" + j);
                    }
                }
            }
            // weight and bias gradient, and the input gradient, against the naive sums
            float[][] acc = new float[f * (k * k + 1)][n];
            float[] grad = new float[(k * k + 1) * f];
            ConvOps.convPlanarWeightGrad(in, m, hp, wp, oh, ow, k, f, dz, shift, acc, grad);
            double[] dIn = new double[m * img];
            for (int ch = 0; ch < f; ch++) {
                double bias = 0;
                double[] dw = new double[k * k];
                for (int b = 0; b < m; b++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            double d = dz[b * f + ch][oy * wp + ox];
                            bias += d;
                            for (int t = 0; t < k * k; t++) {
                                int at = b * img + (oy + t / k) * wp + ox + t % k;
                                dw[t] += d * in[at];
                                dIn[at] += d * wb[t * f + ch];
                            }
                        }
                    }
                }
                for (int t = 0; t < k * k; t++) {
                    assertEquals(dw[t], grad[t * f + ch], 1e-5 * (1 + Math.abs(dw[t])), name + " dW tap " + t + " ch " + ch);
                }
                assertEquals(bias, grad[k * k * f + ch], 1e-5 * (1 + Math.abs(bias)), name + " db ch " + ch);
            }
            // the fused kernel, straight from the pooled gradient, against the wide-plane path and the naive sums
            float[] fused = new float[(k * k + 1) * f];
            ConvOps.convPlanarPooledWeightGrad(in, m, hp, wp, oh, ow, k, f, dOut, out, ph * pw * f, pw, 0, arg,
                    new int[ph * pw], new float[ph * pw], new double[(k * k + 1) * f], fused);
            for (int i = 0; i < fused.length; i++) {
                assertEquals(grad[i], fused[i], 1e-5 * (1 + Math.abs(grad[i])), name + " fused weight gradient " + i);
            }
            assertPooledWeightGradMatchesOnPaddedPlacement(rng, in, m, hp, wp, oh, ow, k, f, out, arg, dOut, name);
            float[] gotIn = new float[m * img];
            java.util.Arrays.fill(gotIn, 7f); // overwritten, not added to
            for (int b = 0; b < m; b++) {
                ConvOps.convPlanarInputGrad(dz, b * f, hp, wp, oh, ow, k, f, wb, shift[0], gotIn, b * img);
            }
            for (int i = 0; i < m * img; i++) {
                assertEquals(dIn[i], gotIn[i], 1e-5 * (1 + Math.abs(dIn[i])), name + " input gradient at " + i);
            }
        }
    }

    /**
     * The pooled map placed inside a zero-padded next-layer input (pad 1, as in {@link Cnn#small}):
     * the fused weight gradient reads it with that placement and gives the wide-plane path's result.
     */
    private static void assertPooledWeightGradMatchesOnPaddedPlacement(SplittableRandom rng, float[] in, int m, int hp,
            int wp, int oh, int ow, int k, int f, float[] out, byte[] arg, float[] dOut, String name) {
        int ph = oh / 2;
        int pw = ow / 2;
        int n = (oh - 1) * wp + ow;
        int pad = 1;
        int oW = pw + 2 * pad;
        int oImg = (ph + 2 * pad) * oW * f;
        float[] outP = new float[m * oImg];
        float[] dOutP = random(rng, m * oImg); // the border entries must be ignored
        for (int b = 0; b < m; b++) {
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    for (int ch = 0; ch < f; ch++) {
                        int i = b * ph * pw * f + (py * pw + px) * f + ch;
                        int d = b * oImg + ((py + pad) * oW + px + pad) * f + ch;
                        outP[d] = out[i];
                        dOutP[d] = dOut[i];
                    }
                }
            }
        }
        float[][] dz = new float[m * f][n];
        for (int b = 0; b < m; b++) {
            ConvOps.maxPoolPlanarBackward(dOutP, outP, b * oImg, oW, pad, arg, b * ph * pw * f, wp, oh, ow, f, dz, b * f);
        }
        float[] ref = new float[(k * k + 1) * f];
        ConvOps.convPlanarWeightGrad(in, m, hp, wp, oh, ow, k, f, dz, new float[4][n], new float[f * (k * k + 1)][n], ref);
        float[] fused = new float[ref.length];
        ConvOps.convPlanarPooledWeightGrad(in, m, hp, wp, oh, ow, k, f, dOutP, outP, oImg, oW, pad, arg, new int[ph * pw],
                new float[ph * pw], new double[ref.length], fused);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], fused[i], 1e-5 * (1 + Math.abs(ref[i])), name + " fused weight gradient, padded placement, " + i);
        }
    }

    @Test
    void col2imGatherGivesTheScattersBits() {
        // six channels take the gather; it must give the scatter's bits exactly (the same additions in the same order)
        SplittableRandom rng = new SplittableRandom(5);
        int[][] shapes = {{14, 14, 5, 3}, {14, 14, 5, 4}, {6, 7, 3, 2}, {4, 4, 1, 1}, {5, 9, 5, 5}, {3, 3, 2, 1}};
        for (int[] sh : shapes) {
            int hp = sh[0];
            int wp = sh[1];
            int k = sh[2];
            int m = sh[3];
            int rows = m * (hp - k + 1) * (wp - k + 1);
            float[] col = random(rng, rows * k * k * 6);
            float[] scatter = random(rng, m * hp * wp * 6);
            float[] gather = random(rng, m * hp * wp * 6);
            ConvOps.col2imScatter(col, m, hp, wp, 6, k, scatter, 0);
            ConvOps.col2imGather6(col, m, hp, wp, k, gather, 0);
            for (int i = 0; i < scatter.length; i++) {
                assertEquals(Float.floatToRawIntBits(scatter[i]), Float.floatToRawIntBits(gather[i]),
                        java.util.Arrays.toString(sh) + " at " + i + ": " + scatter[i] + " vs " + gather[i]);
            }
        }
    }

    @Test
    void aNetOnOddImagesWithAFiveByFiveFirstLayerMatchesTheReferenceGradient() {
        // 9x11 images, conv 5x5 pad 2 (a 9x11 map: a trailing row and column the pooling drops), then
        // conv 3x3 on the 4x5 map: the direct first layer inside a whole network, by finite differences
        Cnn net = Cnn.of(9, 11, 3, List.of(new Cnn.Conv(5, 3, 2), new Cnn.Conv(3, 2, 1)), 4);
        Dataset data = CnnTest.images(5, 9, 11, 3, 7);
        INDArray p = net.init(9).addi(0.05);
        double[] pd = CnnTest.doubles(p);
        float[] g = FlatVectors.toArray(net.lossGradient(p, data.features(), data.labels()));
        double eps = 1e-5;
        double worst = 0;
        int layer0 = 5 * 5 * 3 + 3;
        for (int i = 0; i < pd.length; i++) {
            double keep = pd[i];
            pd[i] = keep + eps;
            double up = CnnTest.referenceLoss(net, pd, data, 9, 11);
            pd[i] = keep - eps;
            double down = CnnTest.referenceLoss(net, pd, data, 9, 11);
            pd[i] = keep;
            double fd = (up - down) / (2 * eps);
            double err = Math.abs(fd - g[i]) / (1e-4 + Math.abs(fd) + Math.abs(g[i]));
            worst = Math.max(worst, err);
            assertTrue(err < 1e-3, "parameter " + i + (i < layer0 ? " (layer 0)" : "") + ": finite difference " + fd
                    + ", gradient " + g[i]);
        }
        assertTrue(worst < 1e-3, "largest relative error over all " + pd.length + " parameters: " + worst);
        double[] x = CnnTest.doubles(data.features());
        INDArray z = net.logits(p, data.features());
        for (int i = 0; i < 5; i++) {
            double[] ref = CnnTest.referenceLogits(net, pd, java.util.Arrays.copyOfRange(x, i * 99, (i + 1) * 99), 9, 11);
            for (int c = 0; c < 3; c++) {
                assertEquals(ref[c], z.getFloat(i, c), 1e-5, "logit " + c + " of example " + i);
            }
        }
    }
}
