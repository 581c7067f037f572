package org.fedpoison.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.Check;
import org.fedpoison.util.Shuffle;

/**
 * Label-skewed partition (Hsu, Qi and Brown, 2019, "Measuring the Effects of Non-Identical Data
 * Distribution for Federated Visual Classification"): for each class {@code k}, draw client
 * shares {@code p_k ~ Dir(alpha, ..., alpha)} over the {@code K} clients and deal the class's
 * examples (in a seeded random order) out in those proportions: client {@code j} receives positions
 * {@code [round(n_k P_{j}), round(n_k P_{j+1}))} where {@code P} is the cumulative sum of {@code p_k}.
 *
 * <p>Setting: {@code alpha > 0} and finite. Small {@code alpha} (0.1) gives clients dominated by one
 * or two classes; large {@code alpha} (100) approaches IID. Dirichlet draws are normalised Gamma
 * variates (Marsaglia and Tsang, 2000). So that no client is empty, after dealing, each empty client
 * (in id order) takes one example from the currently largest client (lowest id on ties): this
 * moves at most {@code K - 1} examples and keeps the split seeded and deterministic.
 */
public final class DirichletPartitioner implements Partitioner {
    private final double alpha;

    /** @param alpha the concentration, positive and finite */
    public DirichletPartitioner(double alpha) {
        Check.positive("alpha (Dirichlet concentration)", alpha);
        this.alpha = alpha;
    }

    /** The concentration. */
    public double alpha() {
        return alpha;
    }

    @Override
    public List<Dataset> partition(Dataset data, int numClients, long seed) {
        Partitioners.check(data, numClients);
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<Integer>> parts = new ArrayList<>(numClients);
        for (int j = 0; j < numClients; j++) {
            parts.add(new ArrayList<>());
        }
        for (int k = 0; k < data.numClasses(); k++) {
            int[] idx = Partitioners.indicesOfClass(data, k);
            int[] perm = Shuffle.permutation(idx.length, rng);
            double[] p = new double[numClients];
            double sum = 0;
            for (int j = 0; j < numClients; j++) {
                p[j] = gamma(alpha, rng);
                sum += p[j];
            }
            if (!(sum > 0)) {
                // every draw underflowed (only for tiny alpha): give the class to one random client
                p[rng.nextInt(numClients)] = 1;
                sum = 1;
            }
            double cum = 0;
            int from = 0;
            for (int j = 0; j < numClients; j++) {
                cum += p[j];
                int to = j == numClients - 1 ? idx.length : (int) Math.round(idx.length * (cum / sum));
                to = Math.max(from, Math.min(idx.length, to));
                for (int i = from; i < to; i++) {
                    parts.get(j).add(idx[perm[i]]);
                }
                from = to;
            }
        }
        for (int j = 0; j < numClients; j++) {
            if (parts.get(j).isEmpty()) {
                int largest = 0;
                for (int q = 1; q < numClients; q++) {
                    if (parts.get(q).size() > parts.get(largest).size()) {
                        largest = q;
                    }
                }
                List<Integer> donor = parts.get(largest);
                parts.get(j).add(donor.remove(donor.size() - 1));
            }
        }
        List<int[]> arrays = new ArrayList<>(numClients);
        for (List<Integer> part : parts) {
            arrays.add(part.stream().mapToInt(Integer::intValue).toArray());
        }
        return Partitioners.materialise(data, arrays);
    }

    /** A Gamma(shape, 1) variate by Marsaglia and Tsang's method, boosted for shape below 1. */
    static double gamma(double shape, SplittableRandom rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    @Override
    public String name() {
        return "dirichlet(alpha=" + alpha + ")";
    }
}
