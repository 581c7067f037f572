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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arithmetic the robust aggregation rules share, kept in one place: validating a round's
 * updates and reading them without copies ({@link RoundUpdates}), per-coordinate selection
 * ({@link #select}, {@link #median}, {@link #perCoordinate}), Gram matrices and pairwise squared
 * distances ({@link #gram}, {@link #pairwiseSquaredDistances}), and weighted sums
 * ({@link #weightedSum}).
 *
 * <p>All of it reads the deltas' native buffers directly (never modifying them) and computes in
 * {@code double}; results are returned in the dtype of the inputs ({@code FLOAT} if every delta is
 * {@code FLOAT}, otherwise {@code DOUBLE}). Updates are put in a canonical order (by client id,
 * then by content) before any arithmetic, so every result is bit-for-bit the same whatever the
 * order of the list. Work on large inputs is split into fixed ranges (of coordinates or clients)
 * that up to {@link #threads()} Java threads take in turn; each range writes its own outputs, so
 * results do not depend on scheduling or on the number of threads.
 */
public final class AggregationMath {

    private AggregationMath() {}

    /** Work below this many values (clients × coordinates) runs on the calling thread only. */
    private static final long PARALLEL_MIN_VALUES = 1L << 18;

    /** Gram matrices and distances are summed in double in Java loops up to this many multiply-adds (K·K·d). */
    static final long DIRECT_GRAM_MAX_FLOPS = 1L << 24;

    /** The number of Java threads large computations are split over (at most 8). */
    public static int threads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    // ---------------------------------------------------------------------------------------
    // A validated, canonically ordered round of updates
    // ---------------------------------------------------------------------------------------





    // ---------------------------------------------------------------------------------------
    // Gram matrices and distances
    // ---------------------------------------------------------------------------------------

    /** Centre code for the Gram matrix: no centring. */
    static final int NO_CENTRE = -2;
    /** Centre code for the Gram matrix: the coordinate-wise mean. */
    static final int MEAN_CENTRE = -1;

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
            return direct ? gramDirect(b, NO_CENTRE) : gramBlas(b, NO_CENTRE, Syrk.AVAILABLE);
        }
        double[][] g = direct ? gramDirect(b, MEAN_CENTRE) : gramBlas(b, MEAN_CENTRE, Syrk.AVAILABLE);
        double trust = direct || b.outType == DataType.DOUBLE ? DOUBLE_GRAM_TRUST : FLOAT_GRAM_TRUST;
        int centre = innerRow(g, trust);
        if (centre < 0) {
            return g;
        }
        return direct ? gramDirect(b, centre) : gramBlas(b, centre, Syrk.AVAILABLE);
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

    /** As {@link #gramDirect(RoundUpdates, int)}, centred on the mean or not at all. */
    static double[][] gramDirect(RoundUpdates b, boolean centred) {
        return gramDirect(b, centred ? MEAN_CENTRE : NO_CENTRE);
    }

    /** The Gram matrix summed in double, centred on the mean, on row {@code centre}, or not ({@link #NO_CENTRE}). */
    static double[][] gramDirect(RoundUpdates b, int centre) {
        b.ensureFinite();
        int k = b.k;
        double[][] x = new double[k][];
        for (int i = 0; i < k; i++) {
            x[i] = b.toDoubles(i);
        }
        if (centre != NO_CENTRE) {
            double[] r = new double[b.d];
            if (centre == MEAN_CENTRE) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < b.d; j++) {
                        r[j] += x[i][j];
                    }
                }
                for (int j = 0; j < b.d; j++) {
                    r[j] /= k;
                }
            } else {
                System.arraycopy(x[centre], 0, r, 0, b.d);
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
        return gramBlas(b, centred ? MEAN_CENTRE : NO_CENTRE, Syrk.AVAILABLE);
    }

    /** As {@link #gramBlas(RoundUpdates, boolean)}, with OpenBLAS {@code ?syrk} or with ND4J's {@code gemm}. */
    static double[][] gramBlas(RoundUpdates b, boolean centred, boolean syrk) {
        return gramBlas(b, centred ? MEAN_CENTRE : NO_CENTRE, syrk);
    }

    /** Row exponents inside this range are not rescaled (their products stay far from float limits). */
    private static final int SAFE_EXPONENT = 30;

    /**
     * The Gram matrix by blocks of coordinates and BLAS products, centred on the mean, on row
     * {@code centre}, or not ({@link #NO_CENTRE}).
     */
    static double[][] gramBlas(RoundUpdates b, int centre, boolean syrk) {
        if (centre != MEAN_CENTRE) {
            b.ensureFinite();
        }
        boolean[] nonFinite = new boolean[1];
        int k = b.k;
        int chunk = (int) Math.max(256, Math.min(b.d, (1L << 18) / k)); // a block of about 1 MB (float) stays in cache
        int chunks = (b.d + chunk - 1) / chunk;
        double[][] partial = new double[chunks][];
        boolean isFloat = b.outType == DataType.FLOAT;
        parallelFor(chunks, (long) k * b.d, (clo, chi) -> {
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
                    if (centre == MEAN_CENTRE) {
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
                        if (!meanIsFinite(r, len, k)) {
                            nonFinite[0] = true;
                            return;
                        }
                    } else if (centre >= 0) {
                        for (int j = 0, p = centre * len; j < len; j++, p++) {
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
            return gramBlas(b, NO_CENTRE, syrk);
        }
        if (centre == MEAN_CENTRE) {
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
    private static boolean meanIsFinite(double[] mean, int len, int k) {
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

    /**
     * Krum scores (Blanchard et al., 2017) within a candidate set: for each candidate i, the sum of
     * its {@code max(0, |R| - f - 2)} smallest squared distances to the other candidates.
     *
     * @param dist       pairwise squared distances over the whole batch
     * @param candidates canonical positions forming the candidate set R
     * @return the score of each candidate, in the order of {@code candidates}
     */
    static double[] krumScores(double[][] dist, int[] candidates, int f) {
        int r = candidates.length;
        int neighbours = Math.max(0, r - f - 2);
        double[] scores = new double[r];
        double[] row = new double[Math.max(1, r - 1)];
        for (int a = 0; a < r; a++) {
            int q = 0;
            for (int c = 0; c < r; c++) {
                if (c != a) {
                    row[q++] = dist[candidates[a]][candidates[c]];
                }
            }
            Arrays.sort(row, 0, q);
            double s = 0;
            for (int t = 0; t < neighbours; t++) {
                s += row[t];
            }
            scores[a] = s;
        }
        return scores;
    }

    /**
     * The candidates ordered by ascending score; equal scores are ordered by the content of the
     * deltas (lexicographically), so the order depends on the values only, never on the clients'
     * order or ids.
     */
    static int[] orderByScore(RoundUpdates b, int[] candidates, double[] scores) {
        Integer[] idx = new Integer[candidates.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> {
            int c = Double.compare(scores[x], scores[y]);
            return c != 0 ? c : b.compareContent(candidates[x], candidates[y]);
        });
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = candidates[idx[i]];
        }
        return out;
    }

    /** {@code 0, 1, ..., n-1}. */
    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------
    // Weighted sums
    // ---------------------------------------------------------------------------------------

    /**
     * {@code sum_i w_i x_i} over the batch's deltas (canonical order), accumulated in double and
     * returned as a new array of the output dtype and shape.
     *
     * @param b the batch
     * @param w one weight per update, in canonical order
     * @return the weighted sum, a new array
     */
    public static INDArray weightedSum(RoundUpdates b, double[] w) {
        if (w.length != b.k) {
            throw new IllegalArgumentException(b.rule + ": " + w.length + " weights for " + b.k + " updates");
        }
        b.ensureFinite();
        double[] out = new double[b.d];
        int block = 4096;
        int blocks = (b.d + block - 1) / block;
        parallelFor(blocks, (long) b.k * b.d, (blo, bhi) -> {
            double[] row = new double[block];
            float[] tmp = new float[block];
            for (int blk = blo; blk < bhi; blk++) {
                int start = blk * block;
                int len = Math.min(block, b.d - start);
                for (int i = 0; i < b.k; i++) {
                    double wi = w[i];
                    if (wi == 0.0) {
                        continue;
                    }
                    if (b.floats[i] != null) {
                        b.floats[i].get(b.offsets[i] + start, tmp, 0, len);
                        for (int j = 0; j < len; j++) {
                            out[start + j] += wi * tmp[j];
                        }
                    } else {
                        b.doubles[i].get(b.offsets[i] + start, row, 0, len);
                        for (int j = 0; j < len; j++) {
                            out[start + j] += wi * row[j];
                        }
                    }
                }
            }
        });
        return b.toArray(out);
    }

    /**
     * The Euclidean norm of every delta of the batch, summed in double.
     *
     * @param b the batch
     * @return the norms, in canonical order
     */
    public static double[] norms(RoundUpdates b) {
        b.ensureFinite();
        double[] out = new double[b.k];
        parallelFor(b.k, (long) b.k * b.d, (lo, hi) -> {
            int block = 4096;
            double[] row = new double[block];
            float[] tmp = new float[block];
            for (int i = lo; i < hi; i++) {
                double s = 0;
                for (int from = 0; from < b.d; from += block) {
                    int len = Math.min(block, b.d - from);
                    b.read(i, from, len, row, 0, tmp);
                    for (int j = 0; j < len; j++) {
                        s += row[j] * row[j];
                    }
                }
                out[i] = Math.sqrt(s);
            }
        });
        return out;
    }

    /** The unweighted mean of the updates at canonical positions {@code rows}. */
    static INDArray meanOf(RoundUpdates b, int[] rows) {
        double[] w = new double[b.k];
        for (int r : rows) {
            w[r] += 1.0 / rows.length;
        }
        return weightedSum(b, w);
    }

    // ---------------------------------------------------------------------------------------
    // Threads
    // ---------------------------------------------------------------------------------------

    /** Body of a parallel loop over the index range {@code [lo, hi)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous ranges (about 8 per thread) that
     * up to {@link #threads()} threads (the caller's included) take in turn, so that a thread
     * slowed down by other processes does not hold up the rest; small work ({@code values}) stays
     * on the caller's thread. Bodies must write disjoint outputs per range, so that results do not
     * depend on which thread ran which range.
     */
    static void parallelFor(int n, long values, RangeBody body) {
        int t = (int) Math.min(Math.min(threads(), n), Math.max(1, values / PARALLEL_MIN_VALUES));
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        int tasks = Math.min(n, 8 * t);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            for (int task = next.getAndIncrement(); task < tasks; task = next.getAndIncrement()) {
                body.run((int) ((long) n * task / tasks), (int) ((long) n * (task + 1) / tasks));
            }
        };
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread[] workers = new Thread[t - 1];
        for (int w = 1; w < t; w++) {
            workers[w - 1] = new Thread(() -> {
                try {
                    worker.run();
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }, "fedpoison-aggregate-" + w);
            workers[w - 1].setDaemon(true);
            workers[w - 1].start();
        }
        try {
            worker.run();
        } catch (Throwable e) {
            error.compareAndSet(null, e);
        }
        for (Thread w : workers) {
            boolean interrupted = false;
            while (true) {
                try {
                    w.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable e = error.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
