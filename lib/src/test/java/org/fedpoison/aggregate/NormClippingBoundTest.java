package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** With clipping to B, one client moves an equally weighted mean of K deltas by at most 2B/K. */
class NormClippingBoundTest {

    @Test
    void oneClientMovesTheClippedMeanByAtMostTwoBOverK() {
        Random r = new Random(21);
        for (int trial = 0; trial < 300; trial++) {
            int k = 2 + r.nextInt(30);
            int d = 1 + r.nextInt(40);
            double b = Math.pow(10, r.nextInt(7) - 3);
            double[][] x = Fixtures.gaussian(r.nextLong(), k, d);
            for (double[] row : x) { // honest norms around the bound, some above, some below
                double s = b * 2 * r.nextDouble() / Math.sqrt(d);
                for (int j = 0; j < d; j++) {
                    row[j] *= s;
                }
            }
            NormClipping clip = NormClipping.of(b, TrimmedMean.of(0)); // TrimmedMean(0) is the plain mean
            double[] before = Fixtures.values(clip.aggregate(Fixtures.doubles(x)));
            int m = r.nextInt(k);
            double scale = Math.pow(10, r.nextInt(12)); // anything the attacker likes
            for (int j = 0; j < d; j++) {
                x[m][j] = r.nextGaussian() * scale;
            }
            double[] after = Fixtures.values(clip.aggregate(Fixtures.doubles(x)));
            double moved = 0;
            for (int j = 0; j < d; j++) {
                moved += (after[j] - before[j]) * (after[j] - before[j]);
            }
            moved = Math.sqrt(moved);
            // 1e-12 relative: rounding of double arithmetic only
            assertTrue(moved <= 2 * b / k * (1 + 1e-12), "K=" + k + " B=" + b + " moved " + moved);
        }
    }

    @Test
    void clippedDeltasHaveNormAtMostBAndKeepTheirDirection() {
        Random r = new Random(22);
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            double[][] x = Fixtures.gaussian(23, 10, 17);
            for (double[] row : x) {
                double s = Math.pow(10, r.nextInt(5) - 2);
                for (int j = 0; j < row.length; j++) {
                    row[j] *= s;
                }
            }
            List<ClientUpdate> u = Fixtures.updates(type, x);
            double b = 1.0;
            List<ClientUpdate> clipped = NormClipping.of(b, CoordinateMedian.of()).clip(u);
            double tol = type == DataType.FLOAT ? 1e-6 : 1e-12;
            for (int i = 0; i < u.size(); i++) {
                double norm = u.get(i).delta().castTo(DataType.DOUBLE).norm2Number().doubleValue();
                double clippedNorm = clipped.get(i).delta().castTo(DataType.DOUBLE).norm2Number().doubleValue();
                if (norm <= b) {
                    assertSame(u.get(i).delta(), clipped.get(i).delta());
                } else {
                    assertTrue(Math.abs(clippedNorm - b) <= b * tol, "norm " + clippedNorm);
                    double cos = Nd4j.getBlasWrapper().dot(u.get(i).delta().castTo(DataType.DOUBLE),
                            clipped.get(i).delta().castTo(DataType.DOUBLE)) / (norm * clippedNorm);
                    assertTrue(cos > 1 - tol, "cosine " + cos);
                }
                assertTrue(clipped.get(i).clientId() == u.get(i).clientId());
            }
        }
    }

    @Test
    void composesWithAnyRuleAndResetsIt() {
        FoolsGold fg = FoolsGold.of();
        NormClipping clip = NormClipping.of(1, fg);
        clip.aggregate(Fixtures.floats(Fixtures.gaussian(1, 3, 4)));
        assertTrue(fg.historySize() == 3);
        clip.reset();
        assertTrue(fg.historySize() == 0);
        assertTrue(clip.name().equals("NormClipping(B=1) > FoolsGold"), clip.name());
        assertTrue(NormClipping.of(0.7399698342135403, fg).name().startsWith("NormClipping(B=0.74) "));
        assertTrue(NormClipping.of(2500, fg).name().startsWith("NormClipping(B=2500) "));
    }
}
