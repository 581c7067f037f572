/**
 * Defences that inspect a trained model after the fact rather than aggregating updates:
 * {@link org.fedpoison.defense.NeuralCleanse} (trigger reconstruction per label and the anomaly
 * index of the mask norms). Aggregation-time defences live in {@code org.fedpoison.aggregate}.
 */
package org.fedpoison.defense;
