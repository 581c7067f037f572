package org.fedpoison.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedpoison.data.Datasets;

/**
 * The options the benchmark's workloads share: {@code --rounds N} (default 3), {@code --threads T}
 * (default: the available cores) and {@code --data DIR} (the Fashion-MNIST directory, default
 * {@link Datasets#FASHION_MNIST_DIR}); any other argument is kept, in order, in {@code rest}.
 */
record BenchArgs(int rounds, int threads, Path data, List<String> rest) {

    /** Parses {@code args}; a value-taking option without its value is an error naming the option. */
    static BenchArgs parse(String[] args) {
        int rounds = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        Path data = Datasets.FASHION_MNIST_DIR;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--rounds") || a.equals("--threads") || a.equals("--data")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    default -> data = Path.of(v);
                }
            } else {
                rest.add(a);
            }
        }
        return new BenchArgs(rounds, threads, data, List.copyOf(rest));
    }
}
