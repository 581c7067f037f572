package org.fedpoison.sweep;

import java.io.Serializable;
import org.fedpoison.util.Seeds;

/**
 * One simulation of a sweep: a {@link Cell} and one seed of the sweep's seed list.
 *
 * <p>{@link #seed()} is the seed as listed (the runs table's {@code seed} column);
 * {@link #simulationSeed()} is the seed the cell's simulation should use. Both depend only on the
 * cell and the listed seed, never on the order in which runs execute or on the runner, so every
 * runner gives the same results. Under {@link Seeding#COMMON} (the default) the simulation seed
 * is the listed seed itself: every cell with seed 3 starts from the same initial model and draws
 * the same client samples, which makes differences between cells paired comparisons (common random
 * numbers). Under {@link Seeding#PER_CELL} it is {@code Seeds.derive(seed, hash(cell key))}, a
 * seed of the cell's own.
 *
 * @param cell    the settings
 * @param seed    the listed seed
 * @param seeding how the simulation seed is derived
 */
public record Run(Cell cell, long seed, Seeding seeding) implements Serializable {
    /** Validates: cell and seeding not null. */
    public Run {
        if (cell == null || seeding == null) {
            throw new IllegalArgumentException("a run needs a cell and a seeding, got " + cell + " and " + seeding);
        }
    }

    /** The seed for the simulation of this run (see the class comment). */
    public long simulationSeed() {
        return seeding == Seeding.COMMON ? seed : Seeds.derive(seed, cell.key().hashCode());
    }

    /** The value of this run's level of {@code factor}. */
    public <T> T get(Factor<T> factor) {
        return cell.get(factor);
    }

    /** The label of this run's level of the factor named {@code factor}. */
    public String label(String factor) {
        return cell.label(factor);
    }

    /** {@code <cell key>, seed=<seed>}. */
    public String key() {
        return cell.key() + ", seed=" + seed;
    }

    @Override
    public String toString() {
        return key();
    }
}
