package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FoolsGold's claim: any number of sybils pushing the same update share (here: lose) the weight,
 * while a plain mean follows them further as their number grows.
 */
class FoolsGoldSybilTest {

    @Test
    void sybilsSendingOneUpdateGetNoWeightHoweverManyTheyAre() {
        int honest = 10;
        int d = 50;
        double[][] h = Fixtures.gaussian(41, honest, d); // diverse (non-IID-like) honest deltas
        double[] target = new double[d];
        target[0] = 100; // the sybils' common push, far along coordinate 0
        double honestReach = 0; // the furthest any honest delta reaches along coordinate 0
        for (double[] row : h) {
            honestReach = Math.max(honestReach, Math.abs(row[0]));
        }
        for (int s : new int[] {2, 5, 10, 40}) {
            List<ClientUpdate> u = new ArrayList<>(Fixtures.doubles(h));
            for (int i = 0; i < s; i++) {
                u.add(new ClientUpdate(1000 + i, Nd4j.createFromArray(target.clone()), 10));
            }
            double fg = Fixtures.values(FoolsGold.of().aggregate(u))[0];
            double mean = Fixtures.values(TrimmedMean.of(0).aggregate(u))[0];
            // FoolsGold's aggregate is a convex combination of honest deltas only
            assertTrue(Math.abs(fg) <= honestReach, s + " sybils: FoolsGold moved to " + fg);
            // the plain mean is pulled at least s/(s+10) of the way to 100, less the honest reach
            assertTrue(mean >= 100.0 * s / (s + honest) - honestReach, s + " sybils: mean " + mean);
        }
    }
}
