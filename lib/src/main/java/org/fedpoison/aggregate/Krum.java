package org.fedpoison.aggregate;

import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Krum: the aggregate is the one client delta whose {@code n - f - 2} nearest neighbours are
 * closest to it.
 *
 * <p>{@code score(i) = sum_{j in N_i} ||x_i - x_j||^2}, where {@code N_i} holds the
 * {@code n - f - 2} deltas closest to {@code x_i} (other than itself); {@code agg = x_{i*}} with
 * {@code i* = argmin_i score(i)}. Equal scores are broken by the deltas' values (the
 * lexicographically smallest wins), so the choice never depends on the clients' order. Pairwise
 * squared distances come from one centred Gram matrix ({@link Gram#gram}). The example
 * counts are ignored.
 *
 * <p>Settings: {@code f >= 0}, the number of Byzantine clients to tolerate. Needs
 * {@code n > 2f + 2} clients, checked at call time.
 *
 * <p>Tolerance: {@code f} Byzantine clients as long as {@code n > 2f + 2}, i.e. a fraction a
 * little under 1/2; the output is always one client's delta, so it varies more than a mean.
 *
 * <p>Example: with {@code f = 0}, deltas {@code [0, 0, 0], [1, 0, 0], [10, 0, 0]} have scores
 * 1, 1 and 81; the tie between the first two goes to {@code [0, 0, 0]}.
 *
 * <p>Conventions: the {@code n - f - 2} neighbours are the paper's. ByzFL's {@code Krum(f)} scores
 * with the mean of the {@code n - f - 1} smallest distances to the others, so ours with {@code f}
 * picks what ByzFL's picks with {@code f + 1} (a mean instead of a sum does not move the argmin);
 * on equal scores ByzFL takes the first index, we the smallest delta.
 *
 * <p>Paper: Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent", NeurIPS 2017.
 */
public final class Krum extends FaultTolerantRule {

    /**
     * @param f the number of Byzantine clients to tolerate, {@code >= 0}
     * @throws IllegalArgumentException if {@code f < 0}
     */
    public static Krum of(int f) {
        return new Krum(f);
    }

    private Krum(int f) {
        super("Krum", f);
    }

    /** {@code 2f + 3} ({@code n > 2f + 2}). */
    @Override
    public int minUpdates() {
        return 2 * f() + 3;
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        int f = f();
        RoundUpdates b = RoundUpdates.of(updates, name());
        b.require(2 * f + 3, "n > 2f + 2 = " + (2 * f + 2) + " for f=" + f);
        int[] all = KrumScoring.range(b.size());
        double[][] dist = Gram.pairwiseSquaredDistances(b);
        double[] scores = KrumScoring.krumScores(dist, all, f);
        return b.copyOf(KrumScoring.orderByScore(b, all, scores)[0]);
    }
}
