package org.fedpoison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.attack.Knowledge;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.attack.model.ALittleIsEnough;
import org.fedpoison.attack.model.InnerProductManipulation;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.attack.model.SignFlip;
import org.fedpoison.core.Dataset;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.Mlp;
import org.fedpoison.util.NativeThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Misuses of the public API that issue 12 lists, each with the error it must give (naming the
 * setting or client, the value and what is allowed) or the documented behaviour it must have.
 * The misuses that concern a whole simulation are in {@code fl/SimulationMisuseTest}.
 */
class MisuseTest {
    static final TrainTest DIGITS = Datasets.digits();

    /** Asserts that {@code call} throws an IllegalArgumentException whose message holds every fragment. */
    static IllegalArgumentException assertRefused(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" should contain \"" + f + "\"");
        }
        return e;
    }

    @Test
    void aTriggerOf255OnPixelsInZeroOneIsRefusedNamingTheClient() {
        Dataset local = Partitioners.iid().partition(DIGITS.train(), 5, 1).get(0);
        PixelPatternBackdoor wrongScale = PixelPatternBackdoor.of(Trigger.square(0, 0, 2, 255f), 0, 0.5);
        MaliciousClient c = MaliciousClient.builder(3, local).dataPoisoning(wrongScale).build();
        assertRefused(c::poisonedData, "client 3", "trigger value is 255.0", "must lie in [-1.0, 2.0]", "[0.0, 1.0]");
        // the right scale is accepted
        PixelPatternBackdoor white = PixelPatternBackdoor.of(Trigger.square(0, 0, 2, 1f), 0, 0.5);
        assertEquals(local.size(), MaliciousClient.builder(3, local).dataPoisoning(white).build().poisonedData().size());
    }

    @Test
    void aNanInModelReplacementsTargetIsRefusedWhenBuilt() {
        INDArray target = Mlp.of(64, 8, 10).init(1);
        target.putScalar(17, Double.NaN);
        for (ModelReplacement.Weighting w : ModelReplacement.Weighting.values()) {
            assertRefused(() -> ModelReplacement.exact(target, w), "targetParams[17] is NaN", "must be finite");
        }
        assertRefused(() -> ModelReplacement.estimated(target), "targetParams[17] is NaN");
        assertRefused(() -> ModelReplacement.exact(null, ModelReplacement.Weighting.EQUAL), "targetParams is null");
    }

    @Test
    void boostedTakesTheWeightAndBoostedByTheFactorAndEachSaysWhichItIs() {
        assertRefused(() -> ModelReplacement.boosted(20), "alpha (the attacker's FedAvg weight",
                "is 20.0", "must be in (0, 1]", "use boostedBy(20.0)");
        assertRefused(() -> ModelReplacement.boostedBy(0.05), "gamma (the boost factor) is 0.05",
                "must be finite and >= 1", "use boosted(0.05)");
        assertRefused(() -> ModelReplacement.boostedBy(Double.NaN), "gamma (the boost factor) is NaN");
        assertEquals(ModelReplacement.boosted(0.05).name(), ModelReplacement.boostedBy(20).name());
    }

    @Test
    void knowledgeSettingsThatCannotWorkAreRefused() {
        assertRefused(() -> ALittleIsEnough.withZ(1).knowing(Knowledge.OWN_UPDATE), "knowledge is OWN_UPDATE",
                "must be BENIGN_UPDATES or BENIGN_AND_OWN");
        assertRefused(() -> SignFlip.of().knowing(null), "knowledge is null");
        assertRefused(() -> InnerProductManipulation.of(1).knowing(null), "knowledge is null");
        assertRefused(() -> SignFlip.of(-1), "SignFlip: scale is -1.0", "must be finite and > 0");
        assertRefused(() -> InnerProductManipulation.of(0), "epsilon is 0.0", "must be finite and > 0");
    }

    @Test
    void fedAvgOfNullSaysNullAndOfNothingSaysEmpty() {
        IllegalArgumentException onNull = assertRefused(() -> FedAvg.sampleWeighted().aggregate(null), "FedAvg");
        assertTrue(onNull.getMessage().contains("null"), onNull.getMessage());
        IllegalArgumentException onEmpty = assertRefused(() -> FedAvg.sampleWeighted().aggregate(new ArrayList<>()),
                "FedAvg");
        assertTrue(onEmpty.getMessage().contains("0") || onEmpty.getMessage().contains("empty"), onEmpty.getMessage());
    }

    @Test
    void aBadBlasThreadsPropertyIsNamed() {
        String old = System.getProperty(NativeThreads.PROPERTY);
        try {
            System.setProperty(NativeThreads.PROPERTY, "zero");
            assertRefused(NativeThreads::blasThreads, "fedpoison.blasThreads", "'zero'", "integer >= 1");
            System.setProperty(NativeThreads.PROPERTY, "0");
            assertRefused(NativeThreads::blasThreads, "'0'");
        } finally {
            if (old == null) {
                System.clearProperty(NativeThreads.PROPERTY);
            } else {
                System.setProperty(NativeThreads.PROPERTY, old);
            }
        }
        assertEquals(1, NativeThreads.blasThreads());
    }

    @Test
    void aDataPoisoningReturningNothingIsNamed() {
        Dataset local = Partitioners.iid().partition(DIGITS.train(), 5, 1).get(0);
        MaliciousClient c = MaliciousClient.builder(4, local)
                .dataPoisoning(org.fedpoison.core.DataPoisoning.named("broken", (clean, id, seed) -> null)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::poisonedData);
        assertTrue(e.getMessage().contains("client 4") && e.getMessage().contains("broken"), e.getMessage());
    }
}
