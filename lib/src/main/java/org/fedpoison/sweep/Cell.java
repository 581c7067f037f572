package org.fedpoison.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * One combination of levels of a sweep's factors, e.g. {@code attack=label flip, defence=median}:
 * the factors' names and, in the same order, the chosen levels' labels. A cell is a value: it says
 * which settings, not how to run them.
 *
 * @param factors the factors' names, in the design's order
 * @param levels  the labels of the chosen levels, one per factor
 */
public record Cell(List<String> factors, List<String> levels) implements Serializable {
    /** Validates: as many levels as factors, none blank. */
    public Cell {
        factors = List.copyOf(factors);
        levels = List.copyOf(levels);
        if (factors.size() != levels.size()) {
            throw new IllegalArgumentException("a cell has " + levels.size() + " levels for " + factors.size() + " factors "
                    + factors + ", must have one per factor");
        }
    }

    /**
     * The label of this cell's level of factor {@code factor}.
     *
     * @throws IllegalArgumentException if the design has no such factor
     */
    public String label(String factor) {
        int i = factors.indexOf(factor);
        if (i < 0) {
            throw new IllegalArgumentException("the sweep has no factor '" + factor + "'; factors: " + factors);
        }
        return levels.get(i);
    }

    /** The value of this cell's level of {@code factor}. */
    public <T> T get(Factor<T> factor) {
        return factor.value(label(factor.name()));
    }

    /** {@code name=label, name=label}, the cell's name in progress lines and error messages. */
    public String key() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < factors.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(factors.get(i)).append('=').append(levels.get(i));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return key();
    }
}
