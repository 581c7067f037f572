package org.fedpoison.attack;

import org.fedpoison.data.Dataset;

/**
 * Changes a malicious client's local data before it trains honestly on it (label flipping,
 * clean-label poison, backdoor triggers). The update that results is an honest computation over
 * dishonest data.
 */
public interface DataPoisoning {

    /**
     * Returns the poisoned local dataset (a new dataset; {@code clean} is not modified).
     *
     * @param clean    the client's clean local data
     * @param clientId the client being poisoned (attacks that split work among colluders use it)
     * @param seed     the seed for any random choice
     */
    Dataset poison(Dataset clean, int clientId, long seed);

    /** A short name for tables. */
    String name();
}
