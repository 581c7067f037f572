package org.fedpoison.data;

import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.Shuffle;

/**
 * IID partition: a seeded uniform permutation of the examples cut into {@code K} consecutive
 * pieces whose sizes differ by at most one ({@code floor(n/K)} or {@code ceil(n/K)}), so every
 * client's data follows the global distribution.
 */
public final class IidPartitioner implements Partitioner {

    /** Creates the partitioner (it has no settings). */
    public IidPartitioner() {}

    @Override
    public List<Dataset> partition(Dataset data, int numClients, long seed) {
        Partitioners.check(data, numClients);
        int n = data.size();
        int[] sizes = new int[numClients];
        for (int k = 0; k < numClients; k++) {
            sizes[k] = n / numClients + (k < n % numClients ? 1 : 0);
        }
        int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
        return Partitioners.materialise(data, Partitioners.cut(perm, sizes));
    }

    @Override
    public String name() {
        return "iid";
    }
}
