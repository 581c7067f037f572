package org.fedpoison.data;

import org.fedpoison.core.Dataset;
/**
 * A training set and a test set.
 *
 * @param train the training examples
 * @param test  the held-out test examples
 */
public record TrainTest(Dataset train, Dataset test) {}
