/**
 * Classifiers whose parameters are one flat float32 vector ({@link org.fedpoison.model.Model}):
 * {@link org.fedpoison.model.SoftmaxRegression} and {@link org.fedpoison.model.Mlp}, trained by
 * minibatch SGD ({@link org.fedpoison.model.TrainConfig}) and scored by
 * {@link org.fedpoison.model.Evaluation}. Model objects hold the architecture only; parameters
 * are passed in and returned, so one object serves every client and thread.
 */
package org.fedpoison.model;
