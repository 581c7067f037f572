package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.openblas.global.openblas;
import org.fedpoison.aggregate.TrimmedMean;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.model.ALittleIsEnough;
import org.fedpoison.attack.model.ConstrainAndScale;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.Mlp;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.NativeThreads;
import org.junit.jupiter.api.Test;

/**
 * The same simulation run in child JVMs under different {@code OMP_NUM_THREADS} (unset, 1, 2, 4)
 * gives the same history bit for bit, because the library sets OpenBLAS to one thread itself; and
 * the fixture can tell: with OpenBLAS on 2 threads ({@code -Dfedpoison.blasThreads=2}) its bits differ.
 */
class OmpIndependenceTest {

    /** Runs the fixture and prints {@code blas=<threads> digest=<sha-256 of the history's bits>}. */
    public static void main(String[] args) throws NoSuchAlgorithmException {
        History h = fixture();
        System.out.println("blas=" + openblas.blas_get_num_threads() + " digest=" + digest(h));
    }

    /** Digits, an MLP whose evaluation products are large enough for OpenBLAS to split, ALIE and constrain-and-scale. */
    static History fixture() {
        TrainTest digits = Datasets.digits();
        List<Dataset> parts = Partitioners.iid().partition(digits.train(), 8, 3);
        List<Client> clients = new ArrayList<>(Clients.honest(parts));
        clients.set(0, MaliciousClient.builder(0, parts.get(0)).modelPoisoning(ALittleIsEnough.withZ(1.0)).build());
        clients.set(1, MaliciousClient.builder(1, parts.get(1))
                .modelPoisoning(ConstrainAndScale.of(4, 2.0, 0.3)).build());
        return Simulation.builder().model(Mlp.of(64, 128, 10)).clients(clients).test(digits.test())
                .aggregator(TrimmedMean.of(2)).rounds(3).seed(11).threads(2).build().run();
    }

    static String digest(History h) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (float v : FlatVectors.toArray(h.finalParams())) {
            md.update(ByteBuffer.allocate(4).putInt(Float.floatToRawIntBits(v)).array());
        }
        for (double[] series : new double[][] {h.loss(), h.accuracy()}) {
            for (double v : series) {
                md.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(v)).array());
            }
        }
        for (RoundRecord r : h.rounds()) {
            for (ClientRecord c : r.clients()) {
                md.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(c.norm())).array());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Runs {@link #main} in a child JVM with {@code OMP_NUM_THREADS=omp} (null: unset) and returns its last line. */
    static String child(String omp, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(OmpIndependenceTest.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        if (omp == null) {
            env.remove("OMP_NUM_THREADS");
        } else {
            env.put("OMP_NUM_THREADS", omp);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM did not finish");
        assertEquals(0, p.exitValue(), "child JVM (OMP_NUM_THREADS=" + omp + ") failed:\n" + out);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void historyBitsDoNotDependOnOmpNumThreads() throws Exception {
        String one = child("1");
        assertTrue(one.startsWith("blas=1 digest="), one);
        for (String omp : new String[] {null, "2", "4"}) {
            assertEquals(one, child(omp), "OMP_NUM_THREADS=" + omp + " against 1");
        }
        // the fixture is sensitive: OpenBLAS on 2 threads (asked for explicitly) adds in another order
        String two = child("1", "-D" + NativeThreads.PROPERTY + "=2");
        assertTrue(two.startsWith("blas=2 "), two);
        assertNotEquals(one.substring("blas=1 ".length()), two.substring("blas=2 ".length()),
                "a 2-thread OpenBLAS should change the last bits of this fixture");
    }
}
