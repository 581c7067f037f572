package org.fedpoison.fl;

import org.fedpoison.model.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A quantity measured on the global model after each round and stored in the history under
 * {@link #name()} (attack success rate, distance to a target model, ...). Its definition belongs
 * in the implementing class's Javadoc.
 */
public interface Metric {

    /** Column name in the history's table. */
    String name();

    /** Measures the global parameters {@code global} of {@code model}. */
    double measure(Model model, INDArray global);
}
