/**
 * Benchmark workloads ({@link org.fedpoison.bench.Bench}: W1 federated rounds on Fashion-MNIST, W2
 * aggregation of large updates), run by {@code environment/bench}; speed is never asserted in unit tests.
 */
package org.fedpoison.bench;
