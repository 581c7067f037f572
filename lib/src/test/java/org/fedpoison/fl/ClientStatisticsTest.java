package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.fl.SimulationTest.Fixed;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Parallel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-client statistics of a round, computed by blocks, lanes and threads, are those of the
 * plain two-pass loop bit for bit: the sum of the accepted updates first, then each client's
 * squared norm and dot product with that sum, each one running sum in coordinate order.
 */
class ClientStatisticsTest {

    /** The reference: the plain loops the statistics were defined by, one client and one coordinate at a time. */
    private static List<ClientRecord> reference(List<Client> sampled, ClientUpdate[] updates, boolean[] dropped,
                                                List<ClientUpdate> accepted, int d) {
        double[] sum = new double[d];
        long total = 0;
        for (ClientUpdate u : accepted) {
            float[] x = FlatVectors.toArray(u.delta());
            for (int j = 0; j < d; j++) {
                sum[j] += x[j];
            }
            total += u.numExamples();
        }
        double sumSq = 0;
        for (double v : sum) {
            sumSq += v * v;
        }
        List<ClientRecord> out = new ArrayList<>();
        for (int i = 0; i < sampled.size(); i++) {
            float[] x = FlatVectors.toArray(updates[i].delta());
            double sq = 0;
            double dot = 0;
            for (int j = 0; j < d; j++) {
                double v = x[j];
                sq += v * v;
                dot += v * sum[j];
            }
            double norm = Math.sqrt(sq);
            double cos = Double.NaN;
            double weight = 0;
            if (!dropped[i]) {
                if (accepted.size() > 1) {
                    double othersSq = Math.max(0, sumSq - 2 * dot + sq);
                    double denom = norm * Math.sqrt(othersSq);
                    cos = denom > 0 ? Math.max(-1, Math.min(1, (dot - sq) / denom)) : Double.NaN;
                }
                weight = total > 0 ? (double) updates[i].numExamples() / total : 0;
            }
            Client c = sampled.get(i);
            out.add(new ClientRecord(c.id(), c.isMalicious(), norm, cos, weight, updates[i].numExamples()));
        }
        return out;
    }

    /** A round of {@code m} random updates of {@code d} values, every third one holding a NaN (dropped). */
    private static void check(int m, int d, int threads, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Client> sampled = new ArrayList<>();
        ClientUpdate[] updates = new ClientUpdate[m];
        boolean[] dropped = new boolean[m];
        List<ClientUpdate> accepted = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            float[] x = new float[d];
            double scale = Math.exp(rng.nextDouble(-3, 3));
            for (int j = 0; j < d; j++) {
                x[j] = (float) (scale * (rng.nextDouble() - 0.3));
            }
            dropped[i] = i % 3 == 2;
            if (dropped[i]) {
                x[rng.nextInt(d)] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
            }
            long n = 1 + rng.nextInt(50);
            sampled.add(new Fixed(10 + i, n, x, i % 4 == 1));
            INDArray delta = FlatVectors.of(x);
            if (i % 5 == 4) { // a view with an offset: read through a copy
                INDArray wide = Nd4j.createFromArray(new float[d + 3]);
                delta = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, d + 3));
                delta.assign(FlatVectors.of(x));
            }
            updates[i] = new ClientUpdate(10 + i, delta, n);
            if (!dropped[i]) {
                accepted.add(updates[i]);
            }
        }
        List<ClientRecord> want = reference(sampled, updates, dropped, accepted, d);
        List<ClientRecord> got;
        try (Parallel p = Parallel.of(threads)) {
            got = Parallel.with(p, () -> ClientStatistics.of(sampled, updates, dropped, accepted, d));
        }
        assertEquals(want.size(), got.size());
        for (int i = 0; i < m; i++) {
            ClientRecord w = want.get(i);
            ClientRecord g = got.get(i);
            String what = "m=" + m + " d=" + d + " threads=" + threads + " client " + i;
            assertEquals(Double.doubleToRawLongBits(w.norm()), Double.doubleToRawLongBits(g.norm()), what + " norm");
            assertEquals(Double.doubleToRawLongBits(w.cosineToOthers()), Double.doubleToRawLongBits(g.cosineToOthers()),
                    what + " cosine");
            assertEquals(w, g, what);
        }
    }

    @Test
    void blocksLanesAndThreadsGiveThePlainLoopsBitForBit() {
        // d across several blocks and not a multiple of one; m around the lane count; 1 to 3 threads
        int d = 2 * ClientStatistics.BLOCK + 37;
        for (int m : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 13}) {
            for (int threads : new int[] {1, 2, 3}) {
                check(m, d, threads, 31L * m + threads);
            }
        }
        check(6, 5, 2, 7); // a model smaller than one block
    }

    @Test
    void enoughWorkSpreadsOverTheThreadsWithTheSameBits() {
        // large enough (m * d over Parallel.MIN_PARALLEL_VALUES per thread) for forRanges to split
        int d = 3 * ClientStatistics.BLOCK + 11;
        assertTrue((long) 41 * d > 2 * Parallel.MIN_PARALLEL_VALUES);
        for (int threads : new int[] {1, 2, 4}) {
            check(41, d, threads, 5);
        }
    }

    @Test
    void noAcceptedUpdateGivesNormsAndNoCosine() {
        float[] x = {3, 4, Float.NaN};
        List<Client> sampled = List.of(new Fixed(0, 2, x, false));
        ClientUpdate[] updates = {new ClientUpdate(0, FlatVectors.of(x), 2)};
        List<ClientRecord> r = ClientStatistics.of(sampled, updates, new boolean[] {true}, List.of(), 3);
        assertTrue(Double.isNaN(r.get(0).norm()));
        assertTrue(Double.isNaN(r.get(0).cosineToOthers()));
        assertEquals(0.0, r.get(0).weight());
    }
}
