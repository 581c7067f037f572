/**
 * Labelled data for federated experiments: {@link org.fedpoison.core.Dataset} (float32 features,
 * integer labels, image shape), ready-made sets in {@link org.fedpoison.data.Datasets} (the shipped
 * UCI digits, Fashion-MNIST, Gaussian blobs, splits and scaling), and the seeded
 * {@link org.fedpoison.data.Partitioner}s that deal a dataset out to clients
 * ({@link org.fedpoison.data.Partitioners}: IID, Dirichlet label skew, shards, unequal sizes).
 */
package org.fedpoison.data;
