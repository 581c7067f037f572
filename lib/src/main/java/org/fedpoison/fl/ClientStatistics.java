package org.fedpoison.fl;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;

/**
 * What the server sees of each sampled client in a round ({@link ClientRecord}): the norm of its
 * update, the cosine of its update to the sum of the other accepted updates, and its sample
 * weight among the accepted updates (0 for a dropped one). Sums run in double, in client order.
 * The updates are read in place, a block at a time ({@link FlatVectors#floats}), never copied
 * whole: at 10,000 clients a copy per update and pass was 6 GB of garbage per round.
 */
final class ClientStatistics {
    private ClientStatistics() {}

    /** Elements read per block (64 KiB of floats, in the L2 cache). */
    private static final int BLOCK = 1 << 14;

    /**
     * @param sampled   the sampled clients, in id order
     * @param updates   their updates, same order
     * @param isDropped whether each update was dropped, same order
     * @param accepted  the accepted updates
     * @param d         the model's number of parameters
     */
    static List<ClientRecord> of(List<Client> sampled, ClientUpdate[] updates, boolean[] isDropped,
                                 List<ClientUpdate> accepted, int d) {
        double[] sum = new double[d];
        float[] block = new float[Math.min(d, BLOCK)];
        long totalExamples = 0;
        for (ClientUpdate u : accepted) {
            FloatBuffer x = FlatVectors.floats(u.delta());
            for (int start = 0; start < d; start += BLOCK) {
                int len = Math.min(BLOCK, d - start);
                x.get(start, block, 0, len);
                for (int j = 0; j < len; j++) {
                    sum[start + j] += block[j];
                }
            }
            Reference.reachabilityFence(u); // x may read the delta's off-heap memory
            totalExamples += u.numExamples();
        }
        double sumSq = 0;
        for (double v : sum) {
            sumSq += v * v;
        }
        int na = accepted.size();
        List<ClientRecord> out = new ArrayList<>(sampled.size());
        for (int i = 0; i < sampled.size(); i++) {
            Client c = sampled.get(i);
            FloatBuffer x = FlatVectors.floats(updates[i].delta());
            double sq = 0;
            double dotSum = 0;
            for (int start = 0; start < d; start += BLOCK) {
                int len = Math.min(BLOCK, d - start);
                x.get(start, block, 0, len);
                for (int j = 0; j < len; j++) {
                    double v = block[j];
                    sq += v * v;
                    dotSum += v * sum[start + j];
                }
            }
            Reference.reachabilityFence(updates[i]);
            double norm = Math.sqrt(sq);
            double cos = Double.NaN;
            double weight = 0;
            if (!isDropped[i]) {
                if (na > 1) {
                    // others = sum - x:  <x, others> = <x, sum> - |x|^2,  |others|^2 = |sum|^2 - 2<x, sum> + |x|^2
                    double othersSq = Math.max(0, sumSq - 2 * dotSum + sq);
                    double denom = norm * Math.sqrt(othersSq);
                    cos = denom > 0 ? Math.max(-1, Math.min(1, (dotSum - sq) / denom)) : Double.NaN;
                }
                weight = totalExamples > 0 ? (double) updates[i].numExamples() / totalExamples : 0;
            }
            out.add(new ClientRecord(c.id(), c.isMalicious(), norm, cos, weight, updates[i].numExamples()));
        }
        return out;
    }
}
