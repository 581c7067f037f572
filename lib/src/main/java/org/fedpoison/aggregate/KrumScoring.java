package org.fedpoison.aggregate;

import java.util.Arrays;

/** Krum's scores over squared distances and the score order: shared by Krum, Multi-Krum and Bulyan. */
final class KrumScoring {

    private KrumScoring() {}

    /**
     * Krum scores (Blanchard et al., 2017) within a candidate set: for each candidate i, the sum of
     * its {@code max(0, |R| - f - 2)} smallest squared distances to the other candidates.
     *
     * @param dist       pairwise squared distances over the whole batch
     * @param candidates canonical positions forming the candidate set R
     * @return the score of each candidate, in the order of {@code candidates}
     */
    static double[] krumScores(double[][] dist, int[] candidates, int f) {
        int r = candidates.length;
        int neighbours = Math.max(0, r - f - 2);
        double[] scores = new double[r];
        double[] row = new double[Math.max(1, r - 1)];
        for (int a = 0; a < r; a++) {
            int q = 0;
            for (int c = 0; c < r; c++) {
                if (c != a) {
                    row[q++] = dist[candidates[a]][candidates[c]];
                }
            }
            Arrays.sort(row, 0, q);
            double s = 0;
            for (int t = 0; t < neighbours; t++) {
                s += row[t];
            }
            scores[a] = s;
        }
        return scores;
    }

    /**
     * The candidates ordered by ascending score; equal scores are ordered by the content of the
     * deltas (lexicographically), so the order depends on the values only, never on the clients'
     * order or ids.
     */
    static int[] orderByScore(RoundUpdates b, int[] candidates, double[] scores) {
        Integer[] idx = new Integer[candidates.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> {
            int c = Double.compare(scores[x], scores[y]);
            return c != 0 ? c : b.compareContent(candidates[x], candidates[y]);
        });
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = candidates[idx[i]];
        }
        return out;
    }

    /** {@code 0, 1, ..., n-1}. */
    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
