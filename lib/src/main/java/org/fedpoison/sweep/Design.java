package org.fedpoison.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cells a sweep runs: its factors and which combinations of their levels.
 * <ul>
 *   <li>{@link #grid(Factor...)}: every combination (the full factorial), the last factor varying
 *       fastest, e.g. 6 attacks x 6 defences = 36 cells;</li>
 *   <li>{@link #explicit(Factor...)}: only the combinations listed with {@link Explicit#cell(String...)},
 *       for designs where some pairs make no sense or are shared.</li>
 * </ul>
 * Settings: at least one factor; factor names distinct; an explicit cell names a level of each
 * factor, and no cell twice.
 */
public final class Design implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Factor<?>> factors;
    private final List<Cell> cells;

    private Design(List<Factor<?>> factors, List<Cell> cells) {
        this.factors = List.copyOf(factors);
        this.cells = List.copyOf(cells);
    }

    /** Every combination of the factors' levels, the last factor varying fastest. */
    public static Design grid(Factor<?>... factors) {
        List<Factor<?>> fs = checked(factors);
        List<String> names = names(fs);
        List<Cell> cells = new ArrayList<>();
        int total = 1;
        for (Factor<?> f : fs) {
            total = Math.multiplyExact(total, f.size());
        }
        for (int c = 0; c < total; c++) {
            String[] levels = new String[fs.size()];
            int rest = c;
            for (int i = fs.size() - 1; i >= 0; i--) {
                levels[i] = fs.get(i).labels().get(rest % fs.get(i).size());
                rest /= fs.get(i).size();
            }
            cells.add(new Cell(names, List.of(levels)));
        }
        return new Design(fs, cells);
    }

    /** A design of listed cells over these factors: {@code Design.explicit(a, d).cell("none", "FedAvg").cell(...).build()}. */
    public static Explicit explicit(Factor<?>... factors) {
        return new Explicit(checked(factors));
    }

    /** The builder of an explicit design. */
    public static final class Explicit {
        private final List<Factor<?>> factors;
        private final List<Cell> cells = new ArrayList<>();
        private final Set<List<String>> seen = new HashSet<>();

        private Explicit(List<Factor<?>> factors) {
            this.factors = factors;
        }

        /**
         * Adds the cell with these level labels, one per factor in the factors' order.
         *
         * @throws IllegalArgumentException if the count is wrong, a label is not a level, or the cell is listed twice
         */
        public Explicit cell(String... levels) {
            if (levels.length != factors.size()) {
                throw new IllegalArgumentException("cell " + List.of(levels) + " has " + levels.length + " levels, the design has "
                        + factors.size() + " factors " + names(factors));
            }
            for (int i = 0; i < levels.length; i++) {
                factors.get(i).value(levels[i]);   // throws naming the factor and its levels
            }
            if (!seen.add(List.of(levels))) {
                throw new IllegalArgumentException("cell " + List.of(levels) + " is listed twice");
            }
            cells.add(new Cell(names(factors), List.of(levels)));
            return this;
        }

        /** The design; at least one cell. */
        public Design build() {
            if (cells.isEmpty()) {
                throw new IllegalArgumentException("an explicit design needs at least one cell");
            }
            return new Design(factors, cells);
        }
    }

    private static List<Factor<?>> checked(Factor<?>[] factors) {
        if (factors == null || factors.length == 0) {
            throw new IllegalArgumentException("a design needs at least one factor");
        }
        List<Factor<?>> fs = List.of(factors);
        List<String> names = names(fs);
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                throw new IllegalArgumentException("factor '" + names.get(i) + "' appears twice, factor names must be distinct");
            }
        }
        return fs;
    }

    private static List<String> names(List<Factor<?>> fs) {
        List<String> names = new ArrayList<>();
        for (Factor<?> f : fs) {
            names.add(f.name());
        }
        return List.copyOf(names);
    }

    /** The factors, in order. */
    public List<Factor<?>> factors() {
        return factors;
    }

    /** The factors' names, in order: the runs table's first columns. */
    public List<String> factorNames() {
        return names(factors);
    }

    /** The cells, in design order. */
    public List<Cell> cells() {
        return cells;
    }

    @Override
    public String toString() {
        return cells.size() + " cells over " + factors;
    }
}
