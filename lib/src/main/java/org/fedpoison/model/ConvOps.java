package org.fedpoison.model;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.nio.FloatBuffer;
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
 * Nothing here allocates; every function writes only the buffer it names as output.
 */
final class ConvOps {
    private ConvOps() {}

    /** im2col of a channels-last batch {@code in [m, h, w, c]} into {@code col [m*oh*ow, k*k*c]}. */
    static void im2col(FloatBuffer in, int m, int h, int w, int c, int k, int p, FloatBuffer col) {
        int oh = h + 2 * p - k + 1;
        int ow = w + 2 * p - k + 1;
        int kk = k * k * c;
        int r = 0;
        for (int b = 0; b < m; b++) {
            int base = b * h * w * c;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, r++) {
                    int o = r * kk;
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy + ky - p;
                        boolean rowIn = iy >= 0 && iy < h;
                        for (int kx = 0; kx < k; kx++) {
                            int ix = ox + kx - p;
                            if (rowIn && ix >= 0 && ix < w) {
                                int s = base + (iy * w + ix) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    col.put(o + ch, in.get(s + ch));
                                }
                            } else {
                                for (int ch = 0; ch < c; ch++) {
                                    col.put(o + ch, 0f);
                                }
                            }
                            o += c;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: {@code in} is overwritten with the sum of the col entries that read each pixel. */
    static void col2im(FloatBuffer col, int m, int h, int w, int c, int k, int p, FloatBuffer in) {
        int oh = h + 2 * p - k + 1;
        int ow = w + 2 * p - k + 1;
        int kk = k * k * c;
        int n = m * h * w * c;
        for (int i = 0; i < n; i++) {
            in.put(i, 0f);
        }
        int r = 0;
        for (int b = 0; b < m; b++) {
            int base = b * h * w * c;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, r++) {
                    int o = r * kk;
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy + ky - p;
                        boolean rowIn = iy >= 0 && iy < h;
                        for (int kx = 0; kx < k; kx++) {
                            int ix = ox + kx - p;
                            if (rowIn && ix >= 0 && ix < w) {
                                int s = base + (iy * w + ix) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    in.put(s + ch, in.get(s + ch) + col.get(o + ch));
                                }
                            }
                            o += c;
                        }
                    }
                }
            }
        }
    }

    /** {@code z[i][j] += bias[j]}, then ReLU if {@code relu}; {@code bias} is read at {@code params[offB ..]}. */
    static void addBias(FloatBuffer z, int rows, int cols, FloatBuffer params, int offB, float[] scratch, boolean relu) {
        for (int j = 0; j < cols; j++) {
            scratch[j] = params.get(offB + j);
        }
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++, i++) {
                float v = z.get(i) + scratch[j];
                z.put(i, relu && v < 0f ? 0f : v);
            }
        }
    }

    /**
     * 2x2 max-pooling with stride 2 of {@code z [m, oh, ow, c]} into {@code out [m, oh/2, ow/2, c]}
     * (a trailing odd row or column is dropped); {@code arg[i]} records the index into {@code z} of
     * the maximum that became {@code out[i]} (the first one on ties).
     */
    static void maxPool(FloatBuffer z, int m, int oh, int ow, int c, FloatBuffer out, int[] arg) {
        int ph = oh / 2;
        int pw = ow / 2;
        int i = 0;
        for (int b = 0; b < m; b++) {
            int base = b * oh * ow * c;
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    int s = base + ((2 * py) * ow + 2 * px) * c;
                    for (int ch = 0; ch < c; ch++, i++) {
                        int i00 = s + ch;
                        int i01 = i00 + c;
                        int i10 = i00 + ow * c;
                        int i11 = i10 + c;
                        int best = i00;
                        float v = z.get(i00);
                        float t = z.get(i01);
                        if (t > v) {
                            v = t;
                            best = i01;
                        }
                        t = z.get(i10);
                        if (t > v) {
                            v = t;
                            best = i10;
                        }
                        t = z.get(i11);
                        if (t > v) {
                            v = t;
                            best = i11;
                        }
                        out.put(i, v);
                        arg[i] = best;
                    }
                }
            }
        }
    }

    /**
     * Backward of ReLU then max-pool: {@code dz} (length {@code zLen}) is zeroed, then each pooled
     * gradient {@code dOut[i]} goes to the maximum it came from, where the ReLU output was positive.
     */
    static void maxPoolReluBackward(FloatBuffer dOut, int[] arg, int n, FloatBuffer z, FloatBuffer dz, int zLen) {
        for (int i = 0; i < zLen; i++) {
            dz.put(i, 0f);
        }
        for (int i = 0; i < n; i++) {
            int a = arg[i];
            if (z.get(a) > 0f) {
                dz.put(a, dOut.get(i));
            }
        }
    }

    /** {@code d[i] = act[i] > 0 ? d[i] : 0} for {@code i < n} (ReLU backward on its output). */
    static void reluBackward(FloatBuffer act, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            if (!(act.get(i) > 0f)) {
                d.put(i, 0f);
            }
        }
    }

    /** {@code grad[off + j] = sum_r d[r][j]} (a bias gradient), summed in double in row order. */
    static void columnSums(FloatBuffer d, int rows, int cols, FloatBuffer grad, int off, double[] scratch) {
        java.util.Arrays.fill(scratch, 0, cols, 0.0);
        int i = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++, i++) {
                scratch[j] += d.get(i);
            }
        }
        for (int j = 0; j < cols; j++) {
            grad.put(off + j, (float) scratch[j]);
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
