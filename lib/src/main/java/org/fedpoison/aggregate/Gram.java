package org.fedpoison.aggregate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gram matrices {@code G[i][j] = <x_i - r, x_j - r>} of a round's deltas around a {@link Centre}
 * {@code r} (none, their mean, or one of them), and the pairwise squared distances that follow from
 * them: the arithmetic Krum, Multi-Krum, Bulyan, FoolsGold and the geometric median share. Small
 * rounds ({@code K·K·d <= 2^24}) are summed in double in Java loops; larger ones by BLAS products
 * over blocks of coordinates (OpenBLAS {@code ?syrk}, or ND4J's {@code gemm}), the blocks' partial
 * matrices summed in double in a fixed order, so results do not depend on the threads.
 */
final class Gram {

    private Gram() {}

    /** Gram matrices and distances are summed in double in Java loops up to this many multiply-adds (K·K·d). */
    static final long DIRECT_GRAM_MAX_FLOPS = 1L << 24;


    /** Where the deltas are centred before their Gram matrix is formed: nowhere, on their mean, or on one delta. */
    record Centre(Kind kind, int row) {
        enum Kind { NONE, MEAN, DELTA }

        static final Centre NONE = new Centre(Kind.NONE, -1);
        static final Centre MEAN = new Centre(Kind.MEAN, -1);

        /** On the delta at canonical position {@code row}. */
        static Centre delta(int row) {
            if (row < 0) {
                throw new IllegalArgumentException("Gram.Centre: row is " + row + ", must be >= 0");
            }
            return new Centre(Kind.DELTA, row);
        }

        /** The mean if {@code centred}, else none. */
        static Centre meanIf(boolean centred) {
            return centred ? MEAN : NONE;
        }
    }

    /**
     * Distances taken from a Gram matrix count as trustworthy when every squared distance is at
     * least this fraction of {@code G_ii + G_jj} (float32 products: about {@code 3e-6} relative error
     * per block product; double: far less). Below it, cancellation may have eaten the distance and
     * the Gram matrix is computed again around one of the deltas.
     */
    static final double FLOAT_GRAM_TRUST = 1e-3;
    static final double DOUBLE_GRAM_TRUST = 1e-9;

    /**
     * The K×K Gram matrix {@code G[i][j] = <x_i - r, x_j - r>} of the batch's deltas, where
     * {@code r} is a centre near the bulk of the deltas when {@code centred} and zero otherwise.
     * Squared distances follow as {@code G_ii + G_jj - 2 G_ij} and, for a convex combination
     * {@code z = sum_j c_j x_j}, {@code ||z - x_i||^2 = G_ii - 2 (G c)_i + c^T G c}, for any centre.
     *
     * <p>The centre matters for precision: those formulas subtract numbers of the size of
     * {@code ||x_i - r||^2}, so a centre far from two deltas loses their distance to cancellation.
     * The mean is tried first (one pass, and exact for clean rounds); a single far-away delta drags
     * the mean away from everybody else, which shows as some squared distance below
     * {@link #FLOAT_GRAM_TRUST} (or {@link #DOUBLE_GRAM_TRUST}) times {@code G_ii + G_jj}. Then the
     * matrix is computed again centred on the delta whose distance to its {@code floor(K/2)}-th
     * nearest neighbour is smallest: with fewer than half of the deltas far away that delta lies
     * among the others, and their distances come out to full precision.
     *
     * <p>Small problems ({@code K·K·d <= 2^24}) are summed in double in Java loops. Larger ones use
     * one BLAS product per block of coordinates in the input dtype (OpenBLAS {@code ?syrk}, or
     * ND4J's {@code gemm} where the OpenBLAS binding is missing); each centred row of a block is
     * scaled by a power of two when its largest value is far from 1, so that float32 products
     * neither overflow nor underflow, and the blocks' partial Gram matrices are summed in double in
     * a fixed order.
     *
     * @param b       the batch
     * @param centred whether to centre the deltas first (on the mean, or on a delta as above)
     * @return the K×K Gram matrix, symmetric
     */
    public static double[][] gram(RoundUpdates b, boolean centred) {
        boolean direct = (long) b.k * b.k * b.d <= DIRECT_GRAM_MAX_FLOPS;
        if (!centred) {
            return direct ? gramDirect(b, Centre.NONE) : gramBlas(b, Centre.NONE, Syrk.AVAILABLE);
        }
        double[][] g = direct ? gramDirect(b, Centre.MEAN) : gramBlas(b, Centre.MEAN, Syrk.AVAILABLE);
        double trust = direct || b.outType == DataType.DOUBLE ? DOUBLE_GRAM_TRUST : FLOAT_GRAM_TRUST;
        int centre = innerRow(g, trust);
        return centre < 0 ? g : centredOn(b, centre);
    }

    /** The Gram matrix centred on the delta at canonical position {@code row} (in double or by BLAS blocks, as {@link #gram}). */
    static double[][] centredOn(RoundUpdates b, int row) {
        boolean direct = (long) b.k * b.k * b.d <= DIRECT_GRAM_MAX_FLOPS;
        return direct ? gramDirect(b, Centre.delta(row)) : gramBlas(b, Centre.delta(row), Syrk.AVAILABLE);
    }

    /**
     * -1 if every squared distance of {@code g} is at least {@code trust (G_ii + G_jj)}; otherwise
     * the row whose distance to its {@code floor(K/2)}-th nearest other row is smallest (the first
     * such row on ties).
     */
    static int innerRow(double[][] g, double trust) {
        int k = g.length;
        double[][] dist = distancesFromGram(g);
        boolean suspect = false;
        for (int i = 0; i < k && !suspect; i++) {
            for (int j = 0; j < i; j++) {
                if (dist[i][j] < trust * (g[i][i] + g[j][j])) {
                    suspect = true;
                    break;
                }
            }
        }
        return suspect ? centralRow(dist) : -1;
    }

    /**
     * The row whose squared distance to its {@code floor(K/2)}-th nearest other row is smallest (the
     * first such row on ties): with fewer than half of the rows far away, a row among the others.
     *
     * @param dist pairwise squared distances, K×K
     * @return the row's index
     */
    static int centralRow(double[][] dist) {
        int k = dist.length;
        if (k < 2) {
            return 0;
        }
        int best = 0;
        double bestRadius = Double.POSITIVE_INFINITY;
        double[] row = new double[k - 1];
        for (int i = 0; i < k; i++) {
            int q = 0;
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    row[q++] = dist[i][j];
                }
            }
            double radius = OrderStatistics.select(row, 0, k - 1, Math.max(0, k / 2 - 1));
            if (radius < bestRadius) {
                bestRadius = radius;
                best = i;
            }
        }
        return best;
    }

    /** As {@link #gramDirect(RoundUpdates, Centre)}, centred on the mean or not at all. */
    static double[][] gramDirect(RoundUpdates b, boolean centred) {
        return gramDirect(b, Centre.meanIf(centred));
    }

    /** The Gram matrix summed in double, centred as {@code centre} says. */
    static double[][] gramDirect(RoundUpdates b, Centre centre) {
        b.ensureFinite();
        int k = b.k;
        double[][] x = new double[k][];
        for (int i = 0; i < k; i++) {
            x[i] = b.toDoubles(i);
        }
        if (centre.kind() != Centre.Kind.NONE) {
            double[] r = new double[b.d];
            if (centre.kind() == Centre.Kind.MEAN) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < b.d; j++) {
                        r[j] += x[i][j];
                    }
                }
                for (int j = 0; j < b.d; j++) {
                    r[j] /= k;
                }
            } else {
                System.arraycopy(x[centre.row()], 0, r, 0, b.d);
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < b.d; j++) {
                    x[i][j] -= r[j];
                }
            }
        }
        double[][] g = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < b.d; t++) {
                    s += x[i][t] * x[j][t];
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    static double[][] gramBlas(RoundUpdates b, boolean centred) {
        return gramBlas(b, Centre.meanIf(centred), Syrk.AVAILABLE);
    }

    /** As {@link #gramBlas(RoundUpdates, boolean)}, with OpenBLAS {@code ?syrk} or with ND4J's {@code gemm}. */
    static double[][] gramBlas(RoundUpdates b, boolean centred, boolean syrk) {
        return gramBlas(b, Centre.meanIf(centred), syrk);
    }

    /** Row exponents inside this range are not rescaled (their products stay far from float limits). */
    private static final int SAFE_EXPONENT = 30;

    /**
     * The Gram matrix by blocks of coordinates and BLAS products, centred as {@code centre} says.
     */
    static double[][] gramBlas(RoundUpdates b, Centre centre, boolean syrk) {
        if (centre.kind() != Centre.Kind.MEAN) {
            b.ensureFinite();
        }
        boolean[] nonFinite = new boolean[1];
        int k = b.k;
        int chunk = (int) Math.max(256, Math.min(b.d, (1L << 18) / k)); // a block of about 1 MB (float) stays in cache
        int chunks = (b.d + chunk - 1) / chunk;
        double[][] partial = new double[chunks][];
        boolean isFloat = b.outType == DataType.FLOAT;
        Parallel.current().forRanges(chunks, (long) k * b.d, (clo, chi) -> {
            float[] ftmp = isFloat ? new float[k * chunk] : null;
            double[] dtmp = isFloat ? null : new double[k * chunk];
            float[] rowTmp = new float[chunk];
            double[] r = new double[chunk];
            int[] exponent = new int[k];
            try (BlockProduct product = syrk ? new Syrk(isFloat, k, chunk) : new Gemm(isFloat, k, chunk)) {
                for (int c = clo; c < chi; c++) {
                    int start = c * chunk;
                    int len = Math.min(chunk, b.d - start);
                    if (isFloat) {
                        for (int i = 0; i < k; i++) { // every update is FLOAT here
                            b.floats[i].get(b.offsets[i] + start, ftmp, i * len, len);
                        }
                    } else {
                        for (int i = 0; i < k; i++) {
                            b.read(i, start, len, dtmp, i * len, rowTmp);
                        }
                    }
                    Arrays.fill(r, 0, len, 0.0);
                    if (centre.kind() == Centre.Kind.MEAN) {
                        for (int i = 0; i < k; i++) {
                            if (isFloat) {
                                for (int j = 0, p = i * len; j < len; j++, p++) {
                                    r[j] += ftmp[p];
                                }
                            } else {
                                for (int j = 0, p = i * len; j < len; j++, p++) {
                                    r[j] += dtmp[p];
                                }
                            }
                        }
                        if (!dividedAndFinite(r, len, k)) {
                            nonFinite[0] = true;
                            return;
                        }
                    } else if (centre.kind() == Centre.Kind.DELTA) {
                        for (int j = 0, p = centre.row() * len; j < len; j++, p++) {
                            r[j] = isFloat ? ftmp[p] : dtmp[p];
                        }
                    }
                    boolean scaled = false;
                    for (int i = 0; i < k; i++) {
                        double max = 0;
                        if (isFloat) {
                            for (int j = 0, p = i * len; j < len; j++, p++) {
                                double v = ftmp[p] - r[j];
                                ftmp[p] = (float) v;
                                max = Math.max(max, Math.abs(v));
                            }
                        } else {
                            for (int j = 0, p = i * len; j < len; j++, p++) {
                                double v = dtmp[p] - r[j];
                                dtmp[p] = v;
                                max = Math.max(max, Math.abs(v));
                            }
                        }
                        int e = max == 0 ? 0 : Math.getExponent(max);
                        exponent[i] = Math.abs(e) <= SAFE_EXPONENT ? 0 : e;
                        if (exponent[i] != 0) { // recompute the row scaled by 2^-e (exact in double)
                            scaled = true;
                            double factor = Math.scalb(1.0, -exponent[i]); // a power of two: products are exact
                            if (isFloat) {
                                b.floats[i].get(b.offsets[i] + start, rowTmp, 0, len);
                                for (int j = 0, p = i * len; j < len; j++, p++) {
                                    ftmp[p] = (float) ((rowTmp[j] - r[j]) * factor);
                                }
                            } else {
                                b.read(i, start, len, dtmp, i * len, rowTmp);
                                for (int j = 0, p = i * len; j < len; j++, p++) {
                                    dtmp[p] = (dtmp[p] - r[j]) * factor;
                                }
                            }
                        }
                    }
                    double[] part = isFloat ? product.upper(ftmp, len) : product.upper(dtmp, len);
                    if (scaled) {
                        for (int i = 0; i < k; i++) {
                            for (int j = i; j < k; j++) {
                                part[i * k + j] = Math.scalb(part[i * k + j], exponent[i] + exponent[j]);
                            }
                        }
                    }
                    partial[c] = part;
                }
            }
        });
        if (nonFinite[0]) {
            b.ensureFinite(); // finds the client and throws (an overflowing sum of finite values passes)
            return gramBlas(b, Centre.NONE, syrk);
        }
        if (centre.kind() == Centre.Kind.MEAN) {
            b.markFinite();
        }
        double[][] gram = new double[k][k];
        for (double[] gc : partial) { // fixed block order: the sum does not depend on threads
            for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++) {
                    gram[i][j] += gc[i * k + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                gram[i][j] = gram[j][i];
            }
        }
        return gram;
    }

    /** Divides the sums in {@code mean[0, len)} by {@code k}; false if any is NaN or infinite. */
    private static boolean dividedAndFinite(double[] mean, int len, int k) {
        double check = 0;
        for (int j = 0; j < len; j++) {
            mean[j] /= k;
            check += mean[j] * 0.0; // stays 0 unless some mean is NaN or infinite
        }
        return check == 0.0;
    }

    /**
     * The Gram matrix {@code X X^T} of one K×len block (row-major), upper triangle, as K×K doubles.
     * Uses OpenBLAS {@code ?syrk} through the JavaCPP binding ND4J ships with (half the work of
     * {@code gemm}), and ND4J's {@code gemm} where that binding cannot be loaded.
     */
    private abstract static class BlockProduct implements AutoCloseable {
        final int k;

        BlockProduct(int k) {
            this.k = k;
        }

        abstract double[] upper(float[] x, int len);

        abstract double[] upper(double[] x, int len);

        @Override
        public abstract void close();
    }

    static final class Syrk extends BlockProduct {
        /** Whether the OpenBLAS binding loaded. */
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
                return true;
            } catch (Throwable e) { // no binding for this platform: fall back to ND4J's gemm
                return false;
            }
        }

        private final org.bytedeco.javacpp.FloatPointer fx;
        private final org.bytedeco.javacpp.FloatPointer fg;
        private final org.bytedeco.javacpp.DoublePointer dx;
        private final org.bytedeco.javacpp.DoublePointer dg;
        private final float[] fout;

        Syrk(boolean isFloat, int k, int chunk) {
            super(k);
            fx = isFloat ? new org.bytedeco.javacpp.FloatPointer((long) k * chunk) : null;
            fg = isFloat ? new org.bytedeco.javacpp.FloatPointer((long) k * k) : null;
            dx = isFloat ? null : new org.bytedeco.javacpp.DoublePointer((long) k * chunk);
            dg = isFloat ? null : new org.bytedeco.javacpp.DoublePointer((long) k * k);
            fout = new float[k * k];
        }

        @Override
        double[] upper(float[] x, int len) {
            fx.put(x, 0, k * len);
            org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk(
                    org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor,
                    org.bytedeco.openblas.global.openblas_nolapack.CblasUpper,
                    org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans,
                    k, len, 1f, fx, len, 0f, fg, k);
            fg.get(fout, 0, k * k);
            double[] out = new double[k * k];
            for (int p = 0; p < k * k; p++) {
                out[p] = fout[p];
            }
            return out;
        }

        @Override
        double[] upper(double[] x, int len) {
            dx.put(x, 0, k * len);
            org.bytedeco.openblas.global.openblas_nolapack.cblas_dsyrk(
                    org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor,
                    org.bytedeco.openblas.global.openblas_nolapack.CblasUpper,
                    org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans,
                    k, len, 1.0, dx, len, 0.0, dg, k);
            double[] out = new double[k * k];
            dg.get(out, 0, k * k);
            return out;
        }

        @Override
        public void close() {
            for (org.bytedeco.javacpp.Pointer p : new org.bytedeco.javacpp.Pointer[] {fx, fg, dx, dg}) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    private static final class Gemm extends BlockProduct {
        private final DataType type;
        private final int chunk;
        private final INDArray g;
        private INDArray full; // reused: allocating a matrix per block costs as much as the product

        Gemm(boolean isFloat, int k, int chunk) {
            super(k);
            this.type = isFloat ? DataType.FLOAT : DataType.DOUBLE;
            this.chunk = chunk;
            this.g = Nd4j.create(type, k, k);
        }

        private INDArray matrix(int len) {
            if (len != chunk) {
                return Nd4j.create(type, k, len);
            }
            if (full == null) {
                full = Nd4j.create(type, k, chunk);
            }
            return full;
        }

        @Override
        double[] upper(float[] x, int len) {
            INDArray m = matrix(len);
            m.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(0, x, 0, k * len);
            Nd4j.gemm(m, m, g, false, true, 1.0, 0.0);
            FloatBuffer gf = g.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            double[] out = new double[k * k];
            for (int p = 0; p < k * k; p++) {
                out[p] = gf.get(p);
            }
            return out;
        }

        @Override
        double[] upper(double[] x, int len) {
            INDArray m = matrix(len);
            m.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().put(0, x, 0, k * len);
            Nd4j.gemm(m, m, g, false, true, 1.0, 0.0);
            double[] out = new double[k * k];
            g.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().get(0, out, 0, k * k);
            return out;
        }

        @Override
        public void close() {}
    }

    /**
     * Pairwise squared Euclidean distances {@code D[i][j] = ||x_i - x_j||^2}. Small problems
     * ({@code K·K·d <= 2^24}) sum squared differences in double; larger ones use one centred Gram
     * matrix ({@link #gram}, which re-centres when a far-away delta would cost precision):
     * {@code D[i][j] = G[i][i] + G[j][j] - 2 G[i][j]} (clamped at 0, zero
     * diagonal), the fast path: one matrix product instead of K² vector differences.
     *
     * @param b the batch
     * @return the K×K matrix of squared distances
     */
    public static double[][] pairwiseSquaredDistances(RoundUpdates b) {
        if ((long) b.k * b.k * b.d > DIRECT_GRAM_MAX_FLOPS) {
            return distancesFromGram(gram(b, true));
        }
        // small problems: sum the squared differences directly (exact for small integers)
        b.ensureFinite();
        double[][] x = new double[b.k][];
        for (int i = 0; i < b.k; i++) {
            x[i] = b.toDoubles(i);
        }
        double[][] dist = new double[b.k][b.k];
        for (int i = 0; i < b.k; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int t = 0; t < b.d; t++) {
                    double diff = x[i][t] - x[j][t];
                    s += diff * diff;
                }
                dist[i][j] = s;
                dist[j][i] = s;
            }
        }
        return dist;
    }

    static double[][] distancesFromGram(double[][] g) {
        int k = g.length;
        double[][] dist = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double v = Math.max(0.0, g[i][i] + g[j][j] - 2 * g[i][j]);
                dist[i][j] = v;
                dist[j][i] = v;
            }
        }
        return dist;
    }
}
