package org.fedpoison.model;

import java.util.SplittableRandom;

/**
 * Where each parameter of a dense classifier sits in its flat float32 vector (C order): with a
 * hidden layer of width {@code h}, {@code [W1 (d x h), b1 (h), W2 (h x c), b2 (c)]}; without one
 * ({@code h = 0}), {@code [W (d x c), b (c)]}, where {@code W} and {@code b} take the places of
 * {@code W2} and {@code b2} (the offsets of {@code W1} and {@code b1} are then {@code -1}).
 *
 * @param d         features per example, {@code >= 1}
 * @param h         hidden width, {@code >= 0} (0: no hidden layer)
 * @param c         classes, {@code >= 2}
 * @param numParams the length of the flat vector
 * @param oW1       offset of {@code W1}, or -1
 * @param oB1       offset of {@code b1}, or -1
 * @param oW2       offset of {@code W2} (or {@code W})
 * @param oB2       offset of {@code b2} (or {@code b})
 */
record DenseLayout(int d, int h, int c, int numParams, int oW1, int oB1, int oW2, int oB2) {

    /**
     * The layout of a {@code d-h-c} network.
     *
     * @throws IllegalArgumentException if {@code d < 1}, {@code c < 2}, or the vector would not fit
     *     in a Java array
     */
    static DenseLayout of(int d, int h, int c) {
        if (d < 1) {
            throw new IllegalArgumentException("inputDim is " + d + ", must be >= 1");
        }
        if (c < 2) {
            throw new IllegalArgumentException("classes is " + c + ", must be >= 2");
        }
        long n = h > 0 ? (long) d * h + h + (long) h * c + c : (long) d * c + c;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model has " + n + " parameters, at most " + (Integer.MAX_VALUE - 8)
                    + " are supported");
        }
        if (h > 0) {
            int oB1 = d * h;
            int oW2 = oB1 + h;
            return new DenseLayout(d, h, c, (int) n, 0, oB1, oW2, oW2 + h * c);
        }
        return new DenseLayout(d, 0, c, (int) n, -1, -1, 0, d * c);
    }

    /** Fills {@code w[from, from + count)} uniformly in {@code [-limit, limit]}. */
    static void uniform(float[] w, int from, int count, double limit, SplittableRandom rng) {
        for (int i = 0; i < count; i++) {
            w[from + i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
    }
}
