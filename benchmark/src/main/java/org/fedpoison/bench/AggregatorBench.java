package org.fedpoison.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.fedpoison.aggregate.CoordinateMedian;
import org.fedpoison.aggregate.GeometricMedian;
import org.fedpoison.aggregate.Krum;
import org.fedpoison.aggregate.TrimmedMean;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Workload W2: robust aggregation of K = 100 client deltas of d = 1,000,000 float32 standard
 * normal values with {@code coordinate_median}, {@code trimmed_mean} (f = 10), {@code krum}
 * (f = 10) and {@code geometric_median} (Weiszfeld, at most 50 iterations, tolerance 1e-6).
 *
 * <p>Prints one line per rule, exactly {@code W2 rule=<name> k=100 d=1000000 seconds=<median of
 * timed runs>}, after one untimed warm-up run, followed by a comment line
 * {@code # rule=<name> cpu_seconds=<median process CPU time of a run> load=<1-minute load average
 * before the runs> runs=<n>}. A result that is not finite stops the benchmark with an exception. The machine is shared: when the load exceeds the number of cores,
 * {@code seconds} grows with it while {@code cpu_seconds} (all threads together) stays closer to
 * the work done. Arguments (optional): {@code k d runs seed}. Run it with
 * {@code OMP_NUM_THREADS=1 java -cp lib/target/fedpoison.jar:lib/target/lib/* org.fedpoison.bench.AggregatorBench}.
 * Reference (NumPy 1.24 on the same 2-core machines): 2.2 s median, 3.8 s trimmed mean,
 * 1.2 s Krum via a Gram matrix, 1.3 s geometric median.
 */
public final class AggregatorBench {

    private AggregatorBench() {}

    /** Runs the workload and prints the W2 lines. */
    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;

        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Nd4j.getRandom().setSeed(seed);
        List<ClientUpdate> updates = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            INDArray delta = Nd4j.randn(DataType.FLOAT, d);
            updates.add(new ClientUpdate(i, delta, 600));
        }
        List<String> names = List.of("coordinate_median", "trimmed_mean", "krum", "geometric_median");
        List<Supplier<Aggregator>> rules = List.of(
                CoordinateMedian::of,
                () -> TrimmedMean.of(10),
                () -> Krum.of(10),
                () -> GeometricMedian.of(50, 1e-6, 1e-6));
        for (int r = 0; r < rules.size(); r++) {
            Aggregator agg = rules.get(r).get();
            double checksum = agg.aggregate(updates).sumNumber().doubleValue(); // warm-up
            double[] seconds = new double[runs];
            double[] cpu = new double[runs];
            double load = os.getSystemLoadAverage();
            for (int t = 0; t < runs; t++) {
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                INDArray out = agg.aggregate(updates);
                seconds[t] = (System.nanoTime() - start) / 1e9;
                cpu[t] = (os.getProcessCpuTime() - cpu0) / 1e9;
                checksum += out.getDouble(0);
            }
            Arrays.sort(seconds);
            Arrays.sort(cpu);
            if (!Double.isFinite(checksum)) { // a robust rule must return finite values for finite inputs
                throw new IllegalStateException("W2: " + names.get(r) + " returned a non-finite value");
            }
            System.out.printf(Locale.ROOT, "W2 rule=%s k=%d d=%d seconds=%.2f%n", names.get(r), k, d, seconds[runs / 2]);
            System.out.printf(Locale.ROOT, "# rule=%s cpu_seconds=%.2f load=%.1f runs=%d%n",
                    names.get(r), cpu[runs / 2], load, runs);
        }
    }
}
