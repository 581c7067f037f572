package org.fedpoison.metrics;

import org.fedpoison.core.Dataset;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Targeted label-flip success: the share of source-class test inputs that the model predicts as
 * the target class.
 *
 * <pre>{@code success = |{ i : y_i == source  and  predict(x_i) == target }| / |{ i : y_i == source }|}</pre>
 *
 * <p>Compare with the source class's own accuracy (in the history's per-class accuracy): a
 * successful flip moves mass from "correct" to "target", not merely to "wrong".
 *
 * <p>Reference: Tolpegin et al., "Data poisoning attacks against federated learning systems"
 * (ESORICS 2020).
 */
public final class TargetedFlipSuccess implements Metric {
    private final Dataset sourceExamples;
    private final int source;
    private final int target;

    /**
     * @param test   the test set (its source-class examples are kept)
     * @param source the class being flipped
     * @param target the class it is flipped to
     */
    public static TargetedFlipSuccess of(Dataset test, int source, int target) {
        return new TargetedFlipSuccess(test, source, target);
    }

    private TargetedFlipSuccess(Dataset test, int source, int target) {
        if (test == null) {
            throw new IllegalArgumentException("test set must not be null");
        }
        if (source < 0 || source >= test.numClasses()) {
            throw new IllegalArgumentException("source is " + source + ", must be in [0, " + test.numClasses() + ")");
        }
        if (target < 0 || target >= test.numClasses() || target == source) {
            throw new IllegalArgumentException("target is " + target + ", must be in [0, " + test.numClasses()
                    + ") and differ from source " + source);
        }
        int[] keep = java.util.stream.IntStream.range(0, test.size()).filter(i -> test.label(i) == source).toArray();
        if (keep.length == 0) {
            throw new IllegalArgumentException("the test set has no example of source class " + source);
        }
        this.sourceExamples = test.subset(keep);
        this.source = source;
        this.target = target;
    }

    @Override
    public String name() {
        return "flip_" + source + "_to_" + target;
    }

    @Override
    public double measure(Model model, INDArray global) {
        int[] pred = model.predict(global, sourceExamples.features());
        int hits = 0;
        for (int p : pred) {
            if (p == target) {
                hits++;
            }
        }
        return (double) hits / pred.length;
    }
}
