package org.fedpoison.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One setting that a sweep varies, with its levels: each level has a label (what the runs table
 * and the charts show) and a value (what the cell function uses), e.g. the defence
 * {@code "median" -> CoordinateMedian::new} or the attacker fraction {@code "0.2" -> 0.2}.
 * <pre>{@code
 * Factor<Supplier<Aggregator>> defence = Factor.of("defence", Map.of("FedAvg", FedAvg::sampleWeighted, ...));
 * Factor<Double> fraction = Factor.of("fraction", 0.1, 0.2, 0.3);   // labels "0.1", "0.2", "0.3"
 * ... run.get(defence).get() ...
 * }</pre>
 * Levels keep the order given (a {@code LinkedHashMap}'s order). The Spark runner serializes the
 * sweep, and with it every level's value: for it, values must be {@link Serializable}.
 *
 * <p>Settings: {@code name} not blank and not {@code seed}, {@code error} or {@code seconds} (the runs
 * table's own columns); at least one level; labels not blank and distinct.
 *
 * @param <T> the values' type
 */
public final class Factor<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Column names that the runs table uses for itself. */
    static final List<String> RESERVED = List.of("seed", "error", "seconds");

    private final String name;
    private final List<String> labels;
    private final List<T> values;

    private Factor(String name, List<String> labels, List<T> values) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("factor name is " + (name == null ? "null" : "blank") + ", must name a setting");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("factor name is '" + name + "', must not be one of " + RESERVED
                    + " (the runs table's own columns)");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("factor '" + name + "' has no levels, must have at least one");
        }
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            if (l == null || l.isBlank()) {
                throw new IllegalArgumentException("factor '" + name + "': level " + i + " has a blank label");
            }
            if (labels.indexOf(l) != i) {
                throw new IllegalArgumentException("factor '" + name + "': label '" + l + "' appears twice, labels must be distinct");
            }
        }
        this.name = name;
        this.labels = List.copyOf(labels);
        this.values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** A factor whose levels are the map's entries, label to value, in the map's order. */
    public static <T> Factor<T> of(String name, Map<String, ? extends T> levels) {
        if (levels == null) {
            throw new IllegalArgumentException("factor '" + name + "': levels must not be null");
        }
        Map<String, T> copy = new LinkedHashMap<>(levels);
        return new Factor<>(name, new ArrayList<>(copy.keySet()), new ArrayList<>(copy.values()));
    }

    /** A factor whose labels are the values' {@code String.valueOf}: numbers, names, enums. */
    @SafeVarargs
    public static <T> Factor<T> of(String name, T... values) {
        List<String> labels = new ArrayList<>();
        for (T v : values) {
            labels.add(String.valueOf(v));
        }
        return new Factor<>(name, labels, List.of(values));
    }

    /** The setting's name: the runs table's column. */
    public String name() {
        return name;
    }

    /** The levels' labels, in order. */
    public List<String> labels() {
        return labels;
    }

    /** The number of levels. */
    public int size() {
        return labels.size();
    }

    /**
     * The value of the level labelled {@code label}.
     *
     * @throws IllegalArgumentException if no level has that label
     */
    public T value(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("factor '" + name + "' has no level '" + label + "'; levels: " + labels);
        }
        return values.get(i);
    }

    @Override
    public String toString() {
        return name + " " + labels;
    }
}
