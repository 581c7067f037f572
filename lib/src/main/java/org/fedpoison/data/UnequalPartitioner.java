package org.fedpoison.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.Check;
import org.fedpoison.util.Shuffle;

/**
 * IID content, unequal sizes: client {@code k} receives about {@code n * w_k / sum(w)} examples of
 * a seeded random permutation, so FedAvg's sample-count weights differ between clients (as the
 * text's Exercise 35.4.2 needs). Sizes: every client first gets one example, the remaining
 * {@code n - K} are shared in proportion to the weights by the largest-remainder method (ties to the
 * lowest id); the sizes therefore sum to {@code n} exactly.
 *
 * <p>Two ways to give the weights: {@link #proportional(double...)} (one weight per client,
 * non-negative, finite, positive sum; the number of clients must then equal their count) or
 * {@link #logNormal(double)} (weights {@code exp(sigma * z_k)}, {@code z_k ~ N(0, 1)} drawn from the
 * seed; {@code sigma >= 0}, and {@code sigma = 0} gives equal sizes).
 */
public final class UnequalPartitioner implements Partitioner {
    private final double[] proportions;
    private final double sigma;

    private UnequalPartitioner(double[] proportions, double sigma) {
        this.proportions = proportions;
        this.sigma = sigma;
    }

    /** Sizes proportional to {@code proportions} (one entry per client). */
    public static UnequalPartitioner proportional(double... proportions) {
        if (proportions == null || proportions.length == 0) {
            throw new IllegalArgumentException("proportions must have one entry per client, got none");
        }
        double sum = 0;
        for (int k = 0; k < proportions.length; k++) {
            Check.nonNegative("proportions[" + k + "] (client " + k + ")", proportions[k]);
            sum += proportions[k];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("proportions sum to " + sum + ", must have a positive sum");
        }
        return new UnequalPartitioner(proportions.clone(), Double.NaN);
    }

    /** Sizes proportional to log-normal weights {@code exp(sigma * z)}, {@code sigma >= 0} and finite. */
    public static UnequalPartitioner logNormal(double sigma) {
        Check.nonNegative("sigma", sigma);
        return new UnequalPartitioner(null, sigma);
    }

    @Override
    public List<Dataset> partition(Dataset data, int numClients, long seed) {
        Partitioners.check(data, numClients);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w;
        if (proportions != null) {
            if (proportions.length != numClients) {
                throw new IllegalArgumentException("numClients is " + numClients + " but " + proportions.length
                        + " proportions were given; they must be equal");
            }
            w = proportions;
        } else {
            w = new double[numClients];
            for (int k = 0; k < numClients; k++) {
                w[k] = Math.exp(sigma * rng.nextGaussian());
            }
        }
        int[] sizes = sizes(data.size(), w);
        int[] perm = Shuffle.permutation(data.size(), rng);
        return Partitioners.materialise(data, Partitioners.cut(perm, sizes));
    }

    /** One example each, then {@code n - K} by largest remainder in proportion to {@code w}. */
    static int[] sizes(int n, double[] w) {
        int k = w.length;
        double sum = Arrays.stream(w).sum();
        int rest = n - k;
        int[] sizes = new int[k];
        double[] rem = new double[k];
        int given = 0;
        for (int j = 0; j < k; j++) {
            double share = rest * (w[j] / sum);
            sizes[j] = (int) Math.floor(share);
            rem[j] = share - sizes[j];
            given += sizes[j];
        }
        Integer[] byRemainder = new Integer[k];
        for (int j = 0; j < k; j++) {
            byRemainder[j] = j;
        }
        Arrays.sort(byRemainder, (a, b) -> rem[a] != rem[b] ? Double.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int i = 0; given < rest; i = (i + 1) % k) {
            sizes[byRemainder[i]]++;
            given++;
        }
        for (int j = 0; j < k; j++) {
            sizes[j]++;
        }
        return sizes;
    }

    @Override
    public String name() {
        return proportions != null ? "unequal" + Arrays.toString(proportions) : "logNormal(sigma=" + sigma + ")";
    }
}
