package org.fedpoison.core;

import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A labelled set of examples: a float32 feature matrix of shape {@code [n, d]}, one integer label
 * per row in {@code [0, numClasses)}, and, for images, the shape {@code [height, width]} that each
 * row reshapes to (row-major), so that triggers can be stamped on pixels.
 *
 * <p>A {@code Dataset} is treated as immutable: no method of this library modifies the arrays it
 * holds; every transformation returns a new dataset. Callers that hold the feature array must not
 * modify it either.
 */
public final class Dataset {
    private final INDArray features;
    private final int[] labels;
    private final int numClasses;
    private final int[] imageShape;
    private final List<String> classNames;

    /**
     * @param features   {@code [n, d]} matrix (converted to float32 if it is not)
     * @param labels     n labels in {@code [0, numClasses)}
     * @param numClasses number of classes, at least 1
     * @param imageShape {@code {height, width}} with {@code height * width == d}, or null if the rows are not images
     * @param classNames numClasses names, or null for "0", "1", ...
     */
    public Dataset(INDArray features, int[] labels, int numClasses, int[] imageShape, List<String> classNames) {
        if (features == null || features.rank() != 2) {
            throw new IllegalArgumentException("features must be a matrix [n, d], got "
                    + (features == null ? "null" : Arrays.toString(features.shape())));
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses is " + numClasses + ", must be >= 1");
        }
        if (labels.length != features.rows()) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but features has "
                    + features.rows() + " rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label of example " + i + " is " + labels[i]
                        + ", must be in [0, " + numClasses + ")");
            }
        }
        if (imageShape != null && (imageShape.length != 2 || (long) imageShape[0] * imageShape[1] != features.columns())) {
            throw new IllegalArgumentException("imageShape " + Arrays.toString(imageShape)
                    + " does not match " + features.columns() + " features per example");
        }
        if (classNames != null && classNames.size() != numClasses) {
            throw new IllegalArgumentException("classNames has " + classNames.size() + " names for "
                    + numClasses + " classes");
        }
        this.features = features.dataType() == DataType.FLOAT ? features : features.castTo(DataType.FLOAT);
        this.labels = labels.clone();
        this.numClasses = numClasses;
        this.imageShape = imageShape == null ? null : imageShape.clone();
        if (classNames == null) {
            String[] names = new String[numClasses];
            for (int c = 0; c < numClasses; c++) {
                names[c] = Integer.toString(c);
            }
            this.classNames = List.of(names);
        } else {
            this.classNames = List.copyOf(classNames);
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Features per example. */
    public int dim() {
        return (int) features.columns();
    }

    /** The {@code [n, d]} float32 feature matrix (read-only by contract). */
    public INDArray features() {
        return features;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of example {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Number of classes; labels lie in {@code [0, numClasses)}. */
    public int numClasses() {
        return numClasses;
    }

    /** {@code {height, width}} of each example as an image, or null. */
    public int[] imageShape() {
        return imageShape == null ? null : imageShape.clone();
    }

    /** Whether the rows are images of {@link #imageShape()}. */
    public boolean isImage() {
        return imageShape != null;
    }

    /** The names of the classes, in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of examples of each class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /** The examples at {@code indices}, in that order (a new dataset with copied rows). */
    public Dataset subset(int[] indices) {
        int[] newLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= labels.length) {
                throw new IllegalArgumentException("index " + indices[i] + " out of range [0, " + labels.length + ")");
            }
            newLabels[i] = labels[indices[i]];
        }
        INDArray rows = indices.length == 0
                ? Nd4j.create(DataType.FLOAT, 0, dim())
                : copyRows(features, indices);
        return new Dataset(rows, newLabels, numClasses, imageShape, classNames);
    }

    /**
     * Rows {@code indices} of {@code x} as a new {@code [indices.length, d]} matrix: one bulk copy
     * per row between the off-heap buffers when {@code x} is a dense C-order matrix, else ND4J's
     * {@code getRows}. The same values either way; the direct copy because {@code getRows} makes a
     * view (with its own native shape buffers and deallocator references) per row: partitioning
     * 60,000 examples made hundreds of MB of garbage, and the collector grew the heap for it.
     */
    private static INDArray copyRows(INDArray x, int[] indices) {
        long d = x.columns();
        boolean dense = d > 0 && x.dataType() == DataType.FLOAT && x.ordering() == 'c' && x.offset() == 0 && !x.isView()
                && x.data().length() == x.length() && x.length() <= Integer.MAX_VALUE
                && (long) indices.length * d <= Integer.MAX_VALUE;
        if (!dense) {
            return x.getRows(indices);
        }
        int w = (int) d;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, indices.length, d);
        FloatBuffer src = x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer dst = out.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < indices.length; i++) {
            dst.put(i * w, src, indices[i] * w, w);
        }
        // src and dst read and write the arrays' off-heap memory, which the buffers do not keep alive
        Reference.reachabilityFence(x);
        Reference.reachabilityFence(out);
        return out;
    }

    /** The same examples with other labels (features shared, not copied). */
    public Dataset withLabels(int[] newLabels) {
        return new Dataset(features, newLabels, numClasses, imageShape, classNames);
    }

    /** The same labels with other features (shape {@code [n, d]}). */
    public Dataset withFeatures(INDArray newFeatures) {
        if (newFeatures.rows() != labels.length || newFeatures.columns() != dim()) {
            throw new IllegalArgumentException("new features have shape " + Arrays.toString(newFeatures.shape())
                    + ", expected [" + labels.length + ", " + dim() + "]");
        }
        return new Dataset(newFeatures, labels, numClasses, imageShape, classNames);
    }

    /** This dataset followed by {@code other} (same dimension and classes). */
    public Dataset concat(Dataset other) {
        if (other.dim() != dim() || other.numClasses != numClasses) {
            throw new IllegalArgumentException("cannot concatenate datasets of dimension/classes "
                    + dim() + "/" + numClasses + " and " + other.dim() + "/" + other.numClasses);
        }
        int[] newLabels = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, newLabels, labels.length, other.labels.length);
        return new Dataset(Nd4j.vstack(features, other.features), newLabels, numClasses, imageShape, classNames);
    }

    @Override
    public String toString() {
        return "Dataset[n=" + size() + ", d=" + dim() + ", classes=" + numClasses
                + (imageShape != null ? ", image=" + imageShape[0] + "x" + imageShape[1] : "") + "]";
    }
}
