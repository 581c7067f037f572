package org.fedpoison.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A quantity measured on the global model after each round and stored in the history under
 * {@link #name()} (attack success rate, distance to a target model, ...). Its definition belongs
 * in the implementing class's Javadoc.
 *
 * <p>One abstract method; a lambda gets its column name from {@link #named(String, Metric)}:
 * {@code Metric.named("norm", (model, w) -> w.norm2Number().doubleValue())}.
 */
@FunctionalInterface
public interface Metric {

    /** Measures the global parameters {@code global} of {@code model} (neither is modified). */
    double measure(Model model, INDArray global);

    /** Column name in the history's table (by default the class's simple name). */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * A metric with a column name, for lambdas.
     *
     * @param name   the column name, not blank
     * @param metric the measurement
     */
    static Metric named(String name, Metric metric) {
        Names.require("Metric.named", name);
        if (metric == null) {
            throw new IllegalArgumentException("Metric.named: metric is null, must be a Metric");
        }
        return new Metric() {
            @Override
            public double measure(Model model, INDArray global) {
                return metric.measure(model, global);
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
