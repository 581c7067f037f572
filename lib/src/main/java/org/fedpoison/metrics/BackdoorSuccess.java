package org.fedpoison.metrics;

import org.fedpoison.attack.data.DistributedBackdoor;
import org.fedpoison.attack.data.EdgeCaseBackdoor;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Backdoor success rate (attack success rate, ASR): the share of trigger-stamped test inputs
 * whose true label is not the target that the model assigns to the target.
 *
 * <pre>{@code ASR = |{ i : y_i != target  and  predict(stamp(x_i)) == target }| / |{ i : y_i != target }|}</pre>
 *
 * Inputs whose true label is already the target are excluded: predicting the target for them is
 * correct behaviour, not the backdoor. The stamped set is built once, at construction.
 * With no trigger at all the same quantity measures how often the model says "target" for
 * non-target inputs anyway — the baseline to compare against ({@link #baseline}).
 *
 * <p>Reference: the attack success rate of Gu et al. (BadNets, 2017) and Bagdasaryan et al.
 * (AISTATS 2020), with the exclusion of target-class inputs made explicit.
 */
public final class BackdoorSuccess implements Metric {
    private final String name;
    private final Dataset stamped;
    private final int target;

    /**
     * @param name    the history column
     * @param stamped the stamped test inputs, with their true labels (any example labelled
     *                {@code target} is dropped)
     * @param target  the attacker's target class
     */
    public static BackdoorSuccess of(String name, Dataset stamped, int target) {
        return new BackdoorSuccess(name, stamped, target);
    }

    private BackdoorSuccess(String name, Dataset stamped, int target) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (stamped == null) {
            throw new IllegalArgumentException("stamped test set must not be null");
        }
        if (target < 0 || target >= stamped.numClasses()) {
            throw new IllegalArgumentException("target is " + target + ", must be in [0, " + stamped.numClasses() + ")");
        }
        int[] keep = java.util.stream.IntStream.range(0, stamped.size()).filter(i -> stamped.label(i) != target)
                .toArray();
        if (keep.length == 0) {
            throw new IllegalArgumentException("the stamped test set has no example whose label is not the target "
                    + target);
        }
        this.name = name;
        this.stamped = keep.length == stamped.size() ? stamped : stamped.subset(keep);
        this.target = target;
    }

    /** ASR of {@code trigger} on {@code test}, column {@code "backdoor_success"}. */
    public static BackdoorSuccess of(Dataset test, Trigger trigger, int target) {
        return new BackdoorSuccess("backdoor_success", trigger.stampTestSet(test, target), target);
    }

    /** ASR of a pixel-pattern backdoor on {@code test}. */
    public static BackdoorSuccess of(Dataset test, PixelPatternBackdoor backdoor) {
        return new BackdoorSuccess("backdoor_success", backdoor.testSet(test), backdoor.target());
    }

    /** ASR of a distributed backdoor on {@code test}, with its full global trigger. */
    public static BackdoorSuccess of(Dataset test, DistributedBackdoor backdoor) {
        return new BackdoorSuccess("backdoor_success", backdoor.testSet(test), backdoor.target());
    }

    /**
     * Success of an edge-case backdoor, column {@code "edge_case_success"}: the share of the edge
     * cases of {@code test} (its tail of the source class, true labels kept) that the model assigns
     * to the target, {@code |{i in edge(test) : predict(x_i) == target}| / |edge(test)|}.
     */
    public static BackdoorSuccess of(Dataset test, EdgeCaseBackdoor backdoor) {
        return new BackdoorSuccess("edge_case_success", backdoor.testSet(test), backdoor.target());
    }

    /** The same share on clean (unstamped) test inputs: how often the model says target without the trigger. */
    public static BackdoorSuccess baseline(Dataset test, int target) {
        return new BackdoorSuccess("target_rate_clean", test, target);
    }

    /** The stamped non-target inputs the rate is measured on. */
    public Dataset stampedSet() {
        return stamped;
    }

    public int target() {
        return target;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double measure(Model model, INDArray global) {
        int[] pred = model.predict(global, stamped.features());
        int hits = 0;
        for (int p : pred) {
            if (p == target) {
                hits++;
            }
        }
        return (double) hits / pred.length;
    }
}
