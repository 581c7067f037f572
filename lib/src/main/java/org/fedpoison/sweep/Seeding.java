package org.fedpoison.sweep;

/**
 * How a run's simulation seed follows from its cell and its listed seed (see {@link Run#simulationSeed()}).
 * Neither depends on the order of execution.
 */
public enum Seeding {
    /** The listed seed itself, shared by every cell: paired comparisons between cells (common random numbers). */
    COMMON,
    /** {@code Seeds.derive(seed, hash(cell key))}: independent randomness in every cell. */
    PER_CELL
}
