package org.fedpoison.rng;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the reference files written by teaching/src/test/python/numpy_vectors.py. */
final class NumpyVectors {
    static final long[] SEEDS = {0, 1, 7, 42, 12345, (1L << 40) + 3};

    /** One line: the case name, its arguments and the values NumPy produced (as text). */
    record Case(long seed, String name, String[] args, String[] values) {
        @Override
        public String toString() {
            return "seed " + seed + ": " + name + " " + String.join(" ", args);
        }
    }

    private NumpyVectors() {}

    static List<Case> read(long seed) {
        String resource = "/numpy/seed_" + seed + ".txt";
        InputStream in = NumpyVectors.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource
                    + "; run /usr/bin/python3 teaching/src/test/python/numpy_vectors.py");
        }
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(" : ");
                String[] head = line.substring(0, colon).trim().split(" ");
                String tail = line.substring(colon + 3).trim();
                String[] args = new String[head.length - 1];
                System.arraycopy(head, 1, args, 0, args.length);
                cases.add(new Case(seed, head[0], args, tail.isEmpty() ? new String[0] : tail.split(" ")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
