package org.fedpoison.attack.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MimicryTest {
    private static double cos(INDArray a, INDArray b) {
        return FlatVectors.dot(a, b) / (FlatVectors.norm(a) * FlatVectors.norm(b));
    }

    @Test
    void sendsTheMedianNormAndTheMedianCosineToTheMean() {
        // peers [2,0,0], [0,2,0], [1,1,1]: mean [1, 1, 1/3]; norms 2, 2, sqrt 3 (median 2);
        // cosines to the mean 0.688, 0.688, 0.927 (median 0.688)
        List<ClientUpdate> peers = List.of(new ClientUpdate(1, Fixtures.vec(2, 0, 0), 1),
                new ClientUpdate(2, Fixtures.vec(0, 2, 0), 1), new ClientUpdate(3, Fixtures.vec(1, 1, 1), 1));
        ClientUpdate own = new ClientUpdate(0, Fixtures.vec(0, 0, 5), 1);
        RoundContext ctx = Fixtures.ctx(0, Fixtures.vec(0, 0, 0), 1, 4, peers);
        Mimicry m = Mimicry.medianStatistics();
        assertTrue(m.needsPeers());
        INDArray sent = m.poison(own, ctx).delta();
        INDArray mean = Fixtures.vec(1, 1, 1.0 / 3);
        assertEquals(2.0, FlatVectors.norm(sent), 1e-6, "the median honest norm");
        double medianCos = 2 / (2 * Math.sqrt(1 + 1 + 1.0 / 9));
        assertEquals(0.688, medianCos, 1e-3);
        assertEquals(medianCos, cos(sent, mean), 1e-6, "the median honest cosine to the mean");
        // the rest of the update points where the attacker's own did (its part orthogonal to the mean)
        INDArray e = mean.div(FlatVectors.norm(mean));
        INDArray ownPerp = own.delta().sub(e.mul(FlatVectors.dot(own.delta(), e)));
        INDArray sentPerp = sent.sub(e.mul(FlatVectors.dot(sent, e)));
        assertEquals(1.0, cos(ownPerp, sentPerp), 1e-6);
        assertEquals(1, m.poison(own, ctx).numExamples(), "the example count is kept");
    }

    @Test
    void withoutPeersTheUpdateIsSentAsIs() {
        ClientUpdate own = new ClientUpdate(0, Fixtures.vec(0, 0, 5), 1);
        assertSame(own, Mimicry.medianStatistics().poison(own, Fixtures.ctx(0, Fixtures.vec(0, 0, 0), 1, 1, List.of())));
    }
}
