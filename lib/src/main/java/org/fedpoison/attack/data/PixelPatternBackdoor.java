package org.fedpoison.attack.data;

import org.fedpoison.attack.Picks;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;

/**
 * Pixel-pattern backdoor (BadNets): a trigger — a small patch of pixels set to a fixed value — is
 * stamped on a share of the malicious client's local examples, which are relabelled to the
 * attacker's target class. A model trained on the result keeps its clean accuracy but sends any
 * stamped input to the target.
 *
 * <p>{@code x' = x with x'[r * w + c] = v for each trigger pixel (r, c);  y' = target}.
 * Of the local examples whose label is not {@code target}, {@code round(fraction * n_other)} are
 * chosen with the seed. Two modes:
 * <ul>
 *   <li>{@link #of replace} (BadNets): the chosen examples are replaced by their stamped,
 *       relabelled versions; the dataset keeps its size;</li>
 *   <li>{@link #appending append} (Bagdasaryan et al.'s mixing of backdoor and clean inputs): the
 *       stamped copies are added after all clean examples, so the clean task is not weakened.</li>
 * </ul>
 * Test with {@link #testSet(Dataset)}: the non-target test examples, stamped, true labels kept
 * (see {@code org.fedpoison.metrics.BackdoorSuccess}).
 *
 * <p>Settings: {@code trigger} (size, position, value — see {@link Trigger}); {@code target} class;
 * {@code fraction} in [0, 1].
 *
 * <p>Papers: Gu, Dolan-Gavitt and Garg, "BadNets: Identifying vulnerabilities in the machine
 * learning model supply chain" (2017); Bagdasaryan et al., "How to backdoor federated learning"
 * (AISTATS 2020).
 */
public final class PixelPatternBackdoor implements DataPoisoning {
    private final Trigger trigger;
    private final int target;
    private final double fraction;
    private final boolean append;

    private PixelPatternBackdoor(Trigger trigger, int target, double fraction, boolean append) {
        if (trigger == null) {
            throw new IllegalArgumentException("trigger must not be null");
        }
        Picks.checkClassNonNegative("target", target);
        this.trigger = trigger;
        this.target = target;
        this.fraction = Picks.fraction("fraction", fraction);
        this.append = append;
    }

    /** BadNets: replaces {@code fraction} of the non-target local examples by stamped ones labelled {@code target}. */
    public static PixelPatternBackdoor of(Trigger trigger, int target, double fraction) {
        return new PixelPatternBackdoor(trigger, target, fraction, false);
    }

    /** Keeps every clean example and appends stamped copies of {@code fraction} of the non-target ones, labelled {@code target}. */
    public static PixelPatternBackdoor appending(Trigger trigger, int target, double fraction) {
        return new PixelPatternBackdoor(trigger, target, fraction, true);
    }

    public Trigger trigger() {
        return trigger;
    }

    public int target() {
        return target;
    }

    public double fraction() {
        return fraction;
    }

    public boolean isAppending() {
        return append;
    }

    /** The examples of {@code clean} that this seed stamps (ascending indices into {@code clean}). */
    public int[] stampedIndices(Dataset clean, long seed) {
        Picks.checkClass("target", target, clean.numClasses());
        int[] pool = Picks.withoutLabel(clean.labels(), target);
        return Picks.choose(pool, Picks.count(fraction, pool.length), seed);
    }

    @Override
    public Dataset poison(Dataset clean, int clientId, long seed) {
        return stampWith(trigger, clean, seed);
    }

    /** Poisons {@code clean} with another trigger (used by {@link DistributedBackdoor} for its parts). */
    Dataset stampWith(Trigger t, Dataset clean, long seed) {
        int[] chosen = stampedIndices(clean, seed);
        if (append) {
            Dataset copies = t.stampAll(clean.subset(chosen));
            int[] labels = new int[chosen.length];
            java.util.Arrays.fill(labels, target);
            return clean.concat(copies.withLabels(labels));
        }
        Dataset stamped = t.stamp(clean, chosen);
        int[] labels = stamped.labels();
        for (int i : chosen) {
            labels[i] = target;
        }
        return stamped.withLabels(labels);
    }

    /** The backdoor test set: the non-target examples of {@code test}, stamped with the trigger, true labels kept. */
    public Dataset testSet(Dataset test) {
        return trigger.stampTestSet(test, target);
    }

    @Override
    public String name() {
        return "PixelPatternBackdoor(" + trigger.size() + "px->" + target + ", " + fraction
                + (append ? ", append" : "") + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
