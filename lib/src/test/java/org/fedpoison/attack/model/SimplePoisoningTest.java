package org.fedpoison.attack.model;

import static org.fedpoison.attack.Fixtures.vec;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedpoison.attack.Fixtures;
import org.fedpoison.attack.model.ALittleIsEnough;
import org.fedpoison.attack.model.ConstrainAndScale;
import org.fedpoison.attack.model.GaussianNoise;
import org.fedpoison.attack.model.InnerProductManipulation;
import org.fedpoison.attack.model.NonFinite;
import org.fedpoison.attack.model.NormalQuantile;
import org.fedpoison.attack.model.SignFlip;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sign flip, Gaussian noise, non-finite values, IPM and ALIE on hand-checkable vectors. */
class SimplePoisoningTest {

    private static final ClientUpdate OWN = new ClientUpdate(9, vec(1.0, -2.0, 0.5), 10);
    private static final List<ClientUpdate> PEERS = List.of(
            new ClientUpdate(0, vec(1, 2, 3), 10),
            new ClientUpdate(1, vec(3, 2, 1), 10),
            new ClientUpdate(2, vec(2, 2, 2), 10));

    @Test
    void signFlipNegatesAndScales() {
        RoundContext ctx = Fixtures.ctx(0, vec(0, 0, 0), 1, 4, List.of());
        assertEquals(vec(-1.0, 2.0, -0.5), SignFlip.of().poison(OWN, ctx).delta());
        assertEquals(vec(-3.0, 6.0, -1.5), SignFlip.of(3).poison(OWN, ctx).delta());
        assertThrows(IllegalArgumentException.class, () -> SignFlip.of(0));
    }

    @Test
    void gaussianNoiseIsSeededAndHasTheRightSpread() {
        INDArray zeros = Nd4j.zeros(DataType.DOUBLE, 1, 20000);
        ClientUpdate u = new ClientUpdate(3, zeros, 5);
        GaussianNoise g = GaussianNoise.replacing(0.5);
        INDArray a = g.poison(u, Fixtures.ctx(2, zeros, 77, 4, List.of())).delta();
        INDArray b = g.poison(u, Fixtures.ctx(2, zeros, 77, 4, List.of())).delta();
        INDArray c = g.poison(u, Fixtures.ctx(2, zeros, 78, 4, List.of())).delta();
        assertEquals(a, b, "same seed, same noise");
        assertNotEquals(a, c, "other seed, other noise");
        double sd = a.stdNumber().doubleValue();
        assertEquals(0.5, sd, 0.02, "sample std of 20000 draws");
        assertEquals(0.0, a.meanNumber().doubleValue(), 0.02);
        INDArray plus = GaussianNoise.additive(0.5).poison(new ClientUpdate(3, zeros.add(1.0), 5),
                Fixtures.ctx(2, zeros, 77, 4, List.of())).delta();
        assertTrue(plus.sub(1.0).distance2(a) < 1e-12, "additive = honest + the same noise");
    }

    @Test
    void nonFiniteReplacesTheRequestedShare() {
        RoundContext ctx = Fixtures.ctx(0, vec(0, 0, 0), 1, 4, List.of());
        INDArray all = NonFinite.nan().poison(OWN, ctx).delta();
        for (int i = 0; i < 3; i++) {
            assertTrue(Double.isNaN(all.getDouble(i)));
        }
        ClientUpdate big = new ClientUpdate(1, Nd4j.ones(DataType.FLOAT, 1, 100), 3);
        INDArray some = NonFinite.of(Double.NEGATIVE_INFINITY, 0.1).poison(big, ctx).delta();
        int inf = 0;
        for (int i = 0; i < 100; i++) {
            double v = some.getDouble(i);
            if (v == Double.NEGATIVE_INFINITY) {
                inf++;
            } else {
                assertEquals(1.0, v);
            }
        }
        assertEquals(10, inf);
        assertThrows(IllegalArgumentException.class, () -> NonFinite.of(3.0, 1.0));
    }

    @Test
    void innerProductManipulationSendsNegatedPeerMean() {
        RoundContext ctx = Fixtures.ctx(0, vec(0, 0, 0), 1, 4, PEERS);
        assertEquals(vec(-1.0, -1.0, -1.0), InnerProductManipulation.of(0.5).poison(OWN, ctx).delta());
        assertTrue(InnerProductManipulation.of(0.5).needsPeers());
    }

    @Test
    void aLittleIsEnoughSendsMeanMinusZStdOfTheBenignUpdates() {
        // by default over the peers only: coordinate 0 values {1,3,2}: mean 2, population std sqrt(2/3)
        RoundContext ctx = Fixtures.ctx(0, vec(0, 0, 0), 1, 4, PEERS);
        INDArray d = ALittleIsEnough.withZ(2.0).poison(OWN, ctx).delta();
        assertEquals(2 - 2 * Math.sqrt(2.0 / 3), d.getDouble(0), 1e-12);
        assertEquals(2.0, d.getDouble(1), 1e-12, "coordinate 1: {2,2,2}, no spread");
        // pooled with its own (1,-2,0.5): coordinate 0 {1,1,3,2}: mean 1.75, std sqrt(0.6875)
        INDArray pooled = ALittleIsEnough.withZ(2.0).knowing(org.fedpoison.attack.Knowledge.BENIGN_AND_OWN)
                .poison(OWN, ctx).delta();
        assertEquals(1.75 - 2 * Math.sqrt(0.6875), pooled.getDouble(0), 1e-12);
        // coordinate 1: {-2,2,2,2}: mean 1, std sqrt(3)
        assertEquals(1 - 2 * Math.sqrt(3), pooled.getDouble(1), 1e-12);
    }

    @Test
    void zMaxFollowsTheNormalQuantile() {
        // n = 50, m = 24: s = 26 - 24 = 2, Phi^{-1}(48/50) = Phi^{-1}(0.96) = 1.750686
        assertEquals(1.750686, ALittleIsEnough.zMax(50, 24), 1e-5);
        // n = 10, m = 1: s = 5, Phi^{-1}(0.5) = 0
        assertEquals(0.0, ALittleIsEnough.zMax(10, 1), 1e-9);
        assertEquals(1.959964, NormalQuantile.of(0.975), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> ALittleIsEnough.zMax(10, 10));
    }

    @Test
    void constrainAndScaleRespectsTheBound() {
        RoundContext ctx = Fixtures.ctx(0, vec(0, 0, 0), 1, 4, PEERS);
        // boost 10: (10, -20, 5), norm 22.9 > 3 -> scaled to norm 3
        INDArray d = ConstrainAndScale.of(10, 3, 0).poison(OWN, ctx).delta();
        assertEquals(3.0, d.norm2Number().doubleValue(), 1e-12);
        assertEquals(0.0, d.div(d.norm2Number()).distance2(OWN.delta().div(OWN.delta().norm2Number())), 1e-12,
                "projection keeps the direction");
        // under the bound the boost is kept as is
        assertEquals(vec(2.0, -4.0, 1.0), ConstrainAndScale.of(2, 100, 0).poison(OWN, ctx).delta());
        // anomaly weight 1 gives the peers' mean (2,2,2)
        INDArray mixed = ConstrainAndScale.of(2, 100, 1).poison(OWN, ctx).delta();
        assertTrue(mixed.distance2(vec(2, 2, 2)) < 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ConstrainAndScale.of(2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ConstrainAndScale.of(2, 1, 1.5));
    }
}
