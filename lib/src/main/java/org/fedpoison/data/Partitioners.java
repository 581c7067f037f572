package org.fedpoison.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedpoison.core.Dataset;

/**
 * Factory of the {@link Partitioner}s: how a dataset is split among federated clients.
 *
 * <ul>
 *   <li>{@link #iid()}: uniform random equal shares ({@link IidPartitioner});</li>
 *   <li>{@link #dirichlet(double)}: label skew, class proportions per client drawn from
 *       {@code Dir(alpha)} ({@link DirichletPartitioner});</li>
 *   <li>{@link #shards(int)}: sort by label, cut into shards, a few shards per client
 *       ({@link ShardPartitioner}, McMahan et al., 2017);</li>
 *   <li>{@link #unequal(double...)} / {@link #logNormal(double)}: IID content, unequal sizes
 *       ({@link UnequalPartitioner}).</li>
 * </ul>
 * Every partitioner is seeded, assigns each example to exactly one client, and leaves no client
 * empty.
 */
public final class Partitioners {
    private Partitioners() {}

    /** Equal-size random shares ({@link IidPartitioner}). */
    public static Partitioner iid() {
        return new IidPartitioner();
    }

    /** Dirichlet label skew with concentration {@code alpha > 0} ({@link DirichletPartitioner}). */
    public static Partitioner dirichlet(double alpha) {
        return new DirichletPartitioner(alpha);
    }

    /** The pathological non-IID split: {@code perClient} label-sorted shards per client ({@link ShardPartitioner}). */
    public static Partitioner shards(int perClient) {
        return new ShardPartitioner(perClient);
    }

    /** Sizes proportional to {@code proportions}, one entry per client ({@link UnequalPartitioner}). */
    public static Partitioner unequal(double... proportions) {
        return UnequalPartitioner.proportional(proportions);
    }

    /** Sizes proportional to {@code exp(sigma * z_k)}, {@code z_k ~ N(0, 1)} ({@link UnequalPartitioner}). */
    public static Partitioner logNormal(double sigma) {
        return UnequalPartitioner.logNormal(sigma);
    }

    /** Validates the common arguments of {@link Partitioner#partition}. */
    static void check(Dataset data, int numClients) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (numClients < 1) {
            throw new IllegalArgumentException("numClients is " + numClients + ", must be >= 1");
        }
        if (numClients > data.size()) {
            throw new IllegalArgumentException("numClients is " + numClients + ", must be at most the number of examples ("
                    + data.size() + ") so that no client is empty");
        }
    }

    /** Indices (ascending) of the examples of class {@code k}. */
    static int[] indicesOfClass(Dataset data, int k) {
        int count = 0;
        for (int i = 0; i < data.size(); i++) {
            if (data.label(i) == k) {
                count++;
            }
        }
        int[] idx = new int[count];
        for (int i = 0, j = 0; i < data.size(); i++) {
            if (data.label(i) == k) {
                idx[j++] = i;
            }
        }
        return idx;
    }

    /** One dataset per client from lists of example indices (each sorted ascending first). */
    static List<Dataset> materialise(Dataset data, List<int[]> parts) {
        List<Dataset> out = new ArrayList<>(parts.size());
        for (int[] p : parts) {
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            out.add(data.subset(sorted));
        }
        return List.copyOf(out);
    }

    /** Cuts {@code order} into {@code sizes.length} consecutive pieces of the given sizes. */
    static List<int[]> cut(int[] order, int[] sizes) {
        List<int[]> parts = new ArrayList<>(sizes.length);
        int from = 0;
        for (int s : sizes) {
            parts.add(Arrays.copyOfRange(order, from, from + s));
            from += s;
        }
        return parts;
    }
}
