package org.fedpoison.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeanIntervalTest {
    @Test
    void quantilesMatchTheClosedFormsForOneAndTwoDegreesOfFreedom() {
        // df = 1 is Cauchy: t_p = tan(pi (p - 1/2)); df = 2: t_p = (2p - 1) / sqrt(2 p (1 - p))
        for (double p : new double[] {0.6, 0.9, 0.975, 0.995}) {
            assertEquals(Math.tan(Math.PI * (p - 0.5)), StudentT.quantile(p, 1), 1e-9 * Math.tan(Math.PI * (p - 0.5)));
            assertEquals((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), StudentT.quantile(p, 2), 1e-10);
        }
    }

    @Test
    void quantilesMatchPrintedTables() {
        // two-sided 95% critical values as printed in every statistics textbook
        assertEquals(2.776445, StudentT.quantile(0.975, 4), 1e-6);
        assertEquals(2.262157, StudentT.quantile(0.975, 9), 1e-6);
        assertEquals(2.045230, StudentT.quantile(0.975, 29), 1e-6);
        assertEquals(1.959964, StudentT.quantile(0.975, 100_000), 1e-4);   // tends to the normal quantile
        assertEquals(-2.776445, StudentT.quantile(0.025, 4), 1e-6);
        assertEquals(0.0, StudentT.quantile(0.5, 3));
    }

    @Test
    void cdfIsTheInverseOfTheQuantile() {
        for (int df : new int[] {1, 2, 3, 4, 7, 30}) {
            for (double p : new double[] {0.05, 0.3, 0.8, 0.975}) {
                assertEquals(p, StudentT.cdf(StudentT.quantile(p, df), df), 1e-10, "df " + df + ", p " + p);
            }
        }
    }

    @Test
    void intervalOfOneToFiveMatchesTheHandComputation() {
        // mean 3; sd = sqrt(((-2)^2 + 1 + 0 + 1 + 2^2) / 4) = sqrt(2.5); half = 2.776445 * sqrt(2.5) / sqrt(5)
        MeanInterval ci = MeanInterval.of(1, 2, 3, 4, 5);
        double half = 2.776445 * Math.sqrt(2.5) / Math.sqrt(5);
        assertEquals(5, ci.n());
        assertEquals(3.0, ci.mean(), 1e-15);
        assertEquals(Math.sqrt(2.5), ci.sd(), 1e-15);
        assertEquals(1.963243, half, 1e-6);
        assertEquals(3 - half, ci.low(), 1e-6);
        assertEquals(3 + half, ci.high(), 1e-6);
        assertEquals(half, ci.halfWidth(), 1e-6);
    }

    @Test
    void intervalOfAccuraciesMatchesTheHandComputation() {
        // 0.90, 0.92, 0.94: mean 0.92, sd 0.02, half = t_{0.975,2} * 0.02 / sqrt(3) = 4.302653 * 0.011547 = 0.049683
        MeanInterval ci = MeanInterval.of(0.90, 0.92, 0.94);
        assertEquals(0.92, ci.mean(), 1e-12);
        assertEquals(0.02, ci.sd(), 1e-12);
        assertEquals(0.92 - 0.049683, ci.low(), 1e-6);
        assertEquals(0.92 + 0.049683, ci.high(), 1e-6);
    }

    @Test
    void oneValueHasAMeanButNoSpread() {
        MeanInterval ci = MeanInterval.of(0.5);
        assertEquals(0.5, ci.mean());
        assertTrue(Double.isNaN(ci.sd()));
        assertTrue(Double.isNaN(ci.low()));
        assertTrue(Double.isNaN(MeanInterval.of().mean()));
    }

    @Test
    void separationNeedsDisjointIntervals() {
        MeanInterval a = MeanInterval.of(0.90, 0.91, 0.92);
        MeanInterval b = MeanInterval.of(0.50, 0.51, 0.52);
        MeanInterval c = MeanInterval.of(0.88, 0.92, 0.96);
        assertTrue(a.separatedFrom(b));
        assertTrue(b.separatedFrom(a));
        assertFalse(a.separatedFrom(c));
    }

    @Test
    void aNegativeNumberThatRoundsToZeroPrintsAsZero() {
        assertEquals("0.00", Summary.fixed(-0.004, 2));
        assertEquals("-0.01", Summary.fixed(-0.006, 2));
        assertEquals("0", Summary.fixed(-0.4, 0));
        assertEquals("2.78", Summary.fixed(2.776445, 2));
    }

    @Test
    void badInputsAreRejectedWithTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeanInterval.of(1, Double.NaN));
        assertTrue(e.getMessage().contains("value 1 is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.atLevel(1.5, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1, 3));
        assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.9, 0));
    }
}
