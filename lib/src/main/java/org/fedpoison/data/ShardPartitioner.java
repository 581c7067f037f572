package org.fedpoison.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.Shuffle;

/**
 * The pathological non-IID split of McMahan et al. (2017, "Communication-Efficient Learning of
 * Deep Networks from Decentralized Data"): sort the examples by label, cut the sorted list into
 * {@code S = K * perClient} shards of (almost) equal size ({@code shard s} holds sorted positions
 * {@code [floor(s n / S), floor((s+1) n / S))}), and give each client {@code perClient} shards drawn
 * at random without replacement. With 2 shards per client most clients see only two classes.
 *
 * <p>Setting: {@code perClient >= 1}. At call time {@code K * perClient} must not exceed the
 * number of examples. Examples of equal label are ordered by a seeded permutation before sorting,
 * so which examples share a shard is random too.
 */
public final class ShardPartitioner implements Partitioner {
    private final int perClient;

    /** @param perClient shards per client, at least 1 */
    public ShardPartitioner(int perClient) {
        if (perClient < 1) {
            throw new IllegalArgumentException("perClient (shards per client) is " + perClient + ", must be >= 1");
        }
        this.perClient = perClient;
    }

    /** Shards per client. */
    public int perClient() {
        return perClient;
    }

    @Override
    public List<Dataset> partition(Dataset data, int numClients, long seed) {
        Partitioners.check(data, numClients);
        int n = data.size();
        long shards = (long) numClients * perClient;
        if (shards > n) {
            throw new IllegalArgumentException("numClients * perClient = " + numClients + " * " + perClient + " = "
                    + shards + " shards, must be at most the number of examples (" + n + ")");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        // a random order, then a stable counting sort by label
        int[] perm = Shuffle.permutation(n, rng);
        int[] sorted = new int[n];
        int[] start = new int[data.numClasses() + 1];
        for (int i = 0; i < n; i++) {
            start[data.label(i) + 1]++;
        }
        for (int k = 0; k < data.numClasses(); k++) {
            start[k + 1] += start[k];
        }
        for (int i : perm) {
            sorted[start[data.label(i)]++] = i;
        }
        int s = (int) shards;
        int[] shardOrder = Shuffle.permutation(s, rng);
        List<int[]> parts = new ArrayList<>(numClients);
        for (int c = 0; c < numClients; c++) {
            int size = 0;
            for (int j = 0; j < perClient; j++) {
                int sh = shardOrder[c * perClient + j];
                size += bound(sh + 1, n, s) - bound(sh, n, s);
            }
            int[] idx = new int[size];
            int pos = 0;
            for (int j = 0; j < perClient; j++) {
                int sh = shardOrder[c * perClient + j];
                for (int i = bound(sh, n, s); i < bound(sh + 1, n, s); i++) {
                    idx[pos++] = sorted[i];
                }
            }
            parts.add(idx);
        }
        return Partitioners.materialise(data, parts);
    }

    private static int bound(int shard, int n, int shards) {
        return (int) ((long) shard * n / shards);
    }

    @Override
    public String name() {
        return "shards(perClient=" + perClient + ")";
    }
}
