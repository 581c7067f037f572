package org.fedpoison.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

/**
 * W5, the cost of a round as the number of clients grows with the total data fixed: the 60,000
 * Fashion-MNIST training examples split IID over {@code K} clients, each training one local epoch
 * (minibatch SGD, batch 32, learning rate 0.05; at {@code K = 10,000} a client holds 6 examples, one
 * minibatch) of the MLP 784-100-10 from the global model, then sample-weighted FedAvg. So every
 * {@code K} does the same arithmetic in training; only the per-client costs (and the smaller
 * minibatches) differ.
 *
 * <p>Prints {@code W5 clients=K seconds_per_round=... test_accuracy=... peak_rss_mb=... gc=...}:
 * the median wall-clock seconds of the rounds (training and aggregation, evaluation excluded) after
 * one unmeasured warm-up simulation of {@link #WARM_UP_ROUNDS} rounds on a tenth of the data, the test accuracy after them, the
 * process's peak resident memory ({@code VmHWM}) and the collector. Run one {@code K} per JVM
 * ({@code ./environment/bench scale} does, with the JVM's default collector) so the peak memory is
 * that {@code K}'s own. A second line, starting with {@code #}, gives each round's training and
 * aggregation seconds ({@code round_seconds}), then each whole round's wall-clock and process CPU
 * seconds ({@code whole_round_seconds}, {@code whole_round_cpu_seconds}: also the per-client
 * statistics the history records and the test-set evaluation), the threads and the load average;
 * on a shared machine the CPU seconds move less with the load than the wall clock.
 *
 * <p>{@code --batch B} (default 32) sets the minibatch size, and the line then says {@code batch=B}:
 * {@code ScaleBench 100 --batch 6} trains the 10,000 minibatches of 6 examples that 10,000
 * clients train, on 100 clients, which separates what smaller minibatches cost (OpenBLAS packs
 * the whole first layer for every product, whatever its rows) from what more clients cost.
 *
 * <p>Usage: {@code ScaleBench K [--batch B] [--rounds N] [--threads T] [--data DIR]}.
 */
public final class ScaleBench {
    private ScaleBench() {}

    /**
     * Rounds of the warm-up simulation: four, so that the per-client code has run about 4,000 times
     * (at most 1,000 warm-up clients a round) before the measured run. With one, the JIT was still
     * compiling the client's task through the 10,000-client run's round 1, which then took 30-40%
     * more CPU than round 2 and, in a median of three rounds, was the number reported.
     */
    static final int WARM_UP_ROUNDS = 4;

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        BenchArgs opts = BenchArgs.parse(args);
        List<String> rest = opts.rest();
        boolean withBatch = rest.size() == 3 && rest.get(1).equals("--batch");
        if (rest.size() != 1 && !withBatch) {
            throw new IllegalArgumentException("expected one client count (and optionally --batch B) besides the options, got "
                    + rest);
        }
        int k = Integer.parseInt(rest.get(0));
        int batch = withBatch ? Integer.parseInt(rest.get(2)) : 32;
        int rounds = opts.rounds();
        int threads = opts.threads();
        Path data = opts.data();
        TrainTest fm;
        try {
            fm = Datasets.fashionMnist(data);
        } catch (IllegalStateException missing) {
            System.out.println("# W5 skipped: clients=" + k + ": " + missing.getMessage());
            return;
        }
        Dataset train = fm.train();
        Model model = Mlp.of(train.dim(), 100, 10);
        TrainConfig cfg = new TrainConfig(1, batch, 0.05);
        int[] tenth = new int[train.size() / 10];
        for (int i = 0; i < tenth.length; i++) {
            tenth[i] = i;
        }
        int warmK = Math.max(1, Math.min(k, tenth.length / 6));
        Simulation.builder().model(model).clients(Clients.honest(Partitioners.iid().partition(train.subset(tenth), warmK, 2),
                cfg)).test(fm.test()).rounds(WARM_UP_ROUNDS).threads(threads).seed(2).build().run();
        List<Dataset> parts = Partitioners.iid().partition(train, k, 1);
        // whole rounds, between the ends of consecutive rounds: training and aggregation as in
        // trainSeconds, plus what the simulation records (the per-client statistics and the
        // evaluation on the test set); wall clock and this process's CPU time
        double[] wholeSeconds = new double[rounds];
        double[] wholeCpu = new double[rounds];
        long[] mark = new long[2];
        Simulation sim = Simulation.builder().model(model).clients(Clients.honest(parts, cfg)).test(fm.test())
                .rounds(rounds).threads(threads).seed(1).onRound(rec -> {
                    long now = System.nanoTime();
                    long cpu = CnnBench.processCpuNanos();
                    wholeSeconds[rec.round()] = (now - mark[0]) / 1e9;
                    wholeCpu[rec.round()] = (cpu - mark[1]) / 1e9;
                    mark[0] = now;
                    mark[1] = cpu;
                }).build();
        mark[0] = System.nanoTime();
        mark[1] = CnnBench.processCpuNanos();
        History h = sim.run();
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .findFirst().orElse("?").replace(' ', '_');
        System.out.printf("W5 clients=%d%s seconds_per_round=%.3f test_accuracy=%.4f peak_rss_mb=%d gc=%s%n", k,
                withBatch ? " batch=" + batch : "", Bench.median(h.trainSeconds()), h.last().accuracy(), Bench.peakRssMb(), gc);
        System.out.printf("# W5 clients=%d round_seconds=%s whole_round_seconds=%s whole_round_cpu_seconds=%s threads=%d"
                + " load=%s%n", k, java.util.Arrays.toString(h.trainSeconds()), rounded(wholeSeconds), rounded(wholeCpu),
                threads, loadAverage());
    }

    private static String rounded(double[] x) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < x.length; i++) {
            b.append(i > 0 ? ", " : "").append(String.format("%.3f", x[i]));
        }
        return b.append(']').toString();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().replace(' ', '/');
        } catch (IOException e) {
            return "?";
        }
    }
}
