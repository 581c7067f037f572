package org.fedpoison.model;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The arithmetic of {@link Cnn}, as small pure functions on off-heap float buffers: im2col and its
 * adjoint col2im, bias + ReLU, 2x2 max-pooling and its backward pass, column sums, and the one
 * matrix product every layer is reduced to ({@code cblas_sgemm} of the OpenBLAS that ND4J loads).
 *
 * <p>Layout: activations are channels-last, {@code [m, H, W, C]} row-major (NHWC). For a
 * {@code k x k} convolution with padding {@code p} and stride 1 the im2col matrix has one row per
 * output position {@code (b, oy, ox)} ({@code OH = H + 2p - k + 1}) and one column per
 * {@code (ky, kx, c)}, so {@code col[(b*OH + oy)*OW + ox][(ky*k + kx)*C + c] = in[b][oy+ky-p][ox+kx-p][c]}
 * (zero outside the image) and the convolution is {@code Z = col * W} with {@code W [k*k*C, F]}.
 * The element-wise work runs on Java arrays (the caller copies operands of the products to and from
 * off-heap memory in bulk); nothing here allocates, and every function writes only the array it
 * names as output.
 */
final class ConvOps {
    private ConvOps() {}

    /**
     * im2col of a channels-last batch that is already zero-padded, {@code in [m, hp, wp, c]}, into
     * {@code col [m*oh*ow, k*k*c]} with {@code oh = hp - k + 1}, {@code ow = wp - k + 1}. Because the
     * layout is channels-last, each kernel row of a window is one contiguous run of {@code k*c} floats.
     */
    static void im2col(float[] in, int m, int hp, int wp, int c, int k, float[] col) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int kc = k * c;
        int o = 0;
        for (int b = 0; b < m; b++) {
            int base = b * hp * wp * c;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ky = 0; ky < k; ky++) {
                        int s = base + ((oy + ky) * wp + ox) * c;
                        for (int t = 0; t < kc; t++) {
                            col[o++] = in[s + t];
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: {@code in [m, hp, wp, c]} (padded) is overwritten with, for
     * each position, the sum of the col entries that read it.
     */
    static void col2im(float[] col, int m, int hp, int wp, int c, int k, float[] in) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int kc = k * c;
        java.util.Arrays.fill(in, 0, m * hp * wp * c, 0f);
        int o = 0;
        for (int b = 0; b < m; b++) {
            int base = b * hp * wp * c;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ky = 0; ky < k; ky++) {
                        int s = base + ((oy + ky) * wp + ox) * c;
                        for (int t = 0; t < kc; t++) {
                            in[s + t] += col[o++];
                        }
                    }
                }
            }
        }
    }

    /** {@code z[i][j] += bias[j]}, then ReLU if {@code relu}. */
    static void addBias(float[] z, int rows, int cols, float[] bias, boolean relu) {
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++, i++) {
                float v = z[i] + bias[j];
                z[i] = relu && v < 0f ? 0f : v;
            }
        }
    }

    /**
     * 2x2 max-pooling with stride 2 of {@code z [m, oh, ow, c]}, a trailing odd row or column
     * dropped. The pooled map {@code [m, oh/2, ow/2, c]} is written into the interior of
     * {@code out}, whose maps are {@code [outH, outW]} with the pooled map at offset {@code (pad, pad)}
     * (the next layer's zero-padded input; {@code pad = 0} and {@code outH = oh/2} for a plain map).
     * {@code arg[i]} records, for the {@code i}-th pooled value in {@code (b, y, x, c)} order, the index
     * into {@code z} of its maximum (the first one on ties).
     */
    static void maxPool(float[] z, int m, int oh, int ow, int c, float[] out, int outH, int outW, int pad, int[] arg) {
        int ph = oh / 2;
        int pw = ow / 2;
        int i = 0;
        for (int b = 0; b < m; b++) {
            int base = b * oh * ow * c;
            int obase = b * outH * outW * c;
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    int s = base + ((2 * py) * ow + 2 * px) * c;
                    int d = obase + ((py + pad) * outW + px + pad) * c;
                    for (int ch = 0; ch < c; ch++, i++) {
                        int i00 = s + ch;
                        int i01 = i00 + c;
                        int i10 = i00 + ow * c;
                        int i11 = i10 + c;
                        int best = i00;
                        float v = z[i00];
                        if (z[i01] > v) {
                            v = z[i01];
                            best = i01;
                        }
                        if (z[i10] > v) {
                            v = z[i10];
                            best = i10;
                        }
                        if (z[i11] > v) {
                            v = z[i11];
                            best = i11;
                        }
                        out[d + ch] = v;
                        arg[i] = best;
                    }
                }
            }
        }
    }

    /**
     * Backward of ReLU then {@link #maxPool}: {@code dz} (length {@code zLen}) is zeroed, then each
     * pooled gradient, read from {@code dOut} with the same placement as {@code maxPool} wrote it,
     * goes to the maximum it came from where the ReLU output was positive.
     */
    static void maxPoolReluBackward(float[] dOut, int m, int ph, int pw, int c, int outH, int outW, int pad,
                                    int[] arg, float[] z, float[] dz, int zLen) {
        java.util.Arrays.fill(dz, 0, zLen, 0f);
        int i = 0;
        for (int b = 0; b < m; b++) {
            int obase = b * outH * outW * c;
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    int d = obase + ((py + pad) * outW + px + pad) * c;
                    for (int ch = 0; ch < c; ch++, i++) {
                        int a = arg[i];
                        if (z[a] > 0f) {
                            dz[a] = dOut[d + ch];
                        }
                    }
                }
            }
        }
    }

    /** {@code d[i] = act[i] > 0 ? d[i] : 0} for {@code i < n} (ReLU backward on its output). */
    static void reluBackward(float[] act, float[] d, int n) {
        for (int i = 0; i < n; i++) {
            if (!(act[i] > 0f)) {
                d[i] = 0f;
            }
        }
    }

    /** {@code out[j] = sum_r d[r][j]} (a bias gradient), summed in double in row order. */
    static void columnSums(float[] d, int rows, int cols, float[] out, double[] scratch) {
        java.util.Arrays.fill(scratch, 0, cols, 0.0);
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++, i++) {
                scratch[j] += d[i];
            }
        }
        for (int j = 0; j < cols; j++) {
            out[j] = (float) scratch[j];
        }
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, with each operand starting at the
     * given element offset of its buffer; {@code op(A)} is {@code M x K}, {@code op(B)} is
     * {@code K x N}. The pointers' positions are restored to 0.
     */
    static void gemm(boolean transA, boolean transB, int mRows, int nCols, int kInner, float alpha,
                     FloatPointer a, long aOff, int lda, FloatPointer b, long bOff, int ldb,
                     float beta, FloatPointer c, long cOff, int ldc) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                mRows, nCols, kInner, alpha, a.position(aOff), lda, b.position(bOff), ldb, beta, c.position(cOff), ldc);
        a.position(0);
        b.position(0);
        c.position(0);
    }
}
