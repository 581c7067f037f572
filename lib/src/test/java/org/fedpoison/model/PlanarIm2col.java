package org.fedpoison.model;

/**
 * The im2col of a one-channel layer, transposed, and its adjoint: how {@link Cnn}'s first layer
 * was computed (as products) before {@link ConvOps#convPlanar} convolved it directly. Kept for
 * the tests, as an independent reference for the direct kernels.
 */
final class PlanarIm2col {
    private PlanarIm2col() {}

    /**
     * im2col of a one-channel padded batch {@code in [m, hp, wp]}, transposed: {@code colT [k*k, rows]}
     * with {@code rows = m*oh*ow} and {@code colT[ky*k + kx][(b*oh + oy)*ow + ox] = in[b][oy+ky][ox+kx]}.
     * Each output run over {@code ox} is a contiguous run of the input, so this costs one copy per
     * kernel offset and image row (for a first layer, where {@code k*c} is only {@code k}).
     */
    static void im2col(float[] in, int m, int hp, int wp, int k, float[] colT) {
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

    /** The adjoint of {@link #im2col}: {@code in [m, hp, wp]} is overwritten with the sums. */
    static void col2im(float[] colT, int m, int hp, int wp, int k, float[] in) {
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
}
