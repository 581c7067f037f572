package org.fedpoison.bench;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.fedpoison.core.Dataset;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.Clients;
import org.fedpoison.fl.History;
import org.fedpoison.fl.Simulation;
import org.fedpoison.model.Cnn;
import org.fedpoison.core.TrainConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W3, the convolutional workload: one FedAvg round of 100 IID Fashion-MNIST clients, each training
 * one local epoch of minibatch SGD (batch 32, learning rate 0.05) of {@link Cnn#lenet5} on its 600
 * images. After an unmeasured warm-up round on a tenth of the data, prints
 * <pre>
 * W3 model=cnn clients=100 seconds_per_round=... test_accuracy=... peak_rss_mb=...
 * # W3 cpu_seconds_per_round=... flops_per_round=... gemm_gflops=... threads=... floor_seconds=... ratio_to_floor=... cpu_ratio_to_floor=... load=...
 * </pre>
 * {@code flops_per_round} is {@code 60,000 * Cnn.flopsPerExample()} (products only, forward and
 * backward); {@code gemm_gflops} is the rate of one 512x512x512 {@code sgemm} on one thread of the
 * same OpenBLAS, measured in this process in thread CPU time (median of 5), and {@code floor_seconds} is the round's
 * FLOPs over that rate times the client threads: the time the products alone would take at the
 * machine's best GEMM speed. The median round over {@code --rounds} (default 3) is reported.
 * On a shared machine the wall clock mostly measures the load; {@code cpu_seconds_per_round} (the
 * process's CPU time over the measured rounds, evaluation included, divided by their number) and
 * {@code cpu_ratio_to_floor} (that over {@code floor_seconds * threads}) measure the code.
 * Usage: {@code CnnBench [--rounds N] [--threads T] [--data DIR]}; set {@code OMP_NUM_THREADS=1}.
 * The PyTorch peer of this workload is {@code environment/bench-torch-cnn.py}.
 */
public final class CnnBench {
    private CnnBench() {}

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        BenchArgs opts = BenchArgs.parse(args);
        if (!opts.rest().isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + opts.rest() + " (expected --rounds, --threads, --data)");
        }
        int rounds = opts.rounds();
        int threads = opts.threads();
        Path data = opts.data();
        TrainTest fm;
        try {
            fm = Datasets.fashionMnist(data);
        } catch (IllegalStateException missing) {
            if (!Files.isDirectory(data) || String.valueOf(missing.getMessage()).contains("not found")) {
                System.out.println("# W3 skipped: " + missing.getMessage());
                return;
            }
            throw missing;
        }
        Dataset train = fm.train();
        Cnn model = Cnn.lenet5(28, 28, 10);
        int k = 100;
        TrainConfig cfg = new TrainConfig(1, 32, 0.05);
        int[] tenth = new int[train.size() / 10];
        for (int i = 0; i < tenth.length; i++) {
            tenth[i] = i;
        }
        Simulation.builder().model(model).clients(Clients.honest(Partitioners.iid().partition(train.subset(tenth), k, 2), cfg))
                .test(fm.test()).rounds(1).threads(threads).seed(2).build().run();
        List<Dataset> parts = Partitioners.iid().partition(train, k, 1);
        long cpu0 = processCpuNanos();
        History h = Simulation.builder().model(model).clients(Clients.honest(parts, cfg))
                .test(fm.test()).rounds(rounds).threads(threads).seed(1).build().run();
        double cpuPerRound = (processCpuNanos() - cpu0) / 1e9 / rounds;
        double seconds = Bench.median(h.trainSeconds());
        double flops = (double) train.size() * model.flopsPerExample();
        double gflops = gemmGflops(512);
        double floor = flops / (gflops * 1e9 * threads);
        System.out.printf("W3 model=cnn clients=%d seconds_per_round=%.3f test_accuracy=%.4f peak_rss_mb=%d%n",
                k, seconds, h.last().accuracy(), Bench.peakRssMb());
        System.out.printf("# W3 cpu_seconds_per_round=%.2f flops_per_round=%.4g gemm_gflops=%.1f threads=%d floor_seconds=%.3f"
                + " ratio_to_floor=%.2f cpu_ratio_to_floor=%.2f load=%s%n", cpuPerRound, flops, gflops, threads, floor,
                seconds / floor, cpuPerRound / (floor * threads), load());
    }

    /**
     * GFLOP/s of an {@code n x n x n} single-precision product on this thread, per second of this
     * thread's CPU time (so that a busy machine does not lower it; median of 5 after 2 warm-ups).
     */
    static double gemmGflops(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        FloatPointer pa = new FloatPointer(a.data().addressPointer());
        FloatPointer pb = new FloatPointer(b.data().addressPointer());
        FloatPointer pc = new FloatPointer(c.data().addressPointer());
        java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] s = new double[5];
        for (int rep = -2; rep < s.length; rep++) {
            long t0 = clock.getCurrentThreadCpuTime();
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, pa, n, pb, n, 0f, pc, n);
            double sec = (clock.getCurrentThreadCpuTime() - t0) / 1e9;
            if (rep >= 0) {
                s[rep] = sec;
            }
        }
        java.lang.ref.Reference.reachabilityFence(a);
        java.lang.ref.Reference.reachabilityFence(b);
        java.lang.ref.Reference.reachabilityFence(c);
        return 2.0 * n * n * n / Bench.median(s) / 1e9;
    }

    /** This process's CPU time in nanoseconds (all threads), or -1 where the JVM does not say. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static String load() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.isReadable(p) ? Files.readString(p).trim().replace(' ', '/') : "unknown";
    }
}
