package org.fedpoison.sweep;

import java.nio.file.Path;

/**
 * Runs a {@link SweepFile} on this machine and prints one line of cost,
 * {@code runner=local cells=C runs=N seconds=S runs_per_second=R failed=F threads=T cpu_seconds=U load=L}, after a
 * progress line on standard error every few seconds:
 * <pre>{@code java -cp lib/target/fedpoison.jar:lib/target/lib/* org.fedpoison.sweep.SweepMain my.sweep [--threads T] [--out runs.csv]}</pre>
 * With {@code out} (in the file or as {@code --out}), runs are appended as they finish and a second
 * call resumes. Exit code 0 when the sweep completed (failed runs are recorded, not fatal), 2 for a
 * wrong command line or file.
 */
public final class SweepMain {
    private SweepMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SweepMain <description file> [--threads T] [--out runs.csv]");
            System.exit(2);
        }
        int threads = Runtime.getRuntime().availableProcessors();
        Path out = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("SweepMain: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SweepFile file;
        try {
            file = SweepFile.read(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println("SweepMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalRunner runner = LocalRunner.withThreads(threads);
        double load = loadAverage();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        SweepResult r = file.sweep().run(runner, out != null ? out : file.out(), SweepProgress.console(file.sweep().name(), System.err));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(costLine("runner=local", r, seconds) + " threads=" + threads
                + String.format(java.util.Locale.ROOT, " cpu_seconds=%.1f load=%.1f", (processCpuNanos() - cpu0) / 1e9, load));
    }

    /**
     * CPU time used so far by this JVM, all threads (nanoseconds): on a shared machine it counts the
     * work a runner did, where wall-clock seconds also count the other programs' share of the cores.
     */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The system's load average over the last minute, as the benchmark lines report it. */
    public static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** {@code <runner> cells=C runs=N seconds=S runs_per_second=R failed=F}, the line both mains print. */
    public static String costLine(String runner, SweepResult r, double seconds) {
        int runs = r.results().size();
        return String.format(java.util.Locale.ROOT, "%s cells=%d runs=%d seconds=%.1f runs_per_second=%.2f failed=%d", runner,
                r.sweep().design().cells().size(), runs, seconds, runs / seconds, r.failures().size());
    }
}
