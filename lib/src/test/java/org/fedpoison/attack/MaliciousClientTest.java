package org.fedpoison.attack;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.attack.model.InnerProductManipulation;
import org.fedpoison.attack.model.SignFlip;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MaliciousClientTest {

    private static final Dataset LOCAL = Fixtures.images3x3(12, 3);
    private static final Model MODEL = new Fixtures.HebbianModel(9, 3);
    private static final TrainConfig CFG = new TrainConfig(1, 4, 0.5);

    private static RoundContext ctx(int round) {
        INDArray g = MODEL.init(1);
        return new RoundContext(round, g, MODEL, 1234 + round, 5, List.of());
    }

    private static ClientUpdate honest(int round) {
        RoundContext c = ctx(round);
        return ClientUpdate.fromParams(4, MODEL.train(c.global(), LOCAL, CFG, c.seed()), c.global(), LOCAL.size());
    }

    @Test
    void inactiveRoundsAreHonest() {
        MaliciousClient m = MaliciousClient.builder(4, LOCAL).train(CFG)
                .dataPoisoning(LabelFlip.allToOne(0, 1.0)).modelPoisoning(SignFlip.of(5))
                .schedule(Schedule.oneShot(3)).build();
        assertEquals(honest(2).delta(), m.update(ctx(2)).delta());
        ClientUpdate fromHonest = org.fedpoison.fl.HonestClient.of(4, LOCAL, CFG).update(ctx(2));
        assertEquals(fromHonest.delta().reshape(-1), m.update(ctx(2)).delta().reshape(-1),
                "the same update an honest client sends");
        assertEquals(fromHonest.numExamples(), m.update(ctx(2)).numExamples());
        assertEquals(12, m.update(ctx(2)).numExamples());
        assertTrue(m.isMalicious());
    }

    @Test
    void activeRoundsTrainOnPoisonThenRewrite() {
        MaliciousClient dataOnly = MaliciousClient.builder(4, LOCAL).train(CFG)
                .dataPoisoning(LabelFlip.allToOne(0, 1.0)).build();
        RoundContext c = ctx(3);
        INDArray expected = MODEL.train(c.global(), LabelFlip.allToOne(0, 1.0).poison(LOCAL, 4, 0), CFG, c.seed())
                .sub(c.global());
        assertEquals(expected, dataOnly.update(c).delta());
        assertNotEquals(honest(3).delta(), dataOnly.update(c).delta());

        MaliciousClient both = MaliciousClient.builder(4, LOCAL).train(CFG)
                .dataPoisoning(LabelFlip.allToOne(0, 1.0)).modelPoisoning(SignFlip.of(2)).build();
        assertEquals(expected.mul(-2), both.update(c).delta());
    }

    @Test
    void poisonedDataIsFixedBySeedAndReportedCountCanLie() {
        MaliciousClient a = MaliciousClient.builder(4, LOCAL).dataPoisoning(LabelFlip.random(0.5)).seed(7).build();
        MaliciousClient b = MaliciousClient.builder(4, LOCAL).dataPoisoning(LabelFlip.random(0.5)).seed(7).build();
        assertArrayEquals(a.poisonedData().labels(), b.poisonedData().labels());
        MaliciousClient liar = MaliciousClient.builder(4, LOCAL).claimedExamples(10_000).build();
        assertEquals(10_000, liar.numExamples());
        assertEquals(10_000, liar.update(ctx(0)).numExamples());
    }

    @Test
    void observesPeersOnlyWhenItsAttackNeedsThem() {
        assertFalse(MaliciousClient.builder(1, LOCAL).modelPoisoning(SignFlip.of()).build().observesPeers());
        assertTrue(MaliciousClient.builder(1, LOCAL).modelPoisoning(InnerProductManipulation.of(1)).build()
                .observesPeers());
        assertTrue(MaliciousClient.builder(1, LOCAL).schedule(Schedule.oneShot(2).fixedPool()).build()
                .forcedParticipation(2));
        assertFalse(MaliciousClient.builder(1, LOCAL).schedule(Schedule.oneShot(2)).build().forcedParticipation(2));
    }

    @Test
    void rejectsBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaliciousClient.builder(8, LOCAL.subset(new int[0])));
        assertTrue(e.getMessage().contains("client 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaliciousClient.builder(8, LOCAL).claimedExamples(-1));
    }
}
