package org.fedpoison.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.Clients;
import org.fedpoison.fl.History;
import org.fedpoison.fl.Simulation;
import org.fedpoison.model.Mlp;
import org.fedpoison.model.SoftmaxRegression;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The library's benchmark workloads, run by {@code environment/bench} (never by the unit tests).
 * Prints one line per workload:
 * <pre>
 * W1 model=mlp clients=100 seconds_per_round=0.45 test_accuracy=0.70 peak_rss_mb=900
 * W1 model=linear clients=100 seconds_per_round=0.10 test_accuracy=0.72 peak_rss_mb=700
 * W2 rule=mean k=100 d=1000000 seconds=0.04
 * </pre>
 * <ul>
 *   <li>W1: Fashion-MNIST training set (60,000 x 784 in [0, 1]) split IID over 100 clients; each
 *       round every client trains one local epoch of minibatch SGD (batch 32, learning rate 0.05)
 *       from the global model, then sample-weighted FedAvg. After an unmeasured warm-up round on a
 *       tenth of the data (a separate simulation, for the JIT), reported: the median wall-clock seconds
 *       per round (training + aggregation, evaluation excluded) over the rounds (default 3), the
 *       test accuracy after them, and the process's peak resident memory ({@code VmHWM} of
 *       {@code /proc/self/status}). Models: {@code mlp} 784-100-10 ReLU and {@code linear} softmax
 *       regression.</li>
 *   <li>W2: K = 100 float32 vectors of d = 1,000,000 standard normal entries; the FedAvg mean
 *       ({@link FedAvg#equalWeights()}); median seconds of 7 calls after 2 warm-up calls.</li>
 * </ul>
 * A W1 workload whose data are missing prints {@code # W1 skipped: <reason>} instead of its line
 * and exits normally, so the other workloads still run.
 * Usage: {@code Bench [w1-mlp|w1-linear|w2|all] [--rounds N] [--threads T] [--data DIR]}
 * ({@code --data}: the Fashion-MNIST directory, default {@link Datasets#FASHION_MNIST_DIR}). Run each workload
 * in its own JVM (as {@code environment/bench} does) so that the peak memory is the workload's own.
 * Set {@code OMP_NUM_THREADS=1}: parallelism is across clients, not inside matrix products.
 */
public final class Bench {
    private Bench() {}

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        BenchArgs opts = BenchArgs.parse(args);
        String which = opts.rest().isEmpty() ? "all" : opts.rest().get(opts.rest().size() - 1);
        int rounds = opts.rounds();
        int threads = opts.threads();
        Path data = opts.data();
        if (rounds < 3) {
            throw new IllegalArgumentException("--rounds is " + rounds + ", the benchmark needs at least 3");
        }
        switch (which) {
            case "w1-mlp" -> w1("mlp", rounds, threads, data);
            case "w1-linear" -> w1("linear", rounds, threads, data);
            case "w2" -> w2();
            case "all" -> {
                w1("mlp", rounds, threads, data);
                w1("linear", rounds, threads, data);
                w2();
            }
            default -> throw new IllegalArgumentException("unknown workload '" + which
                    + "', expected w1-mlp, w1-linear, w2 or all");
        }
    }

    /** W1: one FedAvg round over 100 IID Fashion-MNIST clients. */
    static void w1(String modelName, int rounds, int threads, Path data) throws IOException {
        TrainTest fm;
        try {
            fm = Datasets.fashionMnist(data);
        } catch (IllegalStateException missing) {
            if (!Files.isDirectory(data) || String.valueOf(missing.getMessage()).contains("not found")) {
                // the data are absent (the message names the directory and the package): not a library failure
                System.out.println("# W1 skipped: model=" + modelName + ": " + missing.getMessage());
                return;
            }
            throw missing; // present but unreadable or corrupt: a real failure
        }
        Dataset train = fm.train();
        Model model = modelName.equals("mlp") ? Mlp.of(train.dim(), 100, 10) : SoftmaxRegression.of(train.dim(), 10);
        int k = 100;
        // JIT warm-up, not measured: one round over a tenth of the data (its own simulation, so the
        // measured run starts from the same initial model)
        int[] tenth = new int[train.size() / 10];
        for (int i = 0; i < tenth.length; i++) {
            tenth[i] = i;
        }
        Simulation.builder().model(model).clients(Clients.honest(Partitioners.iid().partition(train.subset(tenth), k, 2),
                new TrainConfig(1, 32, 0.05))).test(fm.test()).rounds(1).threads(threads).seed(2).build().run();
        List<Dataset> parts = Partitioners.iid().partition(train, k, 1);
        History h = Simulation.builder().model(model).clients(Clients.honest(parts, new TrainConfig(1, 32, 0.05)))
                .test(fm.test()).rounds(rounds).threads(threads).seed(1).build().run();
        System.out.printf("W1 model=%s clients=%d seconds_per_round=%.3f test_accuracy=%.4f peak_rss_mb=%d%n",
                modelName, k, median(h.trainSeconds()), h.last().accuracy(), peakRssMb());
    }

    /** W2: the FedAvg mean of 100 vectors of 1,000,000 coordinates. */
    static void w2() throws IOException {
        int k = 100;
        int d = 1_000_000;
        Nd4j.getRandom().setSeed(1);
        List<ClientUpdate> ups = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            ups.add(new ClientUpdate(i, Nd4j.randn(DataType.FLOAT, d), 1));
        }
        FedAvg mean = FedAvg.equalWeights();
        double[] s = new double[7];
        for (int rep = -2; rep < s.length; rep++) {
            long t0 = System.nanoTime();
            INDArray agg = mean.aggregate(ups);
            double sec = (System.nanoTime() - t0) / 1e9;
            if (agg.length() != d) {
                throw new IllegalStateException("aggregate has length " + agg.length());
            }
            if (rep >= 0) {
                s[rep] = sec;
            }
        }
        System.out.printf("W2 rule=mean k=%d d=%d seconds=%.4f%n", k, d, median(s));
    }

    /** The median of {@code x} ({@link org.fedpoison.aggregate.OrderStatistics#median(double[])}). */
    public static double median(double[] x) {
        return org.fedpoison.aggregate.OrderStatistics.median(x);
    }

    /** Peak resident set size of this process in MiB ({@code VmHWM} in {@code /proc/self/status}), or -1 if unknown. */
    public static long peakRssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                String kb = line.substring(6).trim().split("\\s+")[0];
                return Long.parseLong(kb) / 1024;
            }
        }
        return -1;
    }
}
