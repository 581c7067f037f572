package org.fedpoison.model;

import org.fedpoison.core.Evaluation;
import org.fedpoison.core.TrainConfig;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.openblas.global.openblas;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small convolutional network in the style of LeNet-5 (LeCun et al., 1998) on one-channel
 * images: convolution blocks {@code conv k x k (padding p, stride 1) -> ReLU -> max-pool 2x2}, then
 * fully connected ReLU layers, then a linear output layer, trained by minibatch SGD on the mean
 * cross-entropy. The parameters are one flat float32 vector, as for every {@link Model}.
 *
 * <p>{@link #lenet5(int, int, int)} is the benchmark's fixed architecture: conv 5x5 x6 pad 2 ->
 * ReLU -> pool -> conv 5x5 x16 -> ReLU -> pool -> dense 120 -> ReLU -> dense 84 -> ReLU -> dense 10;
 * on 28x28 images it has 61,706 parameters and costs {@link #flopsPerExample()} = 2,263,920
 * floating-point operations per example for a forward and backward pass (multiply-adds of the
 * products counted as 2; no input gradient of the first layer). {@link #small(int, int, int)} is
 * a quick one for the 8x8 digits (conv 3x3 x6 pad 1, conv 3x3 x16 pad 1, dense 32; 3,350 parameters).
 *
 * <p>Parameters, flat: for each convolution {@code W [k*k*C_in, F]} (row {@code (ky*k + kx)*C_in + c})
 * then {@code b [F]}; for each dense layer {@code W [in, out]}, {@code b [out]}. Activations are
 * channels-last, so the first dense layer reads the last pooled map in {@code (y, x, channel)} order.
 * Initialisation ({@link #init(long)}): ReLU layers uniform in {@code +-sqrt(6 / fanIn)} (He et al.,
 * 2015), the output layer in {@code +-sqrt(6 / (fanIn + fanOut))} (Glorot and Bengio, 2010), biases 0,
 * from one {@link SplittableRandom} with the seed.
 *
 * <p>Speed: every layer after the first is im2col plus one {@code sgemm} over the whole minibatch
 * forward and two backward (weights and inputs), and every dense layer one {@code sgemm} each way,
 * on buffers held per thread and architecture ({@link CnnWorkspace}). A convolution's bias rides in
 * its products (a column of ones in im2col, so {@code [W; b]} is one operand and its gradient one
 * result) and ReLU is folded into the max-pooling. The first layer, with one input channel, whose
 * products are too skinny for a fast {@code sgemm} (25,088 x 26 by 26 x 6 for a LeNet-5 batch), is
 * convolved directly image by image ({@link ConvOps#convPlanar}: vector loops over whole image
 * rows, pooled in the same pass) and, in training, its weight gradient taken straight from the pooled
 * gradient ({@link ConvOps#convPlanarPooledWeightGrad}: each pooled gradient reaches one
 * pre-activation, so a quarter of the products of the unpooled form and no unpooled gradient); it
 * needs no input gradient in training (an input gradient goes through the wide planes,
 * {@link ConvOps#convPlanarWeightGrad} and {@link ConvOps#convPlanarInputGrad}). The second
 * convolution's input gradient is its product and col2im a few images at a time
 * ({@link CnnWorkspace#CHUNK}), col2im gathering for six channels. Each call
 * runs on the calling thread, so results are bit-identical whatever the number of threads of a
 * simulation.
 * A model object holds no parameters and is safe to share between threads.
 */
public final class Cnn implements Differentiable {
    /** Rows per block when evaluating or computing logits and input gradients. */
    static final int EVAL_ROWS = 32;

    /**
     * One convolution block: a {@code kernel x kernel} convolution with {@code filters} output
     * channels and zero padding {@code padding}, stride 1, then ReLU and 2x2 max-pooling.
     */
    public record Conv(int kernel, int filters, int padding) {
        /** Validates: kernel and filters at least 1, padding in [0, kernel). */
        public Conv {
            if (kernel < 1) {
                throw new IllegalArgumentException("kernel is " + kernel + ", must be >= 1");
            }
            if (filters < 1) {
                throw new IllegalArgumentException("filters is " + filters + ", must be >= 1");
            }
            if (padding < 0 || padding >= kernel) {
                throw new IllegalArgumentException("padding is " + padding + ", must be in [0, " + kernel + ")");
            }
        }
    }

    private final int height;
    private final int width;
    private final int classes;
    private final List<Conv> convs;
    private final int[] hidden;
    final int[] convFilters;
    final int[] inH;
    final int[] inW;
    final int[] inC;
    final int[] outH;
    final int[] outW;
    final int[] poolH;
    final int[] poolW;
    final int[] padH;
    final int[] padW;
    final int[] pad;
    final int[] colK;
    final int[] denseIn;
    final int[] denseOut;
    private final int[] offW;
    private final int[] offB;
    private final int numParams;
    private final String name;

    private Cnn(int height, int width, int classes, List<Conv> convs, int... hidden) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image is " + height + "x" + width + ", both sides must be >= 1");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes is " + classes + ", must be >= 2");
        }
        if (convs == null || convs.isEmpty()) {
            throw new IllegalArgumentException("convs must hold at least one convolution block");
        }
        for (int hd : hidden) {
            if (hd < 1) {
                throw new IllegalArgumentException("hidden width is " + hd + ", must be >= 1");
            }
        }
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.convs = List.copyOf(convs);
        this.hidden = hidden.clone();
        int layers = convs.size();
        convFilters = new int[layers];
        inH = new int[layers];
        inW = new int[layers];
        inC = new int[layers];
        outH = new int[layers];
        outW = new int[layers];
        poolH = new int[layers];
        poolW = new int[layers];
        colK = new int[layers];
        padH = new int[layers];
        padW = new int[layers];
        pad = new int[layers];
        int h = height;
        int w = width;
        int c = 1;
        for (int l = 0; l < layers; l++) {
            Conv cv = convs.get(l);
            inH[l] = h;
            inW[l] = w;
            inC[l] = c;
            pad[l] = cv.padding();
            padH[l] = h + 2 * cv.padding();
            padW[l] = w + 2 * cv.padding();
            outH[l] = h + 2 * cv.padding() - cv.kernel() + 1;
            outW[l] = w + 2 * cv.padding() - cv.kernel() + 1;
            if (outH[l] < 2 || outW[l] < 2) {
                throw new IllegalArgumentException("convolution " + l + " (" + cv + ") turns a " + h + "x" + w
                        + " map into " + outH[l] + "x" + outW[l] + ", at least 2x2 is needed to pool");
            }
            poolH[l] = outH[l] / 2;
            poolW[l] = outW[l] / 2;
            colK[l] = cv.kernel() * cv.kernel() * c;
            convFilters[l] = cv.filters();
            h = poolH[l];
            w = poolW[l];
            c = cv.filters();
        }
        int dense = hidden.length + 1;
        denseIn = new int[dense];
        denseOut = new int[dense];
        int in = h * w * c;
        for (int j = 0; j < dense; j++) {
            denseIn[j] = in;
            denseOut[j] = j < hidden.length ? hidden[j] : classes;
            in = denseOut[j];
        }
        offW = new int[layers + dense];
        offB = new int[layers + dense];
        long off = 0;
        for (int l = 0; l < layers + dense; l++) {
            long fanIn = l < layers ? colK[l] : denseIn[l - layers];
            long fanOut = l < layers ? convFilters[l] : denseOut[l - layers];
            offW[l] = (int) off;
            off += fanIn * fanOut;
            offB[l] = (int) off;
            off += fanOut;
            if (off > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("model has more than " + (Integer.MAX_VALUE - 8) + " parameters");
            }
        }
        numParams = (int) off;
        StringBuilder sb = new StringBuilder("cnn(").append(height).append('x').append(width);
        for (Conv cv : convs) {
            sb.append("-c").append(cv.kernel()).append('x').append(cv.filters()).append('p').append(cv.padding());
        }
        for (int hd : hidden) {
            sb.append('-').append(hd);
        }
        name = sb.append('-').append(classes).append(')').toString();
    }

    /**
     * A network of the given convolution blocks and hidden dense widths.
     *
     * @param height  image rows, at least 1
     * @param width   image columns, at least 1
     * @param classes number of classes, at least 2
     * @param convs   the convolution blocks, at least one; each must leave a map of at least 2x2 to pool
     * @param hidden  widths of the hidden dense layers (each at least 1), possibly none
     */
    public static Cnn of(int height, int width, int classes, List<Conv> convs, int... hidden) {
        return new Cnn(height, width, classes, convs, hidden);
    }

    /** The benchmark's LeNet-5: conv 5x5x6 pad 2, conv 5x5x16, dense 120, 84, then {@code classes}. */
    public static Cnn lenet5(int height, int width, int classes) {
        return new Cnn(height, width, classes, List.of(new Conv(5, 6, 2), new Conv(5, 16, 0)), 120, 84);
    }

    /** A small network for tiny images such as the 8x8 digits: conv 3x3x6 pad 1, conv 3x3x16 pad 1, dense 32. */
    public static Cnn small(int height, int width, int classes) {
        return new Cnn(height, width, classes, List.of(new Conv(3, 6, 1), new Conv(3, 16, 1)), 32);
    }

    /** The convolution blocks. */
    public List<Conv> convs() {
        return convs;
    }

    /** The hidden dense widths (a copy). */
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public int numParams() {
        return numParams;
    }

    @Override
    public int inputDim() {
        return height * width;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Floating-point operations of one forward and backward pass for one example, counting the
     * matrix products only (2 per multiply-add): forward {@code 2 * P * K * F} per convolution
     * ({@code P} output positions, {@code K = k*k*C_in}) and {@code 2 * in * out} per dense layer; the
     * backward pass costs twice that, except the first convolution, which needs no input gradient.
     */
    public long flopsPerExample() {
        long total = 0;
        for (int l = 0; l < convFilters.length; l++) {
            long f = 2L * outH[l] * outW[l] * colK[l] * convFilters[l];
            total += l == 0 ? 2 * f : 3 * f;
        }
        for (int j = 0; j < denseOut.length; j++) {
            total += 3 * 2L * denseIn[j] * denseOut[j];
        }
        return total;
    }

    @Override
    public INDArray init(long seed) {
        float[] w = new float[numParams];
        SplittableRandom rng = new SplittableRandom(seed);
        int layers = convFilters.length;
        for (int l = 0; l < offW.length; l++) {
            int fanIn = l < layers ? colK[l] : denseIn[l - layers];
            int fanOut = l < layers ? convFilters[l] : denseOut[l - layers];
            boolean output = l == offW.length - 1;
            double limit = output ? Math.sqrt(6.0 / (fanIn + fanOut)) : Math.sqrt(6.0 / fanIn);
            for (int i = 0; i < fanIn * fanOut; i++) {
                w[offW[l] + i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
            }
        }
        return Nd4j.createFromArray(w);
    }

    private void checkParams(INDArray params) {
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        if (params.length() != numParams) {
            throw new IllegalArgumentException("params has " + params.length() + " entries, " + name + " needs " + numParams);
        }
    }

    private void checkFeatures(INDArray features) {
        if (features == null || features.rank() != 2 || features.columns() != inputDim()) {
            throw new IllegalArgumentException("features must be [n, " + inputDim() + "], got "
                    + (features == null ? "null" : Arrays.toString(features.shape())));
        }
    }

    private void checkData(Dataset data) {
        if (data.dim() != inputDim()) {
            throw new IllegalArgumentException("data has " + data.dim() + " features per example, " + name
                    + " expects " + inputDim() + " (" + height + "x" + width + ")");
        }
        if (data.numClasses() > classes) {
            throw new IllegalArgumentException("data has " + data.numClasses() + " classes, " + name + " predicts " + classes);
        }
    }

    private static void load(CnnWorkspace w, INDArray params) {
        FloatBuffer src = FlatVectors.floats(params);
        w.params.nio.put(0, src, 0, w.net.numParams());
        Reference.reachabilityFence(params);
    }

    // ---------------------------------------------------------------- forward and backward

    /** Copies example {@code row} of {@code src} into slot {@code i} of the first layer's padded input. */
    private void place(CnnWorkspace w, int i, FloatBuffer src, int row) {
        int d = inputDim();
        float[] in = w.padIn[0];
        if (pad[0] == 0) {
            src.get(row * d, in, i * d, d);
            return;
        }
        int base = i * padH[0] * padW[0];
        for (int y = 0; y < height; y++) {
            src.get(row * d + y * width, in, base + (y + pad[0]) * padW[0] + pad[0], width);
        }
    }

    /** Forward pass of the {@code m} examples placed in {@code w.padIn[0]}; the logits end in {@code w.actH[last]}. */
    private void forward(CnnWorkspace w, int m) {
        FloatBuffer p = w.params.nio;
        int layers = convFilters.length;
        for (int l = 0; l < layers; l++) {
            int k = convs.get(l).kernel();
            int rows = m * outH[l] * outW[l];
            int f = convFilters[l];
            int kk = colK[l] + 1; // with the ones that carry the bias
            float[] out = l + 1 < layers ? w.padIn[l + 1] : w.flatH;
            int oH = l + 1 < layers ? padH[l + 1] : poolH[l];
            int oW = l + 1 < layers ? padW[l + 1] : poolW[l];
            int oPad = l + 1 < layers ? pad[l + 1] : 0;
            if (l == 0) {
                // one input channel: direct convolution and pooling image by image, in L1-sized pieces
                p.get(offW[0], w.wb0, 0, kk * f);
                int img = padH[0] * padW[0];
                for (int b = 0; b < m; b++) {
                    ConvOps.convPlanar(w.padIn[0], b * img, padW[0], outH[0], outW[0], k, f, w.wb0, w.shift0, w.z0);
                    ConvOps.maxPoolPlanar(w.z0, padW[0], outH[0], outW[0], f, out, b * oH * oW * f, oW, oPad,
                            w.arg0, b * poolH[0] * poolW[0] * f);
                }
                continue;
            }
            // [rows, F] = col [rows, K+1] * W_ext [K+1, F], im2col written straight off-heap, a few
            // images at a time so that each piece is in cache for its product (the whole col is kept
            // for the weight gradient)
            int per = outH[l] * outW[l];
            int inImg = padH[l] * padW[l] * inC[l];
            for (int b0 = 0; b0 < m; b0 += CnnWorkspace.CHUNK) {
                int mb = Math.min(CnnWorkspace.CHUNK, m - b0);
                ConvOps.im2col(w.padIn[l], b0 * inImg, mb, padH[l], padW[l], inC[l], k, w.col[l].nio, b0 * per * kk, kk);
                ConvOps.gemm(false, false, mb * per, f, kk, 1f, w.col[l].ptr, (long) b0 * per * kk, kk, w.params.ptr, offW[l], f,
                        0f, w.z[l].ptr, (long) b0 * per * f, f);
            }
            w.z[l].nio.get(0, w.zH[l], 0, rows * f);
            ConvOps.maxPool(w.zH[l], m, outH[l], outW[l], f, outH[l] * outW[l] * f, f, 1, out, oH, oW, oPad, w.arg[l]);
        }
        w.flat.nio.put(0, w.flatH, 0, m * denseIn[0]);
        int last = denseOut.length - 1;
        for (int j = 0; j <= last; j++) {
            CnnWorkspace.Buf in = j == 0 ? w.flat : w.act[j - 1];
            int o = denseOut[j];
            ConvOps.gemm(false, false, m, o, denseIn[j], 1f, in.ptr, 0, denseIn[j], w.params.ptr, offW[layers + j], o,
                    0f, w.act[j].ptr, 0, o);
            w.act[j].nio.get(0, w.actH[j], 0, m * o);
            p.get(offB[layers + j], w.bias, 0, o);
            ConvOps.addBias(w.actH[j], m, o, w.bias, j < last);
            if (j < last) {
                w.act[j].nio.put(0, w.actH[j], 0, m * o);
            }
        }
    }

    /**
     * Softmax cross-entropy on the logits: writes {@code scale * (softmax(z_i) - onehot(y_i))} into
     * {@code w.dact[last]} and returns the summed loss.
     */
    private double softmaxGradient(CnnWorkspace w, int m, float scale) {
        int last = denseOut.length - 1;
        float[] z = w.actH[last];
        float[] dz = w.dactH[last];
        int c = classes;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            int row = i * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[row + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double e = Math.exp(z[row + k] - max);
                dz[row + k] = (float) e;
                sum += e;
            }
            int y = w.ys[i];
            loss += max + Math.log(sum) - z[row + y];
            for (int k = 0; k < c; k++) {
                dz[row + k] = (float) ((dz[row + k] / sum - (k == y ? 1.0 : 0.0)) * scale);
            }
        }
        w.dact[last].nio.put(0, dz, 0, m * c);
        return loss;
    }

    /**
     * Backward pass from {@code w.dact[last]}: the parameter gradient into {@code w.grad} if
     * {@code paramGrad}; the input gradient into {@code w.dPadIn[0]} (padded) if {@code inputGrad}.
     */
    private void backward(CnnWorkspace w, int m, boolean paramGrad, boolean inputGrad) {
        int layers = convFilters.length;
        FloatBuffer g = w.grad.nio;
        for (int j = denseOut.length - 1; j >= 0; j--) {
            CnnWorkspace.Buf in = j == 0 ? w.flat : w.act[j - 1];
            CnnWorkspace.Buf dIn = j == 0 ? w.dFlat : w.dact[j - 1];
            int o = denseOut[j];
            int d = denseIn[j];
            if (paramGrad) {
                ConvOps.gemm(true, false, d, o, m, 1f, in.ptr, 0, d, w.dact[j].ptr, 0, o, 0f, w.grad.ptr, offW[layers + j], o);
                ConvOps.columnSums(w.dactH[j], m, o, w.biasGrad, w.sumScratch);
                g.put(offB[layers + j], w.biasGrad, 0, o);
            }
            ConvOps.gemm(false, true, m, d, o, 1f, w.dact[j].ptr, 0, o, w.params.ptr, offW[layers + j], o, 0f, dIn.ptr, 0, d);
            if (j > 0) {
                dIn.nio.get(0, w.dactH[j - 1], 0, m * d);
                ConvOps.reluBackward(w.actH[j - 1], w.dactH[j - 1], m * d);
                dIn.nio.put(0, w.dactH[j - 1], 0, m * d);
            } else {
                dIn.nio.get(0, w.dFlatH, 0, m * d);
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            int k = convs.get(l).kernel();
            int rows = m * outH[l] * outW[l];
            int f = convFilters[l];
            int kk = colK[l] + 1;
            if (l == 0) {
                float[] dOut = layers == 1 ? w.dFlatH : w.dPadIn[1];
                float[] out = layers == 1 ? w.flatH : w.padIn[1];
                int oH = layers == 1 ? poolH[0] : padH[1];
                int oW = layers == 1 ? poolW[0] : padW[1];
                int oPad = layers == 1 ? 0 : pad[1];
                int img = padH[0] * padW[0];
                if (!inputGrad) {
                    // training: the weight gradient straight from the pooled gradient, no wide planes
                    if (paramGrad) {
                        ConvOps.convPlanarPooledWeightGrad(w.padIn[0], m, padH[0], padW[0], outH[0], outW[0], k, f, dOut,
                                out, oH * oW * f, oW, oPad, w.arg0, w.idx0, w.gs0, w.dacc0, w.grad0);
                        g.put(offW[0], w.grad0, 0, kk * f);
                    }
                    continue;
                }
                for (int b = 0; b < m; b++) {
                    ConvOps.maxPoolPlanarBackward(dOut, out, b * oH * oW * f, oW, oPad, w.arg0, b * poolH[0] * poolW[0] * f,
                            padW[0], outH[0], outW[0], f, w.dz0, b * f);
                }
                if (paramGrad) {
                    ConvOps.convPlanarWeightGrad(w.padIn[0], m, padH[0], padW[0], outH[0], outW[0], k, f, w.dz0, w.shift0,
                            w.acc0, w.grad0);
                    g.put(offW[0], w.grad0, 0, kk * f);
                }
                if (inputGrad) {
                    for (int b = 0; b < m; b++) {
                        ConvOps.convPlanarInputGrad(w.dz0, b * f, padH[0], padW[0], outH[0], outW[0], k, f, w.wb0,
                                w.shift0[0], w.dPadIn[0], b * img);
                    }
                }
                continue;
            }
            if (l == layers - 1) {
                ConvOps.maxPoolReluBackward(w.dFlatH, m, poolH[l], poolW[l], f, poolH[l], poolW[l], 0, w.arg[l],
                        w.zH[l], w.dzH[l], rows * f);
            } else {
                ConvOps.maxPoolReluBackward(w.dPadIn[l + 1], m, poolH[l], poolW[l], f, padH[l + 1], padW[l + 1], pad[l + 1],
                        w.arg[l], w.zH[l], w.dzH[l], rows * f);
            }
            w.dz[l].nio.put(0, w.dzH[l], 0, rows * f);
            if (paramGrad) {
                ConvOps.gemm(true, false, kk, f, rows, 1f, w.col[l].ptr, 0, kk, w.dz[l].ptr, 0, f, 0f,
                        w.grad.ptr, offW[l], f);
            }
            // the input gradient a few images at a time: each piece of dcol stays in cache from the
            // product through the copy to col2im
            int per = outH[l] * outW[l];
            int inImg = padH[l] * padW[l] * inC[l];
            for (int b0 = 0; b0 < m; b0 += CnnWorkspace.CHUNK) {
                int mb = Math.min(CnnWorkspace.CHUNK, m - b0);
                ConvOps.gemm(false, true, mb * per, colK[l], f, 1f, w.dz[l].ptr, (long) b0 * per * f, f, w.params.ptr, offW[l], f,
                        0f, w.dcol[l].ptr, 0, colK[l]);
                w.dcol[l].nio.get(0, w.dcolH[l], 0, mb * per * colK[l]);
                ConvOps.col2im(w.dcolH[l], mb, padH[l], padW[l], inC[l], k, w.dPadIn[l], b0 * inImg);
            }
        }
    }

    // ---------------------------------------------------------------- the Model contract

    /** Minibatch SGD through {@link SgdLoop}, the loop every model of the library shares. */
    @Override
    public INDArray train(INDArray params, Dataset data, TrainConfig config, long seed) {
        checkParams(params);
        checkData(data);
        int n = data.size();
        CnnWorkspace w = CnnWorkspace.of(this, SgdLoop.batchSize(config, n));
        load(w, params);
        INDArray features = data.features();
        FloatBuffer src = FlatVectors.floats(features);
        SgdLoop.run(n, config, seed, new SgdLoop.Minibatch() {
            @Override
            public void gather(int slot, int example) {
                place(w, slot, src, example);
                w.ys[slot] = data.label(example);
            }

            @Override
            public void step(int rows, float learningRate) {
                forward(w, rows);
                softmaxGradient(w, rows, 1f / rows);
                backward(w, rows, true, false);
                openblas.cblas_saxpy(numParams, -learningRate, w.grad.ptr, 1, w.params.ptr, 1);
            }
        });
        Reference.reachabilityFence(features);
        INDArray result = Nd4j.create(DataType.FLOAT, numParams);
        FlatVectors.writable(result).put(0, w.params.nio, 0, numParams);
        return result;
    }

    /** Runs {@code visitor} on each block of at most {@link #EVAL_ROWS} rows after its forward pass. */
    private void forEachBlock(INDArray params, INDArray features, int[] labels, BlockVisitor visitor) {
        checkParams(params);
        checkFeatures(features);
        int n = (int) features.rows();
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, features has " + n + " rows");
        }
        if (n == 0) {
            return;
        }
        CnnWorkspace w = CnnWorkspace.of(this, Math.min(EVAL_ROWS, n));
        load(w, params);
        FloatBuffer src = FlatVectors.floats(features);
        for (int r0 = 0; r0 < n; r0 += EVAL_ROWS) {
            int m = Math.min(EVAL_ROWS, n - r0);
            for (int i = 0; i < m; i++) {
                place(w, i, src, r0 + i);
            }
            if (labels != null) {
                for (int i = 0; i < m; i++) {
                    int y = labels[r0 + i];
                    if (y < 0 || y >= classes) {
                        throw new IllegalArgumentException("label " + y + " of row " + (r0 + i) + " is outside [0, " + classes + ")");
                    }
                    w.ys[i] = y;
                }
            }
            forward(w, m);
            visitor.visit(w, r0, m);
        }
        Reference.reachabilityFence(features);
    }

    private interface BlockVisitor {
        void visit(CnnWorkspace w, int r0, int m);
    }

    @Override
    public INDArray logits(INDArray params, INDArray features) {
        int n = (int) features.rows();
        INDArray out = Nd4j.create(DataType.FLOAT, n, classes);
        if (n == 0) {
            return out;
        }
        FloatBuffer ob = FlatVectors.writable(out);
        int last = denseOut.length - 1;
        forEachBlock(params, features, null, (w, r0, m) -> ob.put(r0 * classes, w.actH[last], 0, m * classes));
        return out;
    }

    @Override
    public int[] predict(INDArray params, INDArray features) {
        int[] pred = new int[(int) features.rows()];
        int last = denseOut.length - 1;
        forEachBlock(params, features, null, (w, r0, m) -> {
            float[] z = w.actH[last];
            for (int i = 0; i < m; i++) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (z[i * classes + k] > z[i * classes + best]) {
                        best = k;
                    }
                }
                pred[r0 + i] = best;
            }
        });
        return pred;
    }

    @Override
    public Evaluation evaluate(INDArray params, Dataset data) {
        checkData(data);
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("data has 0 examples, evaluate needs at least 1 (accuracy and loss of an"
                    + " empty set are undefined)");
        }
        int[] labels = data.labels();
        int[] correct = new int[classes];
        int[] total = new int[classes];
        double[] loss = {0};
        int last = denseOut.length - 1;
        forEachBlock(params, data.features(), labels, (w, r0, m) -> {
            float[] z = w.actH[last];
            for (int i = 0; i < m; i++) {
                int off = i * classes;
                int y = labels[r0 + i];
                int best = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    max = Math.max(max, z[off + k]);
                    if (z[off + k] > z[off + best]) {
                        best = k;
                    }
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += Math.exp(z[off + k] - max);
                }
                loss[0] += max + Math.log(sum) - z[off + y];
                total[y]++;
                if (best == y) {
                    correct[y]++;
                }
            }
        });
        int right = 0;
        double[] perClass = new double[classes];
        for (int k = 0; k < classes; k++) {
            right += correct[k];
            perClass[k] = total[k] == 0 ? Double.NaN : (double) correct[k] / total[k];
        }
        return new Evaluation((double) right / n, loss[0] / n, perClass);
    }

    // ---------------------------------------------------------------- gradients

    @Override
    public INDArray lossGradient(INDArray params, INDArray features, int[] labels) {
        int n = (int) features.rows();
        if (n == 0) {
            throw new IllegalArgumentException("features has 0 rows, the mean loss of no example is undefined");
        }
        double[] acc = new double[numParams];
        forEachBlock(params, features, labels, (w, r0, m) -> {
            softmaxGradient(w, m, 1f / n);
            backward(w, m, true, false);
            for (int i = 0; i < numParams; i++) {
                acc[i] += w.grad.nio.get(i);
            }
        });
        float[] out = new float[numParams];
        for (int i = 0; i < numParams; i++) {
            out[i] = (float) acc[i];
        }
        return Nd4j.createFromArray(out);
    }

    @Override
    public INDArray inputGradient(INDArray params, INDArray features, int[] labels) {
        int n = (int) features.rows();
        INDArray out = Nd4j.create(DataType.FLOAT, n, inputDim());
        if (n == 0) {
            return out;
        }
        FloatBuffer ob = FlatVectors.writable(out);
        int d = inputDim();
        forEachBlock(params, features, labels, (w, r0, m) -> {
            softmaxGradient(w, m, 1f);
            backward(w, m, false, true);
            float[] dp = w.dPadIn[0];
            for (int i = 0; i < m; i++) {
                int base = i * padH[0] * padW[0];
                for (int y = 0; y < height; y++) {
                    ob.put((r0 + i) * d + y * width, dp, base + (y + pad[0]) * padW[0] + pad[0], width);
                }
            }
        });
        return out;
    }

    /** The names of the parameter blocks in layout order, with their offsets (for tests and Javadoc). */
    List<int[]> blocks() {
        List<int[]> out = new ArrayList<>();
        for (int l = 0; l < offW.length; l++) {
            out.add(new int[] {offW[l], offB[l], (l + 1 < offW.length ? offW[l + 1] : numParams)});
        }
        return out;
    }
}
