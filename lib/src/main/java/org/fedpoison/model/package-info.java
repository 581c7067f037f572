/**
 * Classifiers whose parameters are one flat float32 vector ({@link org.fedpoison.core.Model}):
 * {@link org.fedpoison.model.SoftmaxRegression} and {@link org.fedpoison.model.Mlp}, trained by
 * minibatch SGD ({@link org.fedpoison.core.TrainConfig}) and scored by
 * {@link org.fedpoison.core.Evaluation}. Model objects hold the architecture only; parameters
 * are passed in and returned, so one object serves every client and thread.
 */
package org.fedpoison.model;
