package org.fedpoison.attack.data;

import java.util.SplittableRandom;
import org.fedpoison.attack.Picks;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;

/**
 * Label flipping: the malicious client keeps its inputs and changes the labels of a chosen share
 * of its local examples, then trains honestly on them. The update is an honest computation over
 * dishonest data, so it carries no norm anomaly.
 *
 * <p>Three variants, one factory each:
 * <ul>
 *   <li>{@link #targeted(int, int, double) targeted}: of the examples labelled {@code source},
 *       {@code round(fraction * n_source)} get label {@code target}
 *       ({@code y -> target if y == source}); the classic "stop sign becomes speed limit";</li>
 *   <li>{@link #allToOne(int, double) all-to-one}: of the examples not labelled {@code target},
 *       {@code round(fraction * n_other)} get label {@code target};</li>
 *   <li>{@link #random(double) random relabelling}: {@code round(fraction * n)} examples get a
 *       label drawn uniformly from the other {@code C - 1} classes (an availability attack).</li>
 * </ul>
 * Which examples are flipped is drawn from the seed (same seed, same flips). Colluding clients
 * share one instance; each flips its own local data with its own seed.
 *
 * <p>Settings: {@code source}, {@code target} class indices (checked against the data's class
 * count when poisoning); {@code fraction} in [0, 1].
 *
 * <p>Papers: Biggio, Nelson and Laskov, "Poisoning attacks against support vector machines"
 * (ICML 2012) for label noise as an attack; Tolpegin et al., "Data poisoning attacks against
 * federated learning systems" (ESORICS 2020) for targeted flipping in FL; Fang et al. (USENIX
 * Security 2020) for label flipping as a baseline.
 */
public final class LabelFlip implements DataPoisoning {

    /** The variant. */
    public enum Kind { TARGETED, ALL_TO_ONE, RANDOM }

    private final Kind kind;
    private final int source;
    private final int target;
    private final double fraction;

    private LabelFlip(Kind kind, int source, int target, double fraction) {
        this.kind = kind;
        this.source = source;
        this.target = target;
        this.fraction = Picks.fraction("fraction", fraction);
    }

    /** Relabels {@code fraction} of the {@code source}-class examples as {@code target}. */
    public static LabelFlip targeted(int source, int target, double fraction) {
        Picks.checkClassNonNegative("source", source);
        Picks.checkClassNonNegative("target", target);
        if (source == target) {
            throw new IllegalArgumentException("source and target are both " + source + ", must differ");
        }
        return new LabelFlip(Kind.TARGETED, source, target, fraction);
    }

    /** Relabels {@code fraction} of the examples of every other class as {@code target}. */
    public static LabelFlip allToOne(int target, double fraction) {
        Picks.checkClassNonNegative("target", target);
        return new LabelFlip(Kind.ALL_TO_ONE, -1, target, fraction);
    }

    /** Gives {@code fraction} of the examples a label drawn uniformly among the other classes. */
    public static LabelFlip random(double fraction) {
        return new LabelFlip(Kind.RANDOM, -1, -1, fraction);
    }

    public Kind kind() {
        return kind;
    }

    /** The source class of a targeted flip, or -1. */
    public int source() {
        return source;
    }

    /** The target class, or -1 for random relabelling. */
    public int target() {
        return target;
    }

    public double fraction() {
        return fraction;
    }

    /** The indices of the examples of {@code clean} that {@link #poison} relabels with this seed (ascending). */
    public int[] flippedIndices(Dataset clean, long seed) {
        int[] labels = clean.labels();
        int[] pool = switch (kind) {
            case TARGETED -> {
                Picks.checkClass("source", source, clean.numClasses());
                Picks.checkClass("target", target, clean.numClasses());
                yield Picks.withLabel(labels, source);
            }
            case ALL_TO_ONE -> {
                Picks.checkClass("target", target, clean.numClasses());
                yield Picks.withoutLabel(labels, target);
            }
            case RANDOM -> {
                if (clean.numClasses() < 2) {
                    throw new IllegalArgumentException("random relabelling needs at least 2 classes, data has "
                            + clean.numClasses());
                }
                yield Picks.withLabel(labels, -1);
            }
        };
        return Picks.choose(pool, Picks.count(fraction, pool.length), seed);
    }

    @Override
    public Dataset poison(Dataset clean, int clientId, long seed) {
        int[] flip = flippedIndices(clean, seed);
        int[] labels = clean.labels();
        // a second, independent stream for the random labels so the chosen rows do not depend on it
        SplittableRandom rng = new SplittableRandom(org.fedpoison.util.Seeds.derive(seed, 1));
        for (int i : flip) {
            if (kind == Kind.RANDOM) {
                int y = rng.nextInt(clean.numClasses() - 1);
                labels[i] = y >= labels[i] ? y + 1 : y;
            } else {
                labels[i] = target;
            }
        }
        return clean.withLabels(labels);
    }

    @Override
    public String name() {
        return switch (kind) {
            case TARGETED -> "LabelFlip(" + source + "->" + target + ", " + fraction + ")";
            case ALL_TO_ONE -> "LabelFlip(all->" + target + ", " + fraction + ")";
            case RANDOM -> "LabelFlip(random, " + fraction + ")";
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
