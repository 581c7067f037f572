/**
 * Classifiers whose parameters are one flat float32 vector ({@link org.fedpoison.core.Model}):
 * {@link org.fedpoison.model.SoftmaxRegression}, {@link org.fedpoison.model.Mlp} and the convolutional
 * {@link org.fedpoison.model.Cnn} (LeNet-5 style; a {@link org.fedpoison.model.Differentiable} model,
 * with parameter and input gradients), trained by
 * minibatch SGD ({@link org.fedpoison.core.TrainConfig}) and scored by
 * {@link org.fedpoison.core.Evaluation}. Model objects hold the architecture only; parameters
 * are passed in and returned, so one object serves every client and thread.
 * {@link org.fedpoison.model.InputGradients} gives the input gradient of any model.
 */
package org.fedpoison.model;
