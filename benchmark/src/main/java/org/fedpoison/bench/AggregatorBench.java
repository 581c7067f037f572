package org.fedpoison.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.fedpoison.aggregate.CoordinateMedian;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.aggregate.GeometricMedian;
import org.fedpoison.aggregate.Krum;
import org.fedpoison.aggregate.TrimmedMean;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Workload W2: robust aggregation of K client deltas of d float32 standard normal values (default
 * K = 100, d = 1,000,000) with {@code mean} (FedAvg, equal weights: reading every value once, the
 * floor the other rules are measured against), {@code coordinate_median}, {@code trimmed_mean}
 * (f = 10), {@code krum} (f = 10) and {@code geometric_median} (the rule's defaults).
 *
 * <p>Prints one line per rule, {@code W2 rule=<name> k=<K> d=<D> seconds=<median of timed runs>
 * mean_ratio=<seconds / the mean's seconds>}, after one untimed warm-up run, followed by a comment
 * line {@code # rule=<name> cpu_seconds=<median process CPU time of a run> load=<1-minute load
 * average before the runs> runs=<n>}. Each timed run of a rule follows a timed run of the mean, so
 * the ratio compares calls made moments apart (the machine is shared: when the load exceeds the
 * number of cores, {@code seconds} grows with it, the ratio much less). A result that is not finite
 * stops the benchmark with an exception. Arguments (optional): {@code k d runs seed}. Run it with
 * {@code OMP_NUM_THREADS=1 java -cp benchmark/target/fedpoison-benchmark.jar:lib/target/fedpoison.jar:lib/target/lib/* org.fedpoison.bench.AggregatorBench};
 * {@code environment/bench} runs it at K = 100, d = 1,000,000 and K = 1,000, d = 100,000 and then
 * the NumPy and PyTorch peers ({@code environment/bench_peers.py}) on the same workloads.
 */
public final class AggregatorBench {

    private AggregatorBench() {}

    /** Runs the workload and prints the W2 lines. */
    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;

        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Nd4j.getRandom().setSeed(seed);
        List<ClientUpdate> updates = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            INDArray delta = Nd4j.randn(DataType.FLOAT, d);
            updates.add(new ClientUpdate(i, delta, 600));
        }
        Aggregator mean = FedAvg.equalWeights();
        List<String> names = List.of("mean", "coordinate_median", "trimmed_mean", "krum", "geometric_median");
        List<Supplier<Aggregator>> rules = List.of(
                () -> mean,
                CoordinateMedian::of,
                () -> TrimmedMean.of(10),
                () -> Krum.of(10),
                GeometricMedian::of);
        mean.aggregate(updates); // warm-up
        for (int r = 0; r < rules.size(); r++) {
            Aggregator agg = rules.get(r).get();
            double checksum = agg.aggregate(updates).sumNumber().doubleValue(); // warm-up
            double[] seconds = new double[runs];
            double[] meanSeconds = new double[runs];
            double[] cpu = new double[runs];
            double load = os.getSystemLoadAverage();
            for (int t = 0; t < runs; t++) {
                long m0 = System.nanoTime();
                checksum += mean.aggregate(updates).getDouble(0);
                meanSeconds[t] = (System.nanoTime() - m0) / 1e9;
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                INDArray out = agg.aggregate(updates);
                seconds[t] = (System.nanoTime() - start) / 1e9;
                cpu[t] = (os.getProcessCpuTime() - cpu0) / 1e9;
                checksum += out.getDouble(0);
            }
            Arrays.sort(seconds);
            Arrays.sort(meanSeconds);
            Arrays.sort(cpu);
            if (!Double.isFinite(checksum)) { // a robust rule must return finite values for finite inputs
                throw new IllegalStateException("W2: " + names.get(r) + " returned a non-finite value");
            }
            System.out.printf(Locale.ROOT, "W2 rule=%s k=%d d=%d seconds=%.4f mean_ratio=%.2f%n", names.get(r), k, d,
                    seconds[runs / 2], seconds[runs / 2] / meanSeconds[runs / 2]);
            System.out.printf(Locale.ROOT, "# rule=%s cpu_seconds=%.4f load=%.1f runs=%d%n",
                    names.get(r), cpu[runs / 2], load, runs);
        }
    }
}
