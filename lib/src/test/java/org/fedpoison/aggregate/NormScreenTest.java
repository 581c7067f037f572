package org.fedpoison.aggregate;

import static org.fedpoison.aggregate.Fixtures.doubles;
import static org.fedpoison.aggregate.Fixtures.floats;
import static org.fedpoison.aggregate.Fixtures.row;
import static org.fedpoison.aggregate.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.AggregationContext;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Norm screen on 3 clients × 3 coordinates with norms 5, 10 and 3. */
class NormScreenTest {

    // norms: ||[3,4,0]|| = 5, ||[0,0,10]|| = 10, ||[1,2,2]|| = 3
    private static final List<ClientUpdate> THREE = floats(row(3, 4, 0), row(0, 0, 10), row(1, 2, 2));

    @Test
    void keepsDeltasUpToTheBoundInclusiveAndAveragesThem() {
        // B = 5 keeps [3,4,0] (exactly at B) and [1,2,2]; plain mean = [2, 3, 1]
        NormScreen s = NormScreen.of(5.0, FedAvg.equalWeights());
        assertArrayEquals(new double[] {2, 3, 1}, values(s.aggregate(THREE)), 0.0);
    }

    @Test
    void aTighterBoundKeepsOnlyTheSmallestDelta() {
        assertArrayEquals(new double[] {1, 2, 2}, values(NormScreen.of(4.0, FedAvg.equalWeights()).aggregate(THREE)), 0.0);
    }

    @Test
    void aBoundAboveEveryNormChangesNothing() {
        INDArray plain = FedAvg.equalWeights().aggregate(THREE);
        assertArrayEquals(values(plain), values(NormScreen.of(10.0, FedAvg.equalWeights()).aggregate(THREE)), 0.0);
    }

    @Test
    void theSampleWeightsOfTheKeptClientsAreUsed() {
        // weights 1, 5, 3; the weight-5 client is rejected: (1*[3,4,0] + 3*[1,2,2]) / 4 = [1.5, 2.5, 1.5]
        List<ClientUpdate> u = List.of(
                new ClientUpdate(0, THREE.get(0).delta(), 1),
                new ClientUpdate(1, THREE.get(1).delta(), 5),
                new ClientUpdate(2, THREE.get(2).delta(), 3));
        assertArrayEquals(new double[] {1.5, 2.5, 1.5},
                values(NormScreen.of(5.0, FedAvg.sampleWeighted()).aggregate(u)), 1e-7);
    }

    @Test
    void dropsWhatClippingOnlyShrinks() {
        // B = 5: clipping keeps [0,0,5] from the norm-10 client: mean of [3,4,0],[0,0,5],[1,2,2] = [4/3, 2, 7/3]
        double[] clipped = values(NormClipping.of(5.0, FedAvg.equalWeights()).aggregate(THREE));
        assertArrayEquals(new double[] {4.0 / 3, 2, 7.0 / 3}, clipped, 1e-6);
        double[] screened = values(NormScreen.of(5.0, FedAvg.equalWeights()).aggregate(THREE));
        assertArrayEquals(new double[] {2, 3, 1}, screened, 0.0);
    }

    @Test
    void everyUpdateRejectedIsNotAggregatableAndTheInnerRuleIsNotCalled() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            List<ClientUpdate> u = Fixtures.updates(type, row(3, 4, 0), row(0, 0, 10), row(1, 2, 2));
            Aggregator never = new Aggregator() { // the inner rule must not be called
                @Override
                public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
                    throw new AssertionError("inner rule called with " + updates.size() + " updates");
                }

                @Override
                public String name() {
                    return "never";
                }
            };
            org.fedpoison.core.RoundNotAggregatable e = assertThrows(org.fedpoison.core.RoundNotAggregatable.class,
                    () -> NormScreen.of(2.0, never).aggregate(u));
            assertTrue(e.getMessage().contains("kept 0 of 3 updates") && e.getMessage().contains("NormScreen"), e.getMessage());
        }
    }

    @Test
    void passesTheKeptUpdatesThemselvesToTheInnerRuleInOrder() {
        List<List<ClientUpdate>> seen = new ArrayList<>();
        Aggregator record = new Aggregator() {
            @Override
            public INDArray aggregate(List<ClientUpdate> updates, AggregationContext context) {
                seen.add(updates);
                return updates.get(0).delta().dup();
            }

            @Override
            public String name() {
                return "record";
            }
        };
        NormScreen.of(5.0, record).aggregate(THREE);
        assertEquals(1, seen.size());
        assertEquals(2, seen.get(0).size());
        assertSame(THREE.get(0), seen.get(0).get(0));
        assertSame(THREE.get(2), seen.get(0).get(1));
        List<ClientUpdate> kept = NormScreen.of(5.0, record).screen(THREE);
        assertEquals(List.of(THREE.get(0), THREE.get(2)), kept);
        assertTrue(NormScreen.of(1.0, record).screen(THREE).isEmpty());
    }

    @Test
    void composesWithAnyInnerRule() {
        // B = 5 keeps [3,4,0] and [1,2,2] and the extra [2,3,1] (norm sqrt 14); coordinate median of the three
        List<ClientUpdate> u = doubles(row(3, 4, 0), row(0, 0, 10), row(1, 2, 2), row(2, 3, 1));
        assertArrayEquals(new double[] {2, 3, 1}, values(NormScreen.of(5.0, CoordinateMedian.of()).aggregate(u)), 0.0);
    }

    @Test
    void rejectsABadBoundOrAMissingInnerRuleAtConstruction() {
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NormScreen.of(bad, FedAvg.equalWeights()));
            assertTrue(e.getMessage().contains("bound B"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            assertTrue(e.getMessage().contains("finite and > 0"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NormScreen.of(1.0, null));
        assertTrue(e.getMessage().contains("inner"), e.getMessage());
    }

    @Test
    void namesTheBoundAndTheInnerRule() {
        NormScreen s = NormScreen.of(0.74321, FedAvg.equalWeights());
        assertEquals("NormScreen(B=0.7432) > " + FedAvg.equalWeights().name(), s.name());
        assertEquals(0.74321, s.bound(), 0.0);
        assertEquals(FedAvg.equalWeights().name(), s.inner().name());
    }

    @Test
    void neverModifiesItsInputs() {
        List<INDArray> before = new ArrayList<>();
        for (ClientUpdate c : THREE) {
            before.add(c.delta().dup());
        }
        NormScreen.of(5.0, FedAvg.equalWeights()).aggregate(THREE);
        // a bound that rejects all three: the round is not aggregatable, and the inputs are still untouched
        assertThrows(org.fedpoison.core.RoundNotAggregatable.class, () -> NormScreen.of(1.0, FedAvg.equalWeights()).aggregate(THREE));
        for (int i = 0; i < 3; i++) {
            assertEquals(before.get(i), THREE.get(i).delta());
        }
        assertEquals(Nd4j.createFromArray(3f, 4f, 0f), THREE.get(0).delta());
    }
}
