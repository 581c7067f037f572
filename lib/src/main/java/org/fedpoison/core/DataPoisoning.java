package org.fedpoison.core;

/**
 * Changes a malicious client's local data before it trains honestly on it (label flipping,
 * clean-label poison, backdoor triggers). The update that results is an honest computation over
 * dishonest data.
 *
 * <p>One abstract method, so a lambda will do; {@link #named(String, DataPoisoning)} gives it a
 * name for tables.
 */
@FunctionalInterface
public interface DataPoisoning {

    /**
     * Returns the poisoned local dataset (a new dataset; {@code clean} is not modified).
     *
     * @param clean    the client's clean local data
     * @param clientId the client being poisoned (attacks that split work among colluders use it)
     * @param seed     the seed for any random choice
     */
    Dataset poison(Dataset clean, int clientId, long seed);

    /** A short name for tables (by default the class's simple name). */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * A data poisoning with a name, for lambdas.
     *
     * @param name   the name shown in tables, not blank
     * @param attack the poisoning
     */
    static DataPoisoning named(String name, DataPoisoning attack) {
        Names.require("DataPoisoning.named", name);
        if (attack == null) {
            throw new IllegalArgumentException("DataPoisoning.named: attack is null, must be a DataPoisoning");
        }
        return new DataPoisoning() {
            @Override
            public Dataset poison(Dataset clean, int clientId, long seed) {
                return attack.poison(clean, clientId, seed);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
