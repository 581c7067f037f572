package org.fedpoison.leverage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Leverage formulas on 3-client fixtures that can be checked by hand. */
class LeverageTest {

    @Test
    void sharesAreWeightsOverTheirSum() {
        double[] counts = {1, 3, 4}; // sum 8
        assertArrayEquals(new double[] {0.125, 0.375, 0.5}, Leverage.shares(counts), 0.0);
        assertEquals(0.375, Leverage.share(counts, 1), 0.0);
        assertEquals(0.0, Leverage.share(new double[] {0, 2}, 0), 0.0);
    }

    @Test
    void shiftIsTheGapOverK() {
        assertEquals(-0.5, Leverage.shift(-5.0, 5.0, 20), 1e-15); // the text's sign flip: (−5 − 5)/20
        assertArrayEquals(new double[] {1.0, -2.0, 0.0},
                Leverage.shift(new double[] {4, -5, 1}, new double[] {1, 1, 1}, 3), 1e-15);
    }

    @Test
    void shiftEqualsTheChangeOfTheMean() {
        double[] honest = {1, 2, 6};
        double[] poisoned = {1, 2, 30};
        double delta = Leverage.shift(30, 6, 3);
        double before = (1 + 2 + 6) / 3.0;
        double after = (1 + 2 + 30) / 3.0;
        assertEquals(after - before, delta, 1e-12);
        assertEquals(Leverage.weightedMean(poisoned, new double[] {1, 1, 1})
                - Leverage.weightedMean(honest, new double[] {1, 1, 1}), delta, 1e-12);
    }

    @Test
    void clippingBoundIsTwoBOverKAndHoldsForClippedReports() {
        assertEquals(0.1, Leverage.clippingBound(1.0, 20), 1e-15);
        // worst case: honest at −B, malicious at +B along one direction
        double B = 1.5;
        int K = 3;
        double[] honestM = {-B, 0};
        double[] malicious = {B, 0};
        assertEquals(Leverage.clippingBound(B, K), Leverage.norm(Leverage.shift(malicious, honestM, K)), 1e-15);
        double[] other = {0.6, -1.2}; // norm ≤ B
        assertTrue(Leverage.norm(Leverage.shift(other, honestM, K)) <= Leverage.clippingBound(B, K));
    }

    @Test
    void weightedMeanByHand() {
        // (1·2 + 3·4 + 4·10) / 8 = 54/8
        assertEquals(6.75, Leverage.weightedMean(new double[] {2, 4, 10}, new double[] {1, 3, 4}), 1e-15);
        double[][] u = {{2, 0, 1}, {4, 8, 1}, {10, 0, 1}};
        assertArrayEquals(new double[] {6.75, 3.0, 1.0}, Leverage.weightedMean(u, new double[] {1, 3, 4}), 1e-15);
    }

    @Test
    void replacementLandsOnTheTarget() {
        double[] counts = {1, 3, 4};
        double[] reports = {99, 4, 10}; // client 0's own value is ignored
        // α = (1/8, 3/8, 4/8): w_0 = 8·(t − (3/8)·4 − (4/8)·10) = 8t − 12 − 40
        double w0 = Leverage.replacementUpdate(2.0, reports, counts, 0);
        assertEquals(16 - 52, w0, 1e-12);
        double[] sent = {w0, 4, 10};
        assertEquals(2.0, Leverage.weightedMean(sent, counts), 1e-12);
        // equal weights: K t − Σ others = 3·2 − 14
        assertEquals(-8.0, Leverage.replacementUpdate(2.0, reports, 0), 0.0);
        assertEquals(-8.0, Leverage.replacementUpdate(2.0, reports, new double[] {1, 1, 1}, 0), 1e-12);
    }

    @Test
    void vectorReplacementLandsOnTheTargetInEveryCoordinate() {
        double[] counts = {5, 1, 2};
        double[][] updates = {{1, 2}, {0, 0}, {3, -1}};
        double[] target = {0.5, -7};
        double[] w1 = Leverage.replacementUpdate(target, updates, counts, 1);
        double[][] sent = {updates[0], w1, updates[2]};
        assertArrayEquals(target, Leverage.weightedMean(sent, counts), 1e-12);
        assertArrayEquals(new double[] {0, 0}, updates[1], 0.0, "input unchanged");
    }

    @Test
    void smallerShareNeedsALargerReport() {
        double[] reports = {0, 5, 5};
        double previous = 0;
        for (double attackerCount : new double[] {100, 10, 1, 0.1}) {
            double[] counts = {attackerCount, 10, 10};
            double norm = Math.abs(Leverage.replacementUpdate(0.0, reports, counts, 0));
            assertTrue(norm > previous, "norm " + norm + " at count " + attackerCount);
            previous = norm;
        }
    }

    @Test
    void badWeightsNameTheClientAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Leverage.shares(new double[] {1, -2, 3}));
        assertTrue(e.getMessage().contains("client 1") && e.getMessage().contains("-2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Leverage.shares(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("client 1") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Leverage.shares(new double[] {0, 0}));
        assertTrue(e.getMessage().contains("sum to 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Leverage.shares(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Leverage.share(new double[] {1, 1}, 2));
    }

    @Test
    void otherBadInputs() {
        assertThrows(IllegalArgumentException.class, () -> Leverage.shift(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Leverage.shift(new double[2], new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> Leverage.clippingBound(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> Leverage.clippingBound(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Leverage.replacementUpdate(0, new double[] {1, 2}, new double[] {0, 1}, 0));
        assertTrue(e.getMessage().contains("attacker client 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Leverage.replacementUpdate(0, new double[] {1, 2, 3}, new double[] {1, 1}, 0));
        e = assertThrows(IllegalArgumentException.class,
                () -> Leverage.weightedMean(new double[][] {{1, 2}, {1}}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("client 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Leverage.replacementUpdate(0, new double[] {1, Double.POSITIVE_INFINITY, 3}, 0));
        assertTrue(e.getMessage().contains("client 1"), e.getMessage());
    }
}
