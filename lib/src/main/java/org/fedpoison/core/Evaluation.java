package org.fedpoison.core;

/**
 * A model's quality on a labelled set.
 *
 * @param accuracy         share of examples predicted correctly, in [0, 1]
 * @param loss             mean cross-entropy (natural log) of the true label
 * @param perClassAccuracy for each class, the share of its examples predicted correctly
 *                         ({@code NaN} for a class with no example)
 */
public record Evaluation(double accuracy, double loss, double[] perClassAccuracy) {
    /** Copies the per-class array. */
    public Evaluation {
        perClassAccuracy = perClassAccuracy.clone();
    }

    /** A copy of the per-class accuracies. */
    @Override
    public double[] perClassAccuracy() {
        return perClassAccuracy.clone();
    }
}
