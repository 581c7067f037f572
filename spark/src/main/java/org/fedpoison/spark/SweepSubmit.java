package org.fedpoison.spark;

import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.fedpoison.sweep.SweepFile;
import org.fedpoison.sweep.SweepMain;
import org.fedpoison.sweep.SweepProgress;
import org.fedpoison.sweep.SweepResult;

/**
 * Runs a sweep description ({@link SweepFile}) on Spark and prints one line of cost,
 * {@code runner=spark master=M cells=C runs=N seconds=S runs_per_second=R failed=F spark_start_seconds=T cpu_seconds=U load=L}
 * ({@code seconds} and {@code cpu_seconds}, this JVM's CPU time over all threads, count the sweep;
 * starting Spark is {@code spark_start_seconds}; {@code load} is the one-minute load average at the start).
 * <ul>
 *   <li>In process: {@code java <spark.jvm.options> -cp 'spark/target/fedpoison-spark.jar:spark/target/lib/*'
 *       org.fedpoison.spark.SweepSubmit my.sweep --master local[*]} (the default master);</li>
 *   <li>on a cluster: {@code spark-submit --master spark://host:7077 --class org.fedpoison.spark.SweepSubmit
 *       --jars <fedpoison.jar and its lib/*.jar, comma-separated> spark/target/fedpoison-spark.jar my.sweep}
 *       (without {@code --master} here: the master spark-submit was given is used).</li>
 * </ul>
 * The description file is read on the driver; only its settings travel to the executors, which
 * load the digits from the library's jar. {@code --out runs.csv} (or {@code out} in the file) is
 * written on the driver as tasks end, and a second submission resumes.
 */
public final class SweepSubmit {
    private SweepSubmit() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SweepSubmit <description file> [--master local[*]] [--runs-per-job N] [--out runs.csv]");
            System.exit(2);
        }
        String master = null;
        Path out = null;
        int runsPerJob = 0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--master" -> master = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--runs-per-job" -> runsPerJob = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("SweepSubmit: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SweepFile file;
        try {
            file = SweepFile.read(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println("SweepSubmit: " + e.getMessage());
            System.exit(2);
            return;
        }
        long t0 = System.nanoTime();
        boolean submitted = master == null && System.getProperty("spark.master") != null;   // set by spark-submit
        SparkRunner spark = submitted
                ? SparkRunner.on(new JavaSparkContext(new SparkConf().setAppName("fedpoison sweep " + file.sweep().name())))
                : SparkRunner.local(master == null ? "local[*]" : master);
        try {
            SparkRunner runner = spark.runsPerJob(runsPerJob);
            double start = (System.nanoTime() - t0) / 1e9;
            double load = SweepMain.loadAverage();
            long cpu0 = SweepMain.processCpuNanos();
            long t1 = System.nanoTime();
            SweepResult r = file.sweep().run(runner, out != null ? out : file.out(), SweepProgress.console(file.sweep().name(), System.err));
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.println(SweepMain.costLine("runner=spark master=" + runner.context().master(), r, seconds)
                    + String.format(java.util.Locale.ROOT, " spark_start_seconds=%.1f cpu_seconds=%.1f load=%.1f", start,
                            (SweepMain.processCpuNanos() - cpu0) / 1e9, load));
        } finally {
            spark.context().stop();   // this program is the application: its context ends with it, also under spark-submit
        }
    }
}
