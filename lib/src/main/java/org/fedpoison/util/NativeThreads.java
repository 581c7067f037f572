package org.fedpoison.util;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Fixes the threads of ND4J's native code once per JVM, so that results do not depend on the
 * environment: the library's parallelism is across clients (Java threads), never inside a matrix
 * product.
 *
 * <p>When ND4J loads it sizes OpenBLAS from {@code OMP_NUM_THREADS} (or, unset, from the number of
 * cores), and a multi-threaded {@code sgemm} adds in another order than a single-threaded one, so
 * the same seed gave a different {@code History} with 1 and 2 OpenBLAS threads, and 2 threads per
 * client on 2 cores ran a FedAvg round several times slower. {@link #pin()} (called by
 * {@code Simulation} and the models before their first product) sets OpenBLAS to
 * {@link #blasThreads()} threads (default 1) and libnd4j's per-call ("master") threads to 1.
 *
 * <p>What it cannot change: libnd4j reads {@code OMP_NUM_THREADS} once at load for the split of
 * whole-array reductions to a scalar ({@code x.sumNumber()}, {@code x.norm2Number()}), whose last
 * bits then follow the variable; the library does not use them (it reduces in Java), but a user's
 * metric that does inherits the dependence.
 *
 * <p>Setting: the system property {@value #PROPERTY} (an integer {@code >= 1}, default 1), e.g.
 * {@code -Dfedpoison.blasThreads=4} for large models trained by few clients; results are then
 * reproducible for that number of threads only.
 */
public final class NativeThreads {
    /** The system property giving OpenBLAS's number of threads (default 1). */
    public static final String PROPERTY = "fedpoison.blasThreads";

    private NativeThreads() {}

    /** Applies the thread settings if not yet done in this JVM (cheap after the first call; thread-safe). */
    public static void pin() {
        if (Holder.THREADS < 1) {
            throw new AssertionError("unreachable");
        }
    }

    /** The number of OpenBLAS threads the library sets: {@value #PROPERTY}, default 1. */
    public static int blasThreads() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + PROPERTY + " is '" + v + "', must be an integer >= 1");
    }

    private static final class Holder {
        static final int THREADS = apply();

        private static int apply() {
            int n = blasThreads();
            // Nd4j.factory() loads the backend first: its BLAS constructor sets OpenBLAS from
            // OMP_NUM_THREADS, so ours must come after it
            Nd4j.factory().blas().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            return n;
        }
    }
}
