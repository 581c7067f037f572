/**
 * Benchmark workloads ({@link org.fedpoison.bench.Bench}: W1 federated rounds on Fashion-MNIST, W2
 * aggregation of large updates), run by {@code environment/bench}; speed is never asserted in unit tests.
 *
 * <p>Measurements behind the library's design choices (kept here, not in the library's Javadoc):
 * <ul>
 *   <li>Dense models ({@code org.fedpoison.model.Mlp}, {@code SoftmaxRegression}): at a 32x784x100
 *       product, {@code Nd4j.gemm(a, b, c, ...)} spends about 20 microseconds per call in op
 *       dispatch before the 65 microseconds of arithmetic, a direct {@code cblas_sgemm} call about
 *       0.1 microseconds; with five products per minibatch and 1,875 minibatches per federated
 *       round (W1) that dispatch alone would be 0.19 s per round. For a 32x100 activation block an
 *       ND4J op costs more in dispatch than a plain Java loop costs in total. Gathering each
 *       minibatch into a small buffer and copying the whole shuffled epoch first measured within
 *       noise of each other on the shared test machine; the minibatch buffer was kept because it
 *       does not grow with the local dataset.</li>
 * </ul>
 */
package org.fedpoison.bench;
