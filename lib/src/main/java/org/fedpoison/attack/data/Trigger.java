package org.fedpoison.attack.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A backdoor trigger: a set of image pixels, each set to a fixed value when the trigger is
 * stamped. Stamping pixel {@code (r, c)} of an {@code h x w} image writes {@code value} into
 * feature {@code r * w + c} of every row (images are stored row-major, as {@link Dataset} says).
 *
 * <p>Factories: {@link #square}, {@link #rectangle}, {@link #of}. {@link #split} cuts a trigger
 * into parts for the distributed backdoor (DBA). A trigger is immutable.
 */
public final class Trigger {
    private final int[] rows;
    private final int[] cols;
    private final float value;

    private Trigger(int[] rows, int[] cols, float value) {
        if (rows.length != cols.length) {
            throw new IllegalArgumentException("trigger has " + rows.length + " rows but " + cols.length + " columns");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("trigger must have at least one pixel, got 0");
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("trigger value is " + value + ", must be finite");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || cols[i] < 0) {
                throw new IllegalArgumentException("trigger pixel (" + rows[i] + ", " + cols[i]
                        + ") has a negative coordinate; row and column must be >= 0");
            }
            for (int j = 0; j < i; j++) {
                if (rows[i] == rows[j] && cols[i] == cols[j]) {
                    throw new IllegalArgumentException("trigger pixel (" + rows[i] + ", " + cols[i] + ") listed twice");
                }
            }
        }
        this.rows = rows.clone();
        this.cols = cols.clone();
        this.value = value;
    }

    /** A {@code size x size} square whose top-left pixel is {@code (row, col)}, every pixel set to {@code value}. */
    public static Trigger square(int row, int col, int size, float value) {
        return rectangle(row, col, size, size, value);
    }

    /** A {@code height x width} rectangle whose top-left pixel is {@code (row, col)}. */
    public static Trigger rectangle(int row, int col, int height, int width, float value) {
        if (height < 1) {
            throw new IllegalArgumentException("trigger height is " + height + ", must be >= 1");
        }
        if (width < 1) {
            throw new IllegalArgumentException("trigger width is " + width + ", must be >= 1");
        }
        int[] r = new int[height * width];
        int[] c = new int[height * width];
        int k = 0;
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                r[k] = row + i;
                c[k] = col + j;
                k++;
            }
        }
        return new Trigger(r, c, value);
    }

    /** Arbitrary pixels {@code (rows[i], cols[i])}, all set to {@code value}. */
    public static Trigger of(int[] rows, int[] cols, float value) {
        return new Trigger(rows, cols, value);
    }

    /** Number of pixels. */
    public int size() {
        return rows.length;
    }

    /** The pixel rows (a copy). */
    public int[] rows() {
        return rows.clone();
    }

    /** The pixel columns (a copy). */
    public int[] cols() {
        return cols.clone();
    }

    /** The value every pixel is set to. */
    public float value() {
        return value;
    }

    /**
     * Cuts the trigger into {@code parts} pieces of consecutive pixels (in the order the pixels
     * were given, row-major for rectangles), the sizes differing by at most one. The union of the
     * parts is this trigger. Used by {@link DistributedBackdoor}.
     */
    public List<Trigger> split(int parts) {
        if (parts < 1 || parts > rows.length) {
            throw new IllegalArgumentException("parts is " + parts + ", must be in [1, " + rows.length
                    + "] (the trigger's pixel count)");
        }
        List<Trigger> out = new ArrayList<>(parts);
        int start = 0;
        for (int p = 0; p < parts; p++) {
            int len = rows.length / parts + (p < rows.length % parts ? 1 : 0);
            out.add(new Trigger(Arrays.copyOfRange(rows, start, start + len),
                    Arrays.copyOfRange(cols, start, start + len), value));
            start += len;
        }
        return List.copyOf(out);
    }

    /** Flat feature indices of the pixels in an image of shape {@code {height, width}}; checks the trigger fits. */
    public int[] featureIndices(int[] imageShape) {
        if (imageShape == null) {
            throw new IllegalArgumentException("dataset has no image shape; a pixel trigger needs images");
        }
        int h = imageShape[0];
        int w = imageShape[1];
        int[] idx = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] >= h || cols[i] >= w) {
                throw new IllegalArgumentException("trigger pixel (" + rows[i] + ", " + cols[i]
                        + ") lies outside the " + h + "x" + w + " image");
            }
            idx[i] = rows[i] * w + cols[i];
        }
        return idx;
    }

    /**
     * Stamps the trigger on the examples at {@code which} (labels unchanged) and returns a new
     * dataset; {@code data} is not modified.
     *
     * @throws IllegalArgumentException if the trigger's value is far outside the range of the
     *     features it is stamped on (a value of 255 on pixels scaled to [0, 1], say): it must lie in
     *     {@code [lo - s, hi + s]} with {@code [lo, hi]} the features' range and
     *     {@code s = max(1, hi - lo, |lo|, |hi|)}, so for [0, 1] images in [-1, 2]
     */
    public Dataset stamp(Dataset data, int[] which) {
        int[] idx = featureIndices(data.imageShape());
        float[] flat = FlatVectors.toArray(data.features());
        checkScale(flat);
        int d = data.dim();
        for (int row : which) {
            if (row < 0 || row >= data.size()) {
                throw new IllegalArgumentException("example index " + row + " out of range [0, " + data.size() + ")");
            }
            for (int j : idx) {
                flat[row * d + j] = value;
            }
        }
        INDArray stamped = Nd4j.create(flat, new long[] {data.size(), d}, 'c');
        return data.withFeatures(stamped);
    }

    /** Rejects a value on another scale than the features (see {@link #stamp}). */
    private void checkScale(float[] features) {
        if (features.length == 0) {
            return;
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : features) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double s = Math.max(1.0, Math.max(hi - (double) lo, Math.max(Math.abs((double) lo), Math.abs((double) hi))));
        if (value < lo - s || value > hi + s) {
            throw new IllegalArgumentException("trigger value is " + value + ", must lie in [" + (float) (lo - s) + ", "
                    + (float) (hi + s) + "]: the features it is stamped on range over [" + lo + ", " + hi
                    + "] (for images scaled to [0, 1], 1 is white and 0 black)");
        }
    }

    /** Stamps the trigger on every example (labels unchanged); a new dataset. */
    public Dataset stampAll(Dataset data) {
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return stamp(data, all);
    }

    /**
     * The test set of a backdoor: the examples of {@code test} whose true label is not
     * {@code target}, each stamped with this trigger, true labels kept. The share of them a model
     * assigns to {@code target} is the backdoor success rate.
     */
    public Dataset stampTestSet(Dataset test, int target) {
        if (target < 0 || target >= test.numClasses()) {
            throw new IllegalArgumentException("target is " + target + ", must be in [0, " + test.numClasses() + ")");
        }
        int n = 0;
        for (int i = 0; i < test.size(); i++) {
            if (test.label(i) != target) {
                n++;
            }
        }
        int[] keep = new int[n];
        int k = 0;
        for (int i = 0; i < test.size(); i++) {
            if (test.label(i) != target) {
                keep[k++] = i;
            }
        }
        return stampAll(test.subset(keep));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Trigger[");
        for (int i = 0; i < rows.length; i++) {
            sb.append(i == 0 ? "" : " ").append('(').append(rows[i]).append(',').append(cols[i]).append(')');
        }
        return sb.append(" = ").append(value).append(']').toString();
    }
}
