package org.fedpoison.leverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeanEstimationTest {

    /** Output 35.4.1, copied from the text. */
    private static final String OUTPUT_35_4_1 = """
            clients K                 : 20
            honest global estimate    : 4.9367
            single-client leverage    : 0.0500  (1/K)
            after one sign-flip client: 4.4367  (shift -0.5000)
            attacker target value     : 0.0000
            crafted scaled update     : -93.7341
            after scaling attack      : 0.0000  (hit target? True)""";

    @Test
    void printsTheTextsOutputCharacterForCharacter() {
        assertEquals(OUTPUT_35_4_1, MeanEstimation.ofText().run().report());
    }

    @Test
    void honestReportsBeginWithTheIssuesKnownValues() {
        double[] w = MeanEstimation.ofText().honestReports();
        assertEquals(20, w.length);
        assertEquals(5.00024603, w[0], 5e-9);
        assertEquals(5.05974911, w[1], 5e-9);
        assertEquals(4.94517243, w[2], 5e-9);
    }

    @Test
    void signFlipMovesTheMeanByTheLeverageFormula() {
        MeanEstimation task = new MeanEstimation(8, 2.0, 0.5, 3);
        double[] w = task.honestReports();
        MeanEstimation.Result r = task.run(5, -2.0, 1.0);
        assertEquals(Leverage.shift(-2.0, w[5], 8), r.flipShift(), 1e-12);
        assertEquals(0.125, r.leverage(), 0.0);
    }

    @Test
    void replacementHitsAnyTargetForAnyAttacker() {
        for (int m = 0; m < 5; m++) {
            for (double target : new double[] {-3.0, 0.0, 1e3}) {
                MeanEstimation.Result r = new MeanEstimation(5, 1.0, 1.0, 42).run(m, 0.0, target);
                assertTrue(r.hitTarget(), "m = " + m + ", target = " + target + ": " + r.replaceGlobal());
                assertEquals(Leverage.replacementUpdate(target, new MeanEstimation(5, 1.0, 1.0, 42).honestReports(), m),
                        r.craftedUpdate(), 1e-9);
            }
        }
    }

    @Test
    void missingTheTargetPrintsFalse() {
        MeanEstimation.Result r = new MeanEstimation.Result(3, 1, 1.0 / 3, 0.5, 0.0, -3, 1e-6);
        assertTrue(r.report().endsWith("(hit target? False)"), r.report());
        assertTrue(r.report().contains("0.0000  (hit"), r.report());
    }

    @Test
    void badSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeanEstimation(0, 5, 0.2, 7));
        assertTrue(e.getMessage().contains("numClients = 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MeanEstimation(3, 5, -0.2, 7));
        assertThrows(IllegalArgumentException.class, () -> new MeanEstimation(3, Double.NaN, 0.2, 7));
        assertThrows(IllegalArgumentException.class, () -> new MeanEstimation(3, 5, 0.2, -7));
        assertThrows(IllegalArgumentException.class, () -> MeanEstimation.ofText().run(20, -5, 0));
    }
}
