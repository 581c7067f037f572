package org.fedpoison.data;

import java.util.List;
import org.fedpoison.core.Dataset;

/**
 * Splits a dataset among clients, reproducibly from a seed. Every example goes to at most one
 * client; no client is left empty.
 *
 * <p>Implementations: IID, Dirichlet label skew, shards per client, unequal sizes.
 */
public interface Partitioner {

    /**
     * @param data      the dataset to split (not modified)
     * @param numClients how many clients, at least 1 and at most the number of examples
     * @param seed      the seed
     * @return one dataset per client, in client order
     */
    List<Dataset> partition(Dataset data, int numClients, long seed);

    /** A short description for tables ({@code "dirichlet(alpha=0.5)"}). */
    String name();
}
