package org.fedpoison.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Evaluation;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.TrainTest;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolutional network against an independent double-precision reference written here from
 * the layout its Javadoc documents (direct convolution loops, no im2col), by central finite
 * differences; plus hand-checked im2col and pooling, determinism and learning.
 */
class CnnTest {
    /** A tiny net that exercises padding, two channels in, odd pooling and two dense layers. */
    static final Cnn TINY = Cnn.of(6, 7, 3, List.of(new Cnn.Conv(3, 2, 1), new Cnn.Conv(2, 3, 0)), 4);

    static Dataset images(int n, int h, int w, int c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
        }
        return new Dataset(Nd4j.create(x, new long[] {n, h * w}, 'c'), y, c, new int[] {h, w}, null);
    }

    /** Reference forward pass of one example in double: returns the logits. */
    static double[] referenceLogits(Cnn net, double[] p, double[] x, int height, int width) {
        int h = height;
        int w = width;
        int c = 1;
        double[] a = x.clone(); // [h][w][c]
        int off = 0;
        for (Cnn.Conv cv : net.convs()) {
            int k = cv.kernel();
            int pad = cv.padding();
            int f = cv.filters();
            int oh = h + 2 * pad - k + 1;
            int ow = w + 2 * pad - k + 1;
            int wOff = off;
            int bOff = off + k * k * c * f;
            off = bOff + f;
            double[] z = new double[oh * ow * f];
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int o = 0; o < f; o++) {
                        double s = p[bOff + o];
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy + ky - pad;
                                int ix = ox + kx - pad;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int ch = 0; ch < c; ch++) {
                                    s += a[(iy * w + ix) * c + ch] * p[wOff + ((ky * k + kx) * c + ch) * f + o];
                                }
                            }
                        }
                        z[(oy * ow + ox) * f + o] = Math.max(0, s);
                    }
                }
            }
            int ph = oh / 2;
            int pw = ow / 2;
            double[] pooled = new double[ph * pw * f];
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    for (int o = 0; o < f; o++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                m = Math.max(m, z[((2 * py + dy) * ow + 2 * px + dx) * f + o]);
                            }
                        }
                        pooled[(py * pw + px) * f + o] = m;
                    }
                }
            }
            a = pooled;
            h = ph;
            w = pw;
            c = f;
        }
        int[] widths = new int[net.hidden().length + 1];
        System.arraycopy(net.hidden(), 0, widths, 0, net.hidden().length);
        widths[widths.length - 1] = net.numClasses();
        for (int j = 0; j < widths.length; j++) {
            int in = a.length;
            int out = widths[j];
            double[] z = new double[out];
            for (int o = 0; o < out; o++) {
                double s = p[off + in * out + o];
                for (int i = 0; i < in; i++) {
                    s += a[i] * p[off + i * out + o];
                }
                z[o] = j < widths.length - 1 ? Math.max(0, s) : s;
            }
            off += in * out + out;
            a = z;
        }
        assertEquals(net.numParams(), off, "the reference walks the whole documented layout");
        return a;
    }

    static double referenceLoss(Cnn net, double[] p, Dataset data, int h, int w) {
        float[] x = FlatVectors.toArray(data.features());
        int d = h * w;
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] xi = new double[d];
            for (int j = 0; j < d; j++) {
                xi[j] = x[i * d + j];
            }
            double[] z = referenceLogits(net, p, xi, h, w);
            double max = Arrays.stream(z).max().getAsDouble();
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            total += max + Math.log(s) - z[data.label(i)];
        }
        return total / data.size();
    }

    static double[] doubles(INDArray a) {
        float[] f = FlatVectors.toArray(a);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void lenet5HasTheDocumentedSizeAndCost() {
        Cnn net = Cnn.lenet5(28, 28, 10);
        // conv1 5*5*1*6 + 6, conv2 5*5*6*16 + 16, 400*120 + 120, 120*84 + 84, 84*10 + 10
        assertEquals(156 + 2_416 + 48_120 + 10_164 + 850, net.numParams());
        // forward: conv1 2*784*25*6 = 235,200; conv2 2*100*150*16 = 480,000; dense 2*(48,000 + 10,080 + 840);
        // backward: conv1 weights only (x1), the rest weights and inputs (x2)
        long fwd = 235_200 + 480_000 + 2 * (48_000 + 10_080 + 840);
        assertEquals(fwd + 235_200 + 2 * (480_000 + 2 * (48_000 + 10_080 + 840)), net.flopsPerExample());
        assertEquals(2_263_920, net.flopsPerExample());
        assertEquals(3_350, Cnn.small(8, 8, 10).numParams());
    }

    @Test
    void logitsEqualTheDirectConvolutionReference() {
        Dataset data = images(5, 6, 7, 3, 1);
        INDArray p = TINY.init(3).addi(0.05); // non-zero biases
        double[] pd = doubles(p);
        INDArray z = TINY.logits(p, data.features());
        float[] x = FlatVectors.toArray(data.features());
        for (int i = 0; i < 5; i++) {
            double[] xi = new double[42];
            for (int j = 0; j < 42; j++) {
                xi[j] = x[i * 42 + j];
            }
            double[] ref = referenceLogits(TINY, pd, xi, 6, 7);
            for (int k = 0; k < 3; k++) {
                assertEquals(ref[k], z.getFloat(i, k), 1e-5, "example " + i + " class " + k);
            }
        }
        assertEquals(referenceLoss(TINY, pd, data, 6, 7), TINY.evaluate(p, data).loss(), 1e-5);
    }

    @Test
    void parameterGradientMatchesFiniteDifferencesOfTheReference() {
        Dataset data = images(6, 6, 7, 3, 2);
        INDArray p = TINY.init(5).addi(0.05);
        double[] pd = doubles(p);
        float[] g = FlatVectors.toArray(TINY.lossGradient(p, data.features(), data.labels()));
        double eps = 1e-5;
        double worst = 0;
        for (int i = 0; i < pd.length; i++) {
            double keep = pd[i];
            pd[i] = keep + eps;
            double up = referenceLoss(TINY, pd, data, 6, 7);
            pd[i] = keep - eps;
            double down = referenceLoss(TINY, pd, data, 6, 7);
            pd[i] = keep;
            double num = (up - down) / (2 * eps);
            worst = Math.max(worst, Math.abs(num - g[i]) / (1e-4 + Math.abs(num) + Math.abs(g[i])));
        }
        assertTrue(worst < 1e-3, "largest relative error over all " + pd.length + " parameters: " + worst);
    }

    @Test
    void inputGradientMatchesFiniteDifferencesOfTheReference() {
        Dataset data = images(3, 6, 7, 3, 4);
        INDArray p = TINY.init(6).addi(0.05);
        double[] pd = doubles(p);
        INDArray gx = TINY.inputGradient(p, data.features(), data.labels());
        float[] x = FlatVectors.toArray(data.features());
        double eps = 1e-5;
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            double[] xi = new double[42];
            for (int j = 0; j < 42; j++) {
                xi[j] = x[i * 42 + j];
            }
            for (int j = 0; j < 42; j++) {
                double keep = xi[j];
                xi[j] = keep + eps;
                double up = oneLoss(pd, xi, data.label(i));
                xi[j] = keep - eps;
                double down = oneLoss(pd, xi, data.label(i));
                xi[j] = keep;
                double num = (up - down) / (2 * eps);
                double ana = gx.getFloat(i, j);
                worst = Math.max(worst, Math.abs(num - ana) / (1e-4 + Math.abs(num) + Math.abs(ana)));
            }
        }
        assertTrue(worst < 1e-3, "largest relative error over all input pixels: " + worst);
    }

    private static double oneLoss(double[] p, double[] x, int y) {
        double[] z = referenceLogits(TINY, p, x, 6, 7);
        double max = Arrays.stream(z).max().getAsDouble();
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s) - z[y];
    }

    @Test
    void im2colAndPoolingMatchHandComputedValues() {
        // a 1x3x3 image 1..9, kernel 2, no padding: four windows of four pixels; row stride 5 leaves
        // the fifth entry of each row (the bias column) as it was
        float[] col = new float[20];
        Arrays.fill(col, -7f);
        ConvOps.im2col(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1, 2, col, 5);
        assertArrayEquals(new float[] {1, 2, 4, 5, -7, 2, 3, 5, 6, -7, 4, 5, 7, 8, -7, 5, 6, 8, 9, -7}, col);
        // two channels: each kernel row is one run of k*c = 4 floats (pixel-major, channel-minor)
        float[] col2 = new float[8];
        ConvOps.im2col(new float[] {1, -1, 2, -2, 3, -3, 4, -4}, 1, 2, 2, 2, 2, col2, 8);
        assertArrayEquals(new float[] {1, -1, 2, -2, 3, -3, 4, -4}, col2);
        // transposed (one channel): row ky*k + kx holds that kernel offset's pixel for each window
        float[] colT = new float[16];
        PlanarIm2col.im2col(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 2, colT);
        assertArrayEquals(new float[] {1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9}, colT);
        // col2im is the adjoint: each pixel receives the count of windows that read it
        float[] back = new float[9];
        float[] ones = new float[16];
        Arrays.fill(ones, 1f);
        ConvOps.col2im(ones, 1, 3, 3, 1, 2, back);
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, back);
        float[] backT = new float[9];
        PlanarIm2col.col2im(ones, 1, 3, 3, 2, backT);
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, backT);
        // ReLU and 2x2 pooling of a 3x4 map with 1 channel: the odd last row is dropped, and a
        // window of negative values pools to 0
        float[] z = {1, 5, -2, -1, 3, 4, -9, -8, 7, 7, 7, 7};
        float[] out = new float[2];
        int[] arg = new int[2];
        ConvOps.maxPool(z, 1, 3, 4, 1, 12, 1, 1, out, 1, 2, 0, arg);
        assertArrayEquals(new float[] {5, 0}, out);
        assertArrayEquals(new int[] {1, 3}, arg);
        // the same, written into the interior of a 3x4 map padded by 1 (the next layer's input)
        float[] padded = new float[12];
        z[2] = 9;
        ConvOps.maxPool(z, 1, 3, 4, 1, 12, 1, 1, padded, 3, 4, 1, arg);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 5, 9, 0, 0, 0, 0, 0}, padded);
        // two channels stored as planes [c, rows] (stride 12 between channels) pool like channels-last
        float[] planes = new float[24];
        float[] last = new float[24];
        for (int i = 0; i < 12; i++) {
            planes[i] = z[i];
            planes[12 + i] = -z[i];
            last[2 * i] = z[i];
            last[2 * i + 1] = -z[i];
        }
        float[] fromPlanes = new float[4];
        float[] fromLast = new float[4];
        ConvOps.maxPool(planes, 1, 3, 4, 2, 12, 1, 12, fromPlanes, 1, 2, 0, new int[4]);
        ConvOps.maxPool(last, 1, 3, 4, 2, 24, 2, 1, fromLast, 1, 2, 0, new int[4]);
        assertArrayEquals(new float[] {5, 0, 9, 9}, fromPlanes);
        assertArrayEquals(fromLast, fromPlanes);
    }

    @Test
    void trainingIsDeterministicOnAnyThreadAndLeavesItsInput() throws Exception {
        TrainTest tt = Datasets.digits();
        Cnn net = Cnn.small(8, 8, 10);
        INDArray w0 = net.init(7);
        float[] before = FlatVectors.toArray(w0);
        TrainConfig cfg = new TrainConfig(1, 32, 0.1);
        float[] a = FlatVectors.toArray(net.train(w0, tt.train(), cfg, 11));
        AtomicReference<float[]> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(FlatVectors.toArray(net.train(w0, tt.train(), cfg, 11))));
        t.start();
        t.join();
        assertArrayEquals(before, FlatVectors.toArray(w0), "input parameters unchanged");
        assertArrayEquals(a, other.get(), "same seed on another thread, same bits");
        assertArrayEquals(a, FlatVectors.toArray(net.train(w0, tt.train(), cfg, 11)), "same seed, same bits");
        assertFalse(Arrays.equals(a, FlatVectors.toArray(net.train(w0, tt.train(), cfg, 12))), "the seed orders the minibatches");
        assertArrayEquals(FlatVectors.toArray(net.init(7)), before, "init is seeded");
    }

    @Test
    void learnsTheDigits() {
        // chance 0.10; softmax regression reaches about 0.95 here, so 0.9 after 8 epochs shows that
        // the convolutional path learns; a wrong index in any layer keeps it far below
        TrainTest tt = Datasets.digits();
        Cnn net = Cnn.small(8, 8, 10);
        INDArray w = net.train(net.init(1), tt.train(), new TrainConfig(8, 16, 0.1), 2);
        Evaluation ev = net.evaluate(w, tt.test());
        assertTrue(ev.accuracy() > 0.9, "accuracy " + ev.accuracy());
        int[] pred = net.predict(w, tt.test().features());
        int right = 0;
        for (int i = 0; i < pred.length; i++) {
            right += pred[i] == tt.test().label(i) ? 1 : 0;
        }
        assertEquals(ev.accuracy(), (double) right / pred.length, 1e-12, "predict agrees with evaluate");
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Cnn.Conv(0, 4, 0)).getMessage().contains("kernel"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Cnn.Conv(3, 4, 3)).getMessage().contains("padding"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cnn.of(4, 4, 10,
                List.of(new Cnn.Conv(3, 2, 0), new Cnn.Conv(3, 2, 0)))).getMessage().contains("pool"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cnn.small(8, 8, 1)).getMessage().contains("classes"));
        Cnn net = Cnn.small(8, 8, 10);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> net.train(net.init(1),
                Datasets.blobs(10, 3, 2, 1, 1), TrainConfig.defaults(), 1)).getMessage().contains("features"));
    }
}
