package org.fedpoison.attack.data;

import java.util.Arrays;
import org.fedpoison.attack.Picks;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.FlatVectors;

/**
 * Edge-case backdoor ("attack of the tails"): the trigger is not a patch but a region of the input
 * space that honest data rarely visit. The attacker takes the rarest examples of a source class —
 * those in its tail — labels them with its target class and trains on them beside its clean data.
 * Because honest clients hold few or none of these inputs, their updates barely push back, and the
 * model learns to send the whole tail of the source class to the target while ordinary examples of
 * that class keep their label.
 *
 * <p>The rule that defines the tail, from a pool of examples the attacker has (documented so it can
 * be applied to any data):
 * <pre>{@code
 * mu      = mean of the pool's examples of class source                 (pixel space)
 * r       = the (1 - q) quantile of ||x - mu||_2 over those examples     (q = tailFraction)
 * edge(x) = (label(x) == source) && ||x - mu||_2 >= r
 * }</pre>
 * i.e. the examples of lowest density under an isotropic Gaussian fitted to the class: the share
 * {@code q} farthest from the class mean. As {@link DataPoisoning} every clean example is kept and
 * the pool's edge cases are appended, labelled {@code target}. {@link #testSet} applies the same
 * rule (with the pool's {@code mu} and {@code r}) to a test set; its success metric,
 * {@code org.fedpoison.metrics.BackdoorSuccess.of(test, edgeCaseBackdoor)} ({@code edge_case_success}),
 * is the share of those test edge cases the model assigns to the target, and
 * {@link #withoutEdgeCases} removes them from data, to build an honest population that, as in the
 * paper, does not contain them.
 *
 * <p>Settings: {@code pool} (not modified), {@code source} and {@code target} classes (different),
 * {@code tailFraction} q in (0, 1].
 *
 * <p>Paper: Wang, Sreenivasan, Rajput, Vishwakarma, Agarwal, Sohn, Lee and Papailiopoulos, "Attack
 * of the tails: Yes, you really can backdoor federated learning" (NeurIPS 2020), Section 3 (their
 * edge cases come from another dataset, e.g. ARDIS sevens for MNIST; here they are the tail of the
 * same one).
 */
public final class EdgeCaseBackdoor implements DataPoisoning {
    private final int source;
    private final int target;
    private final double tailFraction;
    private final float[] mean;
    private final double radius;
    private final Dataset edgeCases;

    private EdgeCaseBackdoor(Dataset pool, int source, int target, double tailFraction) {
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        Picks.checkClass("source", source, pool.numClasses());
        Picks.checkClass("target", target, pool.numClasses());
        if (source == target) {
            throw new IllegalArgumentException("target is " + target + ", must differ from source " + source);
        }
        if (!(tailFraction > 0 && tailFraction <= 1)) {
            throw new IllegalArgumentException("tailFraction is " + tailFraction + ", must be in (0, 1]");
        }
        int[] ofSource = Picks.withLabel(pool.labels(), source);
        if (ofSource.length == 0) {
            throw new IllegalArgumentException("the pool has no example of source class " + source);
        }
        this.source = source;
        this.target = target;
        this.tailFraction = tailFraction;
        int d = pool.dim();
        float[] x = FlatVectors.toArray(pool.features());
        double[] mu = new double[d];
        for (int i : ofSource) {
            for (int j = 0; j < d; j++) {
                mu[j] += x[i * d + j];
            }
        }
        this.mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (mu[j] / ofSource.length);
        }
        double[] dist = new double[ofSource.length];
        for (int k = 0; k < ofSource.length; k++) {
            dist[k] = distance(x, ofSource[k] * d, d);
        }
        double[] sorted = dist.clone();
        Arrays.sort(sorted);
        int count = Math.max(1, (int) Math.round(tailFraction * ofSource.length));
        this.radius = sorted[sorted.length - count];
        int[] tail = java.util.stream.IntStream.range(0, ofSource.length).filter(k -> dist[k] >= radius)
                .map(k -> ofSource[k]).toArray();
        int[] labels = new int[tail.length];
        Arrays.fill(labels, target);
        this.edgeCases = pool.subset(tail).withLabels(labels);
    }

    /** The tail (share {@code tailFraction} farthest from the class mean) of {@code pool}'s class {@code source}, relabelled {@code target}. */
    public static EdgeCaseBackdoor of(Dataset pool, int source, int target, double tailFraction) {
        return new EdgeCaseBackdoor(pool, source, target, tailFraction);
    }

    private double distance(float[] x, int off, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = x[off + j] - mean[j];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    public int source() {
        return source;
    }

    public int target() {
        return target;
    }

    public double tailFraction() {
        return tailFraction;
    }

    /** The tail radius {@code r}: source examples at least this far from the class mean are edge cases. */
    public double radius() {
        return radius;
    }

    /** The pool's edge cases, labelled {@code target} (what a malicious client appends). */
    public Dataset edgeCases() {
        return edgeCases;
    }

    /** Whether each example of {@code data} is an edge case by the rule (its true label is read). */
    public boolean[] isEdgeCase(Dataset data) {
        checkDim(data);
        int d = data.dim();
        float[] x = FlatVectors.toArray(data.features());
        boolean[] out = new boolean[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.label(i) == source && distance(x, i * d, d) >= radius;
        }
        return out;
    }

    private void checkDim(Dataset data) {
        if (data.dim() != mean.length) {
            throw new IllegalArgumentException("data has " + data.dim() + " features, the pool had " + mean.length);
        }
    }

    /** The edge cases of {@code test}, with their true labels (the backdoor's test set). */
    public Dataset testSet(Dataset test) {
        boolean[] edge = isEdgeCase(test);
        int[] keep = java.util.stream.IntStream.range(0, edge.length).filter(i -> edge[i]).toArray();
        if (keep.length == 0) {
            throw new IllegalArgumentException("the test set has no edge case of class " + source + " (radius "
                    + radius + ")");
        }
        return test.subset(keep);
    }

    /** {@code data} without its edge cases (an honest population that never sees them). */
    public Dataset withoutEdgeCases(Dataset data) {
        boolean[] edge = isEdgeCase(data);
        int[] keep = java.util.stream.IntStream.range(0, edge.length).filter(i -> !edge[i]).toArray();
        return data.subset(keep);
    }

    @Override
    public Dataset poison(Dataset clean, int clientId, long seed) {
        checkDim(clean);
        return clean.concat(edgeCases);
    }

    @Override
    public String name() {
        return "EdgeCaseBackdoor(" + source + "->" + target + ", tail " + tailFraction + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
