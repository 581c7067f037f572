/**
 * Random numbers that match NumPy bit for bit, so the text's Python listings (which seed
 * {@code np.random.default_rng}) print the same numbers when ported to Java.
 *
 * <p>{@link org.fedpoison.rng.NumpyRng} is the entry point
 * ({@code NumpyRng.defaultRng(7).standardNormal(20)}); {@link org.fedpoison.rng.SeedSequence}
 * and {@link org.fedpoison.rng.Pcg64} are the seeding and bit-generator layers beneath it.
 * References: O'Neill (2014) for PCG; Marsaglia and Tsang (2000) for the ziggurat; Lemire (2019)
 * for bounded integers.
 */
package org.fedpoison.rng;
