package org.fedpoison.model;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The arithmetic of {@link Cnn}, as small pure functions on off-heap float buffers: im2col and its
 * adjoint col2im (both also transposed, for one input channel), bias + ReLU, ReLU with 2x2
 * max-pooling and its backward pass, column sums, and the one
 * matrix product every layer is reduced to ({@code cblas_sgemm} of the OpenBLAS that ND4J loads).
 *
 * <p>Layout: activations are channels-last, {@code [m, H, W, C]} row-major (NHWC). For a
 * {@code k x k} convolution with padding {@code p} and stride 1 the im2col matrix has one row per
 * output position {@code (b, oy, ox)} ({@code OH = H + 2p - k + 1}) and one column per
 * {@code (ky, kx, c)}, so {@code col[(b*OH + oy)*OW + ox][(ky*k + kx)*C + c] = in[b][oy+ky-p][ox+kx-p][c]}
 * (zero outside the image) and the convolution is {@code Z = col * W} with {@code W [k*k*C, F]};
 * with a last column of ones it is {@code Z = [col 1] * [W; b]}, the bias included. A one-channel
 * layer may keep the transpose instead ({@link #im2colPlanar}, {@code [k*k, rows]}), which is
 * built from whole image rows. The element-wise work runs on Java arrays (the caller copies operands of the products to and from
 * off-heap memory in bulk); nothing here allocates, and every function writes only the array it
 * names as output.
 */
final class ConvOps {
    private ConvOps() {}

    /**
     * im2col of a channels-last batch that is already zero-padded, {@code in [m, hp, wp, c]}, into
     * {@code col [m*oh*ow, ld]} with {@code oh = hp - k + 1}, {@code ow = wp - k + 1}: the first
     * {@code k*k*c} entries of each row are written, the rest ({@code ld > k*k*c}, e.g. a column of
     * ones that carries the bias) are left as they are. Because the layout is channels-last, each
     * kernel row of a window is one contiguous run of {@code k*c} floats.
     */
    static void im2col(float[] in, int m, int hp, int wp, int c, int k, float[] col, int ld) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int kc = k * c;
        int o = 0;
        for (int b = 0; b < m; b++) {
            int base = b * hp * wp * c;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int r = o;
                    for (int ky = 0; ky < k; ky++) {
                        int s = base + ((oy + ky) * wp + ox) * c;
                        for (int t = 0; t < kc; t++) {
                            col[r + t] = in[s + t];
                        }
                        r += kc;
                    }
                    o += ld;
                }
            }
        }
    }

    /**
     * im2col of a one-channel padded batch {@code in [m, hp, wp]}, transposed: {@code colT [k*k, rows]}
     * with {@code rows = m*oh*ow} and {@code colT[ky*k + kx][(b*oh + oy)*ow + ox] = in[b][oy+ky][ox+kx]}.
     * Each output run over {@code ox} is a contiguous run of the input, so this costs one copy per
     * kernel offset and image row (for a first layer, where {@code k*c} is only {@code k}).
     */
    static void im2colPlanar(float[] in, int m, int hp, int wp, int k, float[] colT) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int rows = m * oh * ow;
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                int o = (ky * k + kx) * rows;
                for (int b = 0; b < m; b++) {
                    int base = b * hp * wp + ky * wp + kx;
                    for (int oy = 0; oy < oh; oy++) {
                        System.arraycopy(in, base + oy * wp, colT, o, ow);
                        o += ow;
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2colPlanar}: {@code in [m, hp, wp]} is overwritten with the sums. */
    static void col2imPlanar(float[] colT, int m, int hp, int wp, int k, float[] in) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int rows = m * oh * ow;
        java.util.Arrays.fill(in, 0, m * hp * wp, 0f);
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                int o = (ky * k + kx) * rows;
                for (int b = 0; b < m; b++) {
                    int base = b * hp * wp + ky * wp + kx;
                    for (int oy = 0; oy < oh; oy++) {
                        int s = base + oy * wp;
                        for (int ox = 0; ox < ow; ox++) {
                            in[s + ox] += colT[o + ox];
                        }
                        o += ow;
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col} for {@code col [m*oh*ow, k*k*c]}: {@code in [m, hp, wp, c]}
     * (padded) is overwritten with, for each position, the sum of the col entries that read it.
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
                            in[s + t] += col[o + t];
                        }
                        o += kc;
                    }
                }
            }
        }
    }

    /** {@code z[i][j] += bias[j]}, then ReLU if {@code relu}. */
    static void addBias(float[] z, int rows, int cols, float[] bias, boolean relu) {
        for (int r = 0, i = 0; r < rows; r++, i += cols) {
            if (relu) {
                for (int j = 0; j < cols; j++) {
                    float v = z[i + j] + bias[j];
                    z[i + j] = v < 0f ? 0f : v;
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    z[i + j] += bias[j];
                }
            }
        }
    }

    /**
     * ReLU then 2x2 max-pooling with stride 2 of the pre-activations {@code z} of {@code m} maps
     * {@code oh x ow} with {@code c} channels, a trailing odd row or column dropped; since ReLU is
     * monotone this is {@code max(0, max of the four)}. Element {@code (b, y, x, ch)} of {@code z}
     * is at {@code b*batchStride + (y*ow + x)*pixStride + ch*chStride}: channels-last
     * {@code [m, oh, ow, c]} is {@code (oh*ow*c, c, 1)}, channel planes {@code [c, m, oh, ow]} are
     * {@code (oh*ow, 1, m*oh*ow)}. The pooled map {@code [m, oh/2, ow/2, c]} (channels-last) is
     * written into the interior of {@code out}, whose maps are {@code [outH, outW]} with the pooled
     * map at offset {@code (pad, pad)} (the next layer's zero-padded input; {@code pad = 0} and
     * {@code outH = oh/2} for a plain map). {@code arg[i]} records, for the {@code i}-th pooled value
     * in {@code (b, y, x, c)} order, the index into {@code z} of its maximum (the first one on ties).
     */
    static void maxPool(float[] z, int m, int oh, int ow, int c, int batchStride, int pixStride, int chStride,
                        float[] out, int outH, int outW, int pad, int[] arg) {
        int ph = oh / 2;
        int pw = ow / 2;
        int right = pixStride;
        int down = ow * pixStride;
        int i = 0;
        for (int b = 0; b < m; b++) {
            int base = b * batchStride;
            int obase = b * outH * outW * c;
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    int s = base + ((2 * py) * ow + 2 * px) * pixStride;
                    int d = obase + ((py + pad) * outW + px + pad) * c;
                    for (int ch = 0; ch < c; ch++, i++) {
                        int i00 = s + ch * chStride;
                        int i10 = i00 + down;
                        float a00 = z[i00];
                        float a01 = z[i00 + right];
                        float a10 = z[i10];
                        float a11 = z[i10 + right];
                        // without branches (which of four is largest is unpredictable, and a
                        // mispredicted branch per value cost more than the rest of the layer): the
                        // sign bit of a - b is 1 exactly when b > a, so on ties the earlier of
                        // 00, 01, 10, 11 wins
                        int t = Float.floatToRawIntBits(a00 - a01) >>> 31;
                        int u = Float.floatToRawIntBits(a10 - a11) >>> 31;
                        float vTop = Math.max(a00, a01);
                        float vBottom = Math.max(a10, a11);
                        int low = Float.floatToRawIntBits(vTop - vBottom) >>> 31;
                        int iTop = i00 + t * right;
                        int iBottom = i10 + u * right;
                        out[d + ch] = Math.max(Math.max(vTop, vBottom), 0f);
                        arg[i] = iTop + low * (iBottom - iTop);
                    }
                }
            }
        }
    }

    /**
     * Backward of {@link #maxPool} (ReLU then pooling): {@code dz} (length {@code zLen}, the layout
     * of {@code z}) is zeroed, then each pooled gradient, read from {@code dOut} with the same
     * placement as {@code maxPool} wrote it, goes to the maximum it came from where that
     * pre-activation was positive.
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
                        // dOut where z[a] > 0, else +0, without a branch: the sign of 0 - z[a]
                        int keep = Float.floatToRawIntBits(0f - z[a]) >>> 31;
                        dz[a] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[d + ch]) & -keep);
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
