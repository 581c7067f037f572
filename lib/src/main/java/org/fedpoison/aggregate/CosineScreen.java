package org.fedpoison.aggregate;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.Check;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cosine screen: every client delta that points away from the round's consensus — whose cosine
 * similarity to the coordinate-wise median of all the round's deltas is below a threshold
 * {@code tau} — is rejected, and the rest go unchanged to an inner rule
 * ({@code CosineScreen.of(tau, FedAvg.sampleWeighted())}).
 *
 * <pre>{@code
 * m    = coordinate-wise median of x_1 .. x_n            ({@link CoordinateMedian})
 * c_i  = cos(x_i, m) = <x_i, m> / (||x_i|| ||m||)
 * kept = { x_i : c_i >= tau };   agg = inner(kept), not aggregatable if none is kept
 * }</pre>
 * The median, not the mean, is the reference so that colluding attackers who point the same way
 * cannot drag it toward themselves while they are a minority (the reason FLTrust uses a trusted
 * reference). Dot products are accumulated in double. A delta of norm 0, or a zero median, has no
 * defined cosine and is kept. With every update rejected {@link org.fedpoison.core.RoundNotAggregatable}
 * is thrown (a simulation records the round and, by its policy, keeps the global model or stops); the
 * inner rule is not called.
 *
 * <p>Settings: {@code tau} in [-1, 1], and the inner rule.
 *
 * <p>Tolerance: a boost does not change a direction, so this screen cannot tell a boosted update
 * from the same update unboosted (that is the norm screen's job); it stops updates whose direction
 * differs from the consensus, such as a backdoor update trained on very different data, but not
 * updates pulled toward the others before they are sent (constrain-and-scale with its anomaly
 * penalty, mimicry). A threshold taken from honest cosines (e.g. their minimum in a clean run) keeps
 * honest updates.
 *
 * <p>Example: with {@code tau = 0.5} and the deltas {@code [1, 0]}, {@code [1, 1]}, {@code [2, 1]} and
 * {@code [-1, 3]}: the median is {@code [1, 1]}; the cosines are 0.71, 1, 0.95 and 0.45, so the last
 * delta is rejected.
 *
 * <p>Papers: the cosine-similarity screens of FoolsGold (Fung, Yoon and Beschastnikh, RAID 2020) and
 * FLTrust (Cao, Fang, Liu and Gong, NDSS 2021), which compare each update's direction with a
 * reference; here the reference is the round's coordinate-wise median.
 */
public final class CosineScreen extends ComposedRule {
    private final double tau;

    private CosineScreen(double tau, Aggregator inner) {
        super("CosineScreen", inner);
        this.tau = Check.inClosed("CosineScreen: tau", tau, -1, 1);
    }

    /**
     * A screen at {@code tau} before {@code inner}.
     *
     * @throws IllegalArgumentException if {@code tau} is outside {@code [-1, 1]} or {@code inner} is null
     */
    public static CosineScreen of(double tau, Aggregator inner) {
        return new CosineScreen(tau, inner);
    }

    /** The threshold tau. */
    public double tau() {
        return tau;
    }

    @Override
    CosineScreen around(Aggregator inner) {
        return new CosineScreen(tau, inner);
    }

    /** {@code c_i = cos(x_i, coordinate-wise median)} for each update, in list order (NaN where undefined). */
    public static double[] cosines(List<ClientUpdate> updates) {
        RoundUpdates b = RoundUpdates.of(updates, "CosineScreen");
        float[] m = FlatVectors.toArray(CoordinateMedian.of().aggregate(updates));
        double mm = 0;
        for (float v : m) {
            mm += (double) v * v;
        }
        double[] out = new double[updates.size()];
        for (int i = 0; i < b.size(); i++) {
            float[] x = FlatVectors.toArray(b.delta(i));
            double xx = 0;
            double xm = 0;
            for (int j = 0; j < x.length; j++) {
                xx += (double) x[j] * x[j];
                xm += (double) x[j] * m[j];
            }
            double denom = Math.sqrt(xx) * Math.sqrt(mm);
            out[b.listIndex(i)] = denom == 0 ? Double.NaN : Math.max(-1, Math.min(1, xm / denom));
        }
        return out;
    }

    /** The updates the screen keeps (the same objects, in list order); possibly empty. */
    public List<ClientUpdate> screen(List<ClientUpdate> updates) {
        double[] c = cosines(updates);
        List<ClientUpdate> kept = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(c[i]) || c[i] >= tau) {
                kept.add(updates.get(i));
            }
        }
        return List.copyOf(kept);
    }

    @Override
    public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
        return aggregateKept(RoundUpdates.of(updates, name()), screen(updates), context);
    }

    @Override
    String label() {
        return "CosineScreen(tau=" + tau + ")";
    }
}
