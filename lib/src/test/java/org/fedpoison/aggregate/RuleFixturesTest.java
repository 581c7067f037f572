package org.fedpoison.aggregate;

import static org.fedpoison.aggregate.Fixtures.doubles;
import static org.fedpoison.aggregate.Fixtures.floats;
import static org.fedpoison.aggregate.Fixtures.row;
import static org.fedpoison.aggregate.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Hand-checkable fixtures (mostly 3 clients × 3 coordinates), one or more per rule. */
class RuleFixturesTest {

    private static final List<ClientUpdate> THREE = floats(row(1, 5, 9), row(2, 0, 9), row(100, 4, -9));

    @Test
    void coordinateMedianTakesTheMiddleValueOfEachCoordinate() {
        // coordinate 0: {1, 2, 100} -> 2; coordinate 1: {5, 0, 4} -> 4; coordinate 2: {9, 9, -9} -> 9
        assertArrayEquals(new double[] {2, 4, 9}, values(CoordinateMedian.of().aggregate(THREE)), 0.0);
    }

    @Test
    void coordinateMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        // {1, 2, 3, 10} -> (2 + 3) / 2; {0, 0, 4, 8} -> (0 + 4) / 2; {-1, -2, -3, -4} -> (-2 + -3) / 2
        List<ClientUpdate> four = doubles(row(1, 0, -1), row(2, 0, -2), row(3, 4, -3), row(10, 8, -4));
        assertArrayEquals(new double[] {2.5, 2, -2.5}, values(CoordinateMedian.of().aggregate(four)), 0.0);
    }

    @Test
    void trimmedMeanDropsTheExtremesOfEachCoordinate() {
        // f = 1 of 3 leaves the middle value
        assertArrayEquals(new double[] {2, 4, 9}, values(TrimmedMean.of(1).aggregate(THREE)), 0.0);
        // f = 1 of 4: {1, 2, 3, 10} -> (2 + 3) / 2; {0, 0, 4, 8} -> (0 + 4) / 2; {-1..-4} -> -2.5
        List<ClientUpdate> four = doubles(row(1, 0, -1), row(2, 0, -2), row(3, 4, -3), row(10, 8, -4));
        assertArrayEquals(new double[] {2.5, 2, -2.5}, values(TrimmedMean.of(1).aggregate(four)), 0.0);
    }

    @Test
    void trimmedMeanWithoutTrimmingIsTheMean() {
        // (1 + 2 + 100) / 3, (5 + 0 + 4) / 3, (9 + 9 - 9) / 3
        assertArrayEquals(new double[] {103.0 / 3, 3, 3}, values(TrimmedMean.of(0).aggregate(THREE)), 1e-5);
    }

    @Test
    void krumPicksTheDeltaClosestToItsNeighbours() {
        // f = 0: one neighbour each; squared distances 1 (a-b), 100 (a-c), 81 (b-c): scores 1, 1, 81;
        // the tie between a and b goes to the lexicographically smaller delta, a
        List<ClientUpdate> u = floats(row(1, 0, 0), row(0, 0, 0), row(10, 0, 0));
        assertArrayEquals(new double[] {0, 0, 0}, values(Krum.of(0).aggregate(u)), 0.0);
        // f = 1 of 5: n - f - 2 = 2 neighbours each. Each corner of the unit square scores 1 + 1 = 2,
        // the far point much more; the tie among the corners goes to the smallest, [0, 0, 0]
        List<ClientUpdate> five = floats(row(1, 1, 0), row(1, 0, 0), row(0, 1, 0), row(0, 0, 0), row(50, 50, 50));
        assertArrayEquals(new double[] {0, 0, 0}, values(Krum.of(1).aggregate(five)), 0.0);
    }

    @Test
    void krumReturnsACopyOfAClientDelta() {
        List<ClientUpdate> u = floats(row(1, 2, 3), row(1, 2, 4), row(9, 9, 9));
        INDArray out = Krum.of(0).aggregate(u);
        assertArrayEquals(new double[] {1, 2, 3}, values(out), 0.0);
        out.addi(1); // writing to the result must not touch the input
        assertArrayEquals(new double[] {1, 2, 3}, values(u.get(0).delta()), 0.0);
    }

    @Test
    void multiKrumAveragesTheBestScores() {
        // scores 1, 1, 81 (see krum fixture): m = 2 averages [1,0,0] and [0,0,0]
        List<ClientUpdate> u = floats(row(1, 0, 0), row(0, 0, 0), row(10, 0, 0));
        assertArrayEquals(new double[] {0.5, 0, 0}, values(MultiKrum.of(0, 2).aggregate(u)), 0.0);
        // m = 1 is Krum, m = n is the mean
        assertArrayEquals(new double[] {0, 0, 0}, values(MultiKrum.of(0, 1).aggregate(u)), 0.0);
        assertArrayEquals(new double[] {11.0 / 3, 0, 0}, values(MultiKrum.of(0, 3).aggregate(u)), 1e-6);
    }

    @Test
    void geometricMedianOfATriangleIsItsFermatPoint() {
        // right isosceles triangle with legs 4: by symmetry the point is (t, t, 0); minimising
        // sqrt(2) t + 2 sqrt((4 - t)^2 + t^2) gives 6t^2 - 24t + 16 = 0, t = 2 - 2/sqrt(3)
        double t = 2 - 2 / Math.sqrt(3);
        List<ClientUpdate> u = doubles(row(0, 0, 0), row(4, 0, 0), row(0, 4, 0));
        assertArrayEquals(new double[] {t, t, 0}, values(GeometricMedian.of(10_000, 1e-15, 1e-12).aggregate(u)), 1e-6);
        // the defaults stop when the distance left is at most 1e-6 x the median distance (here the
        // nearest update is sqrt(2) t = 1.195 away), so they land within 1e-6 of the Fermat point
        assertArrayEquals(new double[] {t, t, 0}, values(GeometricMedian.of().aggregate(u)), 1e-6);
    }

    @Test
    void geometricMedianOfCollinearPointsIsTheMiddleOne() {
        List<ClientUpdate> u = doubles(row(0, 0, 0), row(1, 0, 0), row(10, 0, 0));
        assertArrayEquals(new double[] {1, 0, 0}, values(GeometricMedian.of(1000, 1e-12, 1e-9).aggregate(u)), 1e-3);
    }

    @Test
    void geometricMedianOfASquareIsItsCentre() {
        List<ClientUpdate> u = floats(row(0, 0, 1), row(2, 0, 1), row(0, 2, 1), row(2, 2, 1));
        assertArrayEquals(new double[] {1, 1, 1}, values(GeometricMedian.of().aggregate(u)), 1e-6);
    }

    @Test
    void foolsGoldGivesIdenticalHistoriesNoWeight() {
        // cos = 1 between the two copies, 0 to the third: weights 0, 0, 1
        List<ClientUpdate> u = floats(row(1, 0, 0), row(1, 0, 0), row(0, 1, 0));
        assertArrayEquals(new double[] {0, 1, 0}, values(FoolsGold.of().aggregate(u)), 1e-7);
    }

    @Test
    void foolsGoldWeighsByHistoriesUntilReset() {
        List<ClientUpdate> round2 = floats(row(0, 0, 1), row(1, 0, 0), row(0, 1, 0));
        // without history the three deltas are orthogonal: equal weights, the mean
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, values(FoolsGold.of().aggregate(round2)), 1e-7);

        FoolsGold fg = FoolsGold.of();
        fg.aggregate(floats(row(1, 0, 0), row(1, 0, 0), row(0, 1, 0))); // clients 0 and 1 act as sybils
        assertEquals(3, fg.historySize());
        // histories now H0 = [1,0,1], H1 = [2,0,0], H2 = [0,2,0]: cos(H0, H1) = 1/sqrt(2), the rest 0;
        // a0 = a1 = 1 - 1/sqrt(2) ~ 0.293, a2 = 1 -> 0.99; logit: ln(0.293/0.707) + 0.5 < 0 -> 0,
        // ln(99) + 0.5 > 1 -> 1: only client 2 counts
        assertArrayEquals(new double[] {0, 1, 0}, values(fg.aggregate(round2)), 1e-7);

        fg.reset();
        assertEquals(0, fg.historySize());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, values(fg.aggregate(round2)), 1e-7);
    }

    @Test
    void bulyanWithoutByzantineClientsIsTheMean() {
        // f = 0: theta = beta = n
        assertArrayEquals(new double[] {2, 3, 3},
                values(Bulyan.of(0).aggregate(floats(row(1, 5, 9), row(2, 0, 9), row(3, 4, -9)))), 1e-6);
    }

    @Test
    void bulyanSelectsByKrumThenAveragesAroundTheMedian() {
        // f = 1, n = 7: theta = 5, beta = 3. Values on one axis: honest 0, 1, 2, 2.5, 6; attackers 100, 200.
        // Krum rounds (neighbours |R| - 3): R=7 -> 2.5 (score .25+2.25+6.25+12.25 = 21 beats 2's 21.25);
        // R=6 -> 2 (1+4+16 = 21); R=5 -> 1 (1+25 = 26); R=4 -> tie 0 and 6 (36), 0 is smaller;
        // R=3 -> no neighbours, all 0, smallest is 6. Selected {0, 1, 2, 2.5, 6}, median 2,
        // the three closest: 2, 2.5, 1 -> 5.5 / 3.
        List<ClientUpdate> u = doubles(row(200, 0, 0), row(0, 0, 0), row(2.5, 0, 0), row(1, 0, 0),
                row(100, 0, 0), row(6, 0, 0), row(2, 0, 0));
        assertArrayEquals(new double[] {5.5 / 3, 0, 0}, values(Bulyan.of(1).aggregate(u)), 1e-12);
    }

    @Test
    void normClippingScalesOnlyDeltasAboveTheBound() {
        // ||[3,4,0]|| = 5 stays, ||[0,0,10]|| = 10 -> [0,0,5], ||[6,8,0]|| = 10 -> [3,4,0]
        List<ClientUpdate> u = floats(row(3, 4, 0), row(0, 0, 10), row(6, 8, 0));
        NormClipping clip = NormClipping.of(5, TrimmedMean.of(0));
        List<ClientUpdate> clipped = clip.clip(u);
        assertSame(u.get(0).delta(), clipped.get(0).delta());
        assertArrayEquals(new double[] {0, 0, 5}, values(clipped.get(1).delta()), 1e-6);
        assertArrayEquals(new double[] {3, 4, 0}, values(clipped.get(2).delta()), 1e-6);
        // the mean of [3,4,0], [0,0,5], [3,4,0]
        assertArrayEquals(new double[] {2, 8.0 / 3, 5.0 / 3}, values(clip.aggregate(u)), 1e-6);
        assertArrayEquals(new double[] {0, 0, 10}, values(u.get(1).delta()), 0.0);
        assertEquals(DataType.FLOAT, clipped.get(1).delta().dataType());
    }
}
