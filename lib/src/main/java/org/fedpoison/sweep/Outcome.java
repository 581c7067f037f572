package org.fedpoison.sweep;

import java.io.Serializable;
import org.fedpoison.fl.History;

/**
 * One number read off a run's history, a column of the runs table: the final accuracy, a metric
 * after the last round, the best accuracy seen. Serializable for the Spark runner.
 */
@FunctionalInterface
public interface Outcome extends Serializable {
    /** The value for this history. */
    double of(History history);

    /** Test accuracy after the last round. */
    static Outcome finalAccuracy() {
        return h -> h.last().accuracy();
    }

    /** Test loss after the last round. */
    static Outcome finalLoss() {
        return h -> h.last().loss();
    }

    /** The metric named {@code metric} after the last round. */
    static Outcome finalMetric(String metric) {
        return h -> h.last().metric(metric);
    }
}
