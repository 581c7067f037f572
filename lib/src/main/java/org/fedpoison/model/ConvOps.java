package org.fedpoison.model;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The arithmetic of {@link Cnn}, as small pure functions on off-heap float buffers: im2col and its
 * adjoint col2im (both also transposed, for one input channel), the direct one-channel convolution
 * with its pooling and gradients (the first layer), bias + ReLU, ReLU with 2x2 max-pooling and its
 * backward pass, column sums, and the
 * matrix product the other layers are reduced to ({@code cblas_sgemm} of the OpenBLAS that ND4J loads).
 *
 * <p>Layout: activations are channels-last, {@code [m, H, W, C]} row-major (NHWC). For a
 * {@code k x k} convolution with padding {@code p} and stride 1 the im2col matrix has one row per
 * output position {@code (b, oy, ox)} ({@code OH = H + 2p - k + 1}) and one column per
 * {@code (ky, kx, c)}, so {@code col[(b*OH + oy)*OW + ox][(ky*k + kx)*C + c] = in[b][oy+ky-p][ox+kx-p][c]}
 * (zero outside the image) and the convolution is {@code Z = col * W} with {@code W [k*k*C, F]};
 * with a last column of ones it is {@code Z = [col 1] * [W; b]}, the bias included. A one-channel
 * first layer needs no im2col: it is convolved directly ({@link #convPlanar}). The element-wise
 * work runs on Java arrays (the caller copies operands of the products to and from
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
        im2col(in, 0, m, hp, wp, c, k, col, ld);
    }

    /** {@link #im2col} of the {@code m} maps that start at {@code in[inOff]}. */
    static void im2col(float[] in, int inOff, int m, int hp, int wp, int c, int k, float[] col, int ld) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int kc = k * c;
        int o = 0;
        for (int b = 0; b < m; b++) {
            int base = inOff + b * hp * wp * c;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int r = o;
                    for (int ky = 0; ky < k; ky++) {
                        // a bulk copy: C2 does not vectorise an element loop between two float[] at unrelated offsets
                        System.arraycopy(in, base + ((oy + ky) * wp + ox) * c, col, r, kc);
                        r += kc;
                    }
                    o += ld;
                }
            }
        }
    }

    /**
     * {@link #im2col} of the {@code m} maps that start at {@code in[inOff]} straight into an
     * off-heap buffer, rows from {@code col[colOff]}: each kernel row of a window is one bulk put of
     * {@code k*c} floats, so no heap im2col is formed and copied. The same entries as
     * {@link #im2col}; those past {@code k*k*c} in each row are left as they are.
     */
    static void im2col(float[] in, int inOff, int m, int hp, int wp, int c, int k, java.nio.FloatBuffer col, int colOff,
                       int ld) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int kc = k * c;
        int o = colOff;
        for (int b = 0; b < m; b++) {
            int base = inOff + b * hp * wp * c;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int r = o;
                    for (int ky = 0; ky < k; ky++) {
                        col.put(r, in, base + ((oy + ky) * wp + ox) * c, kc);
                        r += kc;
                    }
                    o += ld;
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col} for {@code col [m*oh*ow, k*k*c]}: {@code in [m, hp, wp, c]}
     * (padded) is overwritten with, for each position, the sum of the col entries that read it,
     * added in the order of the windows {@code (oy, ox)} that read it, starting from 0. With six
     * channels (LeNet-5's second layer) it gathers ({@link #col2imGather6}), else it scatters
     * ({@link #col2imScatter}); both give the same bits.
     */
    static void col2im(float[] col, int m, int hp, int wp, int c, int k, float[] in) {
        col2im(col, m, hp, wp, c, k, in, 0);
    }

    /** {@link #col2im} into the {@code m} maps that start at {@code in[inOff]}. */
    static void col2im(float[] col, int m, int hp, int wp, int c, int k, float[] in, int inOff) {
        if (c == 6) {
            col2imGather6(col, m, hp, wp, k, in, inOff);
        } else {
            col2imScatter(col, m, hp, wp, c, k, in, inOff);
        }
    }

    /**
     * {@link #col2im} for six channels as a gather: each input pixel sums, in six registers, the
     * entries of the windows that read it, windows in {@code (oy, ox)} order (kernel offsets
     * {@code (ky, kx)} descending), and is written once; two images are summed side by side (twelve
     * independent sums, so that the additions' latency is hidden). The scatter form adds runs of
     * {@code k*c} floats at unrelated offsets (scalar code, each pixel read and written up to
     * {@code k*k} times); this reads each col entry once and writes each pixel once.
     */
    static void col2imGather6(float[] col, int m, int hp, int wp, int k, float[] in, int inOff) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int kk = k * k * 6;
        int img = hp * wp * 6;
        int windows = oh * ow * kk; // one image's col entries
        int b = 0;
        // two images at a time: twelve independent sums hide the latency of the additions
        for (; b + 2 <= m; b += 2) {
            int d = inOff + b * img;
            for (int y = 0; y < hp; y++) {
                int kyLo = Math.max(0, y - oh + 1);
                int kyHi = Math.min(k - 1, y);
                for (int x = 0; x < wp; x++, d += 6) {
                    int kxLo = Math.max(0, x - ow + 1);
                    int kxHi = Math.min(k - 1, x);
                    float s0 = 0f;
                    float s1 = 0f;
                    float s2 = 0f;
                    float s3 = 0f;
                    float s4 = 0f;
                    float s5 = 0f;
                    float t0 = 0f;
                    float t1 = 0f;
                    float t2 = 0f;
                    float t3 = 0f;
                    float t4 = 0f;
                    float t5 = 0f;
                    for (int ky = kyHi; ky >= kyLo; ky--) {
                        int window = (b * oh + y - ky) * ow + x;
                        for (int kx = kxHi; kx >= kxLo; kx--) {
                            int o = (window - kx) * kk + (ky * k + kx) * 6;
                            int u = o + windows;
                            s0 += col[o];
                            s1 += col[o + 1];
                            s2 += col[o + 2];
                            s3 += col[o + 3];
                            s4 += col[o + 4];
                            s5 += col[o + 5];
                            t0 += col[u];
                            t1 += col[u + 1];
                            t2 += col[u + 2];
                            t3 += col[u + 3];
                            t4 += col[u + 4];
                            t5 += col[u + 5];
                        }
                    }
                    in[d] = s0;
                    in[d + 1] = s1;
                    in[d + 2] = s2;
                    in[d + 3] = s3;
                    in[d + 4] = s4;
                    in[d + 5] = s5;
                    int e = d + img;
                    in[e] = t0;
                    in[e + 1] = t1;
                    in[e + 2] = t2;
                    in[e + 3] = t3;
                    in[e + 4] = t4;
                    in[e + 5] = t5;
                }
            }
        }
        for (; b < m; b++) {
            int d = inOff + b * img;
            for (int y = 0; y < hp; y++) {
                int kyLo = Math.max(0, y - oh + 1);
                int kyHi = Math.min(k - 1, y);
                for (int x = 0; x < wp; x++, d += 6) {
                    int kxLo = Math.max(0, x - ow + 1);
                    int kxHi = Math.min(k - 1, x);
                    float s0 = 0f;
                    float s1 = 0f;
                    float s2 = 0f;
                    float s3 = 0f;
                    float s4 = 0f;
                    float s5 = 0f;
                    for (int ky = kyHi; ky >= kyLo; ky--) {
                        int window = (b * oh + y - ky) * ow + x;
                        for (int kx = kxHi; kx >= kxLo; kx--) {
                            int o = (window - kx) * kk + (ky * k + kx) * 6;
                            s0 += col[o];
                            s1 += col[o + 1];
                            s2 += col[o + 2];
                            s3 += col[o + 3];
                            s4 += col[o + 4];
                            s5 += col[o + 5];
                        }
                    }
                    in[d] = s0;
                    in[d + 1] = s1;
                    in[d + 2] = s2;
                    in[d + 3] = s3;
                    in[d + 4] = s4;
                    in[d + 5] = s5;
                }
            }
        }
    }

    /** {@link #col2im} as a scatter: zero, then add each col row's runs of {@code k*c} floats. */
    static void col2imScatter(float[] col, int m, int hp, int wp, int c, int k, float[] in, int inOff) {
        int oh = hp - k + 1;
        int ow = wp - k + 1;
        int kc = k * c;
        java.util.Arrays.fill(in, inOff, inOff + m * hp * wp * c, 0f);
        int o = 0;
        for (int b = 0; b < m; b++) {
            int base = inOff + b * hp * wp * c;
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

    // ------------------------------------------------ the direct one-channel convolution (a first layer)
    //
    // C2 (JDK 17) vectorises a loop only when every array it loads from is indexed like the array it
    // stores to (it cannot rule out that two float[] are one array, so a store to a[j] and a load of
    // b[j + o] with an unknown o keep the loop scalar). So each shifted run of the input is first
    // copied (System.arraycopy) into a scratch row at offset 0, and every plane is an array of its own.

    /**
     * Direct convolution of one zero-padded one-channel image, without im2col or a product call.
     * The image is {@code in[inOff ..]} laid out {@code [hp, wp]}; filter {@code ch}'s output is
     * written in a <em>wide plane</em> {@code z[ch][oy*wp + ox]}, with the row stride {@code wp} of
     * the input, so that output position {@code j = oy*wp + ox} reads input {@code j + ky*wp + kx}
     * for tap {@code (ky, kx)}. Each plane holds {@code n = (oh-1)*wp + ow} entries; the
     * {@code wp - ow} entries past the end of each output row are computed from neighbouring pixels
     * and are meaningless (the pooling never reads them). The method: each plane starts as its bias;
     * for each tap in {@code (ky, kx)} order the input run {@code in[inOff + ky*wp + kx ..]} of
     * {@code n} floats is copied into a row of {@code shift} (four rows of {@code n}; with five rows
     * and a 5x5 kernel, a whole kernel row of five taps per loop), and one vector
     * loop per filter and four taps adds {@code w[(ky*k + kx)*f + ch] * shift[..][j]} of each to the
     * plane, so each output is the bias plus the taps' products added in tap order. {@code wb} is the layer's {@code [W; b]} as in the flat parameters
     * ({@code W [k*k, f]} then {@code b [f]}).
     */
    static void convPlanar(float[] in, int inOff, int wp, int oh, int ow, int k, int f, float[] wb, float[][] shift,
                           float[][] z) {
        int n = (oh - 1) * wp + ow;
        int taps = k * k;
        for (int ch = 0; ch < f; ch++) {
            java.util.Arrays.fill(z[ch], 0, n, wb[taps * f + ch]);
        }
        if (k == 5 && shift.length >= 5) {
            // a kernel row per pass: five taps, the same additions in the same order as four at a time
            for (int ky = 0; ky < 5; ky++) {
                int tap = ky * 5;
                for (int q = 0; q < 5; q++) {
                    System.arraycopy(in, inOff + ky * wp + q, shift[q], 0, n);
                }
                for (int ch = 0; ch < f; ch++) {
                    saxpy5(wb[tap * f + ch], shift[0], wb[(tap + 1) * f + ch], shift[1], wb[(tap + 2) * f + ch], shift[2],
                            wb[(tap + 3) * f + ch], shift[3], wb[(tap + 4) * f + ch], shift[4], z[ch], n);
                }
            }
            return;
        }
        int tap = 0;
        for (; tap + 4 <= taps; tap += 4) {
            for (int q = 0; q < 4; q++) {
                System.arraycopy(in, inOff + ((tap + q) / k) * wp + (tap + q) % k, shift[q], 0, n);
            }
            for (int ch = 0; ch < f; ch++) {
                saxpy4(wb[tap * f + ch], shift[0], wb[(tap + 1) * f + ch], shift[1], wb[(tap + 2) * f + ch], shift[2],
                        wb[(tap + 3) * f + ch], shift[3], z[ch], n);
            }
        }
        for (; tap < taps; tap++) {
            System.arraycopy(in, inOff + (tap / k) * wp + tap % k, shift[0], 0, n);
            for (int ch = 0; ch < f; ch++) {
                saxpy(wb[tap * f + ch], shift[0], z[ch], n);
            }
        }
    }

    /** {@code y[j] = y[j] + a*x[j] + b*u[j] + c*v[j] + d*t[j] + e*r[j]}, added left to right. */
    private static void saxpy5(float a, float[] x, float b, float[] u, float c, float[] v, float d, float[] t, float e,
                               float[] r, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = y[j] + a * x[j] + b * u[j] + c * v[j] + d * t[j] + e * r[j];
        }
    }

    /** {@code y[j] += a * x[j]} for {@code j < n}. */
    private static void saxpy(float a, float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /**
     * {@code y[j] = y[j] + a*x[j] + b*u[j] + c*v[j] + d*t[j]} (added left to right, so the same
     * result as four {@link #saxpy} calls in turn, with a quarter of the loads and stores of {@code y}).
     */
    private static void saxpy4(float a, float[] x, float b, float[] u, float c, float[] v, float d, float[] t, float[] y,
                               int n) {
        for (int j = 0; j < n; j++) {
            y[j] = y[j] + a * x[j] + b * u[j] + c * v[j] + d * t[j];
        }
    }

    /**
     * ReLU then 2x2 max-pooling (stride 2, a trailing odd row or column dropped) of the wide planes
     * {@link #convPlanar} wrote for one image ({@code f} planes, row stride {@code wp}). The pooled
     * map is written channels-last into the interior of {@code out} at
     * {@code out[outOff + ((py + pad)*outW + px + pad)*f + ch]} (the next layer's zero-padded input,
     * as {@link #maxPool} does), and {@code arg[argOff + (py*pw + px)*f + ch]} records which of the
     * window's four entries was the maximum: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right
     * (the earlier one on ties).
     */
    static void maxPoolPlanar(float[][] z, int wp, int oh, int ow, int f, float[] out, int outOff, int outW,
                              int pad, byte[] arg, int argOff) {
        int ph = oh / 2;
        int pw = ow / 2;
        for (int ch = 0; ch < f; ch++) {
            float[] zc = z[ch];
            for (int py = 0; py < ph; py++) {
                int d = outOff + ((py + pad) * outW + pad) * f + ch;
                int i = argOff + py * pw * f + ch;
                for (int px = 0; px < pw; px++, d += f, i += f) {
                    int i00 = 2 * py * wp + 2 * px;
                    float a00 = zc[i00];
                    float a01 = zc[i00 + 1];
                    float a10 = zc[i00 + wp];
                    float a11 = zc[i00 + wp + 1];
                    // branch-free, as in maxPool: the sign bit of a - b is 1 exactly when b > a
                    int t = Float.floatToRawIntBits(a00 - a01) >>> 31;
                    int u = Float.floatToRawIntBits(a10 - a11) >>> 31;
                    float vTop = Math.max(a00, a01);
                    float vBottom = Math.max(a10, a11);
                    int low = Float.floatToRawIntBits(vTop - vBottom) >>> 31;
                    out[d] = Math.max(Math.max(vTop, vBottom), 0f);
                    arg[i] = (byte) (t + low * (2 + u - t));
                }
            }
        }
    }

    /**
     * Backward of {@link #maxPoolPlanar} for one image: for each window, the pooled gradient
     * {@code dOut} (read with the placement {@code maxPoolPlanar} wrote {@code out}) goes to the
     * entry {@code arg} names if the pooled value {@code out} is positive (that is, the maximum
     * pre-activation was, so ReLU let it through), and the window's other three entries of the wide
     * planes {@code dz[dzOff + ch]} are set to 0. Entries outside every window (the columns past each
     * row's end, a trailing odd row or column) are not written: the caller keeps them 0.
     */
    static void maxPoolPlanarBackward(float[] dOut, float[] out, int outOff, int outW, int pad, byte[] arg, int argOff,
                                      int wp, int oh, int ow, int f, float[][] dz, int dzOff) {
        int ph = oh / 2;
        int pw = ow / 2;
        for (int ch = 0; ch < f; ch++) {
            float[] dc = dz[dzOff + ch];
            for (int py = 0; py < ph; py++) {
                int d = outOff + ((py + pad) * outW + pad) * f + ch;
                int i = argOff + py * pw * f + ch;
                for (int px = 0; px < pw; px++, d += f, i += f) {
                    // the gradient where out > 0, else +0, without a branch: the sign of 0 - out
                    int keep = -(Float.floatToRawIntBits(0f - out[d]) >>> 31);
                    int g = Float.floatToRawIntBits(dOut[d]) & keep;
                    int a = arg[i];
                    int o = 2 * py * wp + 2 * px;
                    // ((a ^ q) - 1) >> 31 is all ones exactly when a == q (a and q in 0..3)
                    dc[o] = Float.intBitsToFloat(g & ((a - 1) >> 31));
                    dc[o + 1] = Float.intBitsToFloat(g & (((a ^ 1) - 1) >> 31));
                    dc[o + wp] = Float.intBitsToFloat(g & (((a ^ 2) - 1) >> 31));
                    dc[o + wp + 1] = Float.intBitsToFloat(g & (((a ^ 3) - 1) >> 31));
                }
            }
        }
    }

    /**
     * Gradient of {@link #convPlanar}'s {@code [W; b]} over a batch: {@code grad[(ky*k + kx)*f + ch]
     * = sum_b sum_j dz[b*f + ch][j] * in_b[j + ky*wp + kx]} and {@code grad[k*k*f + ch] = sum_b sum_j
     * dz[b*f + ch][j]}, where image {@code b} is {@code in[b*hp*wp ..]} and its wide-plane gradients
     * {@code dz[b*f + ch]} are 0 past each row's end. The method, so that the sums vectorise (C2 does
     * not vectorise an ordered float sum): one lane array of {@code n} floats per filter and tap (and
     * per filter for the bias), {@code acc[ch*(k*k + 1) + tap]}, gathers the products element by
     * element over the images in order ({@code acc[..][j] += dz[b*f + ch][j] * shift[j]}, the input
     * run copied into {@code shift} once per image and tap); each lane array is then summed in double
     * in eight interleaved partial sums.
     */
    static void convPlanarWeightGrad(float[] in, int m, int hp, int wp, int oh, int ow, int k, int f, float[][] dz,
                                     float[][] shift, float[][] acc, float[] grad) {
        int n = (oh - 1) * wp + ow;
        int img = hp * wp;
        int taps = k * k;
        for (float[] a : acc) {
            java.util.Arrays.fill(a, 0, n, 0f);
        }
        int b = 0;
        for (; b + 2 <= m; b += 2) {
            for (int tap = 0; tap < taps; tap++) {
                int o = (tap / k) * wp + tap % k;
                System.arraycopy(in, b * img + o, shift[0], 0, n);
                System.arraycopy(in, (b + 1) * img + o, shift[1], 0, n);
                for (int ch = 0; ch < f; ch++) {
                    multiplyAdd2(dz[b * f + ch], shift[0], dz[(b + 1) * f + ch], shift[1], acc[ch * (taps + 1) + tap], n);
                }
            }
            for (int ch = 0; ch < f; ch++) {
                add2(dz[b * f + ch], dz[(b + 1) * f + ch], acc[ch * (taps + 1) + taps], n);
            }
        }
        for (; b < m; b++) {
            for (int tap = 0; tap < taps; tap++) {
                System.arraycopy(in, b * img + (tap / k) * wp + tap % k, shift[0], 0, n);
                for (int ch = 0; ch < f; ch++) {
                    multiplyAdd(dz[b * f + ch], shift[0], acc[ch * (taps + 1) + tap], n);
                }
            }
            for (int ch = 0; ch < f; ch++) {
                add(dz[b * f + ch], acc[ch * (taps + 1) + taps], n);
            }
        }
        for (int ch = 0; ch < f; ch++) {
            for (int tap = 0; tap <= taps; tap++) {
                grad[tap * f + ch] = (float) sum(acc[ch * (taps + 1) + tap], n);
            }
        }
    }

    /**
     * The weight gradient of {@link #convPlanar}'s {@code [W; b]} over a batch straight from the
     * pooled gradient: the same quantity as {@link #maxPoolPlanarBackward} then
     * {@link #convPlanarWeightGrad} (up to the order of the float additions), without the wide-plane
     * gradients, three quarters of whose entries are 0. Each pooled gradient {@code dOut} (read with
     * the placement {@link #maxPoolPlanar} wrote {@code out}: image {@code b} at
     * {@code outOff = b*outImg}) whose pooled value {@code out} is positive goes to the one
     * pre-activation {@code arg} names, so it adds {@code g * in_b[j + ky*wp + kx]} to tap
     * {@code (ky, kx)} of its filter, where {@code j} is that pre-activation's wide-plane index.
     * The method: per image and filter, the nonzero gradients and their input offsets are listed
     * ({@code gs}, {@code idx}, each of {@code ph*pw} entries), then each kernel row's taps are
     * summed over the list in float, one register per tap, in list order (for 5x5 kernels, two
     * rows per pass, so ten independent sums hide the additions' latency); these per-image sums are
     * added in double over the images in order ({@code acc}, {@code (k*k + 1)*f}), the bias being
     * the sum of the gradients. About a quarter of the products of the wide-plane form.
     */
    static void convPlanarPooledWeightGrad(float[] in, int m, int hp, int wp, int oh, int ow, int k, int f,
                                           float[] dOut, float[] out, int outImg, int outW, int pad, byte[] arg,
                                           int[] idx, float[] gs, double[] acc, float[] grad) {
        int ph = oh / 2;
        int pw = ow / 2;
        int img = hp * wp;
        int taps = k * k;
        java.util.Arrays.fill(acc, 0, (taps + 1) * f, 0.0);
        for (int b = 0; b < m; b++) {
            int inOff = b * img;
            for (int ch = 0; ch < f; ch++) {
                int cnt = 0;
                float bias = 0f;
                for (int py = 0; py < ph; py++) {
                    int d = b * outImg + ((py + pad) * outW + pad) * f + ch;
                    int i = (b * ph + py) * pw * f + ch;
                    for (int px = 0; px < pw; px++, d += f, i += f) {
                        if (out[d] > 0f) {
                            float g = dOut[d];
                            int a = arg[i];
                            idx[cnt] = inOff + (2 * py + (a >> 1)) * wp + 2 * px + (a & 1);
                            gs[cnt] = g;
                            bias += g;
                            cnt++;
                        }
                    }
                }
                acc[taps * f + ch] += bias;
                int ky = 0;
                if (k == 5) {
                    // two kernel rows per pass over the list: ten independent sums
                    for (; ky + 2 <= k; ky += 2) {
                        int row = ky * wp;
                        int t = ky * k;
                        float s0 = 0f;
                        float s1 = 0f;
                        float s2 = 0f;
                        float s3 = 0f;
                        float s4 = 0f;
                        float r0 = 0f;
                        float r1 = 0f;
                        float r2 = 0f;
                        float r3 = 0f;
                        float r4 = 0f;
                        for (int e = 0; e < cnt; e++) {
                            float g = gs[e];
                            int o = idx[e] + row;
                            int u = o + wp;
                            s0 += g * in[o];
                            s1 += g * in[o + 1];
                            s2 += g * in[o + 2];
                            s3 += g * in[o + 3];
                            s4 += g * in[o + 4];
                            r0 += g * in[u];
                            r1 += g * in[u + 1];
                            r2 += g * in[u + 2];
                            r3 += g * in[u + 3];
                            r4 += g * in[u + 4];
                        }
                        acc[t * f + ch] += s0;
                        acc[(t + 1) * f + ch] += s1;
                        acc[(t + 2) * f + ch] += s2;
                        acc[(t + 3) * f + ch] += s3;
                        acc[(t + 4) * f + ch] += s4;
                        acc[(t + 5) * f + ch] += r0;
                        acc[(t + 6) * f + ch] += r1;
                        acc[(t + 7) * f + ch] += r2;
                        acc[(t + 8) * f + ch] += r3;
                        acc[(t + 9) * f + ch] += r4;
                    }
                }
                for (; ky < k; ky++) {
                    int row = ky * wp;
                    int t = ky * k;
                    if (k == 5) {
                        float s0 = 0f;
                        float s1 = 0f;
                        float s2 = 0f;
                        float s3 = 0f;
                        float s4 = 0f;
                        for (int e = 0; e < cnt; e++) {
                            float g = gs[e];
                            int o = idx[e] + row;
                            s0 += g * in[o];
                            s1 += g * in[o + 1];
                            s2 += g * in[o + 2];
                            s3 += g * in[o + 3];
                            s4 += g * in[o + 4];
                        }
                        acc[t * f + ch] += s0;
                        acc[(t + 1) * f + ch] += s1;
                        acc[(t + 2) * f + ch] += s2;
                        acc[(t + 3) * f + ch] += s3;
                        acc[(t + 4) * f + ch] += s4;
                    } else {
                        for (int kx = 0; kx < k; kx++) {
                            float s = 0f;
                            for (int e = 0; e < cnt; e++) {
                                s += gs[e] * in[idx[e] + row + kx];
                            }
                            acc[(t + kx) * f + ch] += s;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < (taps + 1) * f; i++) {
            grad[i] = (float) acc[i];
        }
    }

    /**
     * {@code y[j] = y[j] + a[j]*x[j] + b[j]*u[j]} for {@code j < n} (left to right; two images per
     * loop halve the loads and stores of {@code y}, while more arrays per loop stop C2 vectorising).
     */
    private static void multiplyAdd2(float[] a, float[] x, float[] b, float[] u, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = y[j] + a[j] * x[j] + b[j] * u[j];
        }
    }

    /** {@code y[j] = y[j] + a[j] + b[j]} for {@code j < n} (left to right). */
    private static void add2(float[] a, float[] b, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = y[j] + a[j] + b[j];
        }
    }

    /** {@code y[j] += a[j] * x[j]} for {@code j < n}. */
    private static void multiplyAdd(float[] a, float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a[j] * x[j];
        }
    }

    /** {@code y[j] += x[j]} for {@code j < n}. */
    private static void add(float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += x[j];
        }
    }

    /** {@code sum_{j < n} a[j]} in double, in eight interleaved partial sums (then added pairwise). */
    static double sum(float[] a, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            s0 += a[j];
            s1 += a[j + 1];
            s2 += a[j + 2];
            s3 += a[j + 3];
            s4 += a[j + 4];
            s5 += a[j + 5];
            s6 += a[j + 6];
            s7 += a[j + 7];
        }
        for (; j < n; j++) {
            s0 += a[j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * Gradient of {@link #convPlanar} with respect to its padded input, for one image: {@code dIn}
     * at {@code dIn[inOff ..]} ({@code [hp, wp]}) is overwritten with the adjoint of the forward pass,
     * {@code dIn[inOff + j + ky*wp + kx] += sum_ch w[(ky*k + kx)*f + ch] * dz[dzOff + ch][j]} over the
     * taps: per tap, the filters' contributions are summed in {@code shift} (a vector loop), then
     * added at the tap's offset. The entries of {@code dz} past each row's end must be 0.
     */
    static void convPlanarInputGrad(float[][] dz, int dzOff, int hp, int wp, int oh, int ow, int k, int f, float[] wb,
                                    float[] shift, float[] dIn, int inOff) {
        int n = (oh - 1) * wp + ow;
        java.util.Arrays.fill(dIn, inOff, inOff + hp * wp, 0f);
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                java.util.Arrays.fill(shift, 0, n, 0f);
                for (int ch = 0; ch < f; ch++) {
                    saxpy(wb[(ky * k + kx) * f + ch], dz[dzOff + ch], shift, n);
                }
                int io = inOff + ky * wp + kx;
                for (int j = 0; j < n; j++) {
                    dIn[io + j] += shift[j];
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
