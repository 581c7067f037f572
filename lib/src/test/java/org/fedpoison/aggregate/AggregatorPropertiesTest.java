package org.fedpoison.aggregate;

import static org.fedpoison.aggregate.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.ClientUpdate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Properties every aggregator must have, checked on seeded random fixtures of 7 clients. */
class AggregatorPropertiesTest {

    private static final int N = 7;
    private static final int D = 5;

    /** Every rule of the library, FedAvg included. */
    static Stream<Arguments> aggregators() {
        List<Supplier<Aggregator>> all = new ArrayList<>(List.of(FedAvg::sampleWeighted, FedAvg::equalWeights));
        all.addAll(ROBUST);
        return arguments(all);
    }

    /** The rules that reject non-finite values (FedAvg propagates them: FedAvgTest.aSingleNaNPoisonsNaiveFedAvg). */
    static Stream<Arguments> robustAggregators() {
        return arguments(ROBUST);
    }

    private static final List<Supplier<Aggregator>> ROBUST = List.of(
            CoordinateMedian::of,
            () -> TrimmedMean.of(0),
            () -> TrimmedMean.of(2),
            () -> Krum.of(2),
            () -> MultiKrum.of(2, 4),
            GeometricMedian::of,
            FoolsGold::of,
            () -> Bulyan.of(1),
            () -> NormClipping.of(1e6, CoordinateMedian.of()),
            () -> NormClipping.of(1e6, Krum.of(1)),
            () -> NormScreen.of(1e6, CoordinateMedian.of()),
            () -> NormScreen.of(1e6, TrimmedMean.of(0)));

    private static Stream<Arguments> arguments(List<Supplier<Aggregator>> rules) {
        List<Arguments> out = new ArrayList<>();
        for (Supplier<Aggregator> s : rules) {
            for (DataType t : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                out.add(Arguments.of(s.get().name(), t, s));
            }
        }
        return out.stream();
    }

    private static List<ClientUpdate> random(DataType type, long seed) {
        return Fixtures.updates(type, Fixtures.gaussian(seed, N, D));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void keepsDimensionShapeAndDtype(String name, DataType type, Supplier<Aggregator> make) {
        List<ClientUpdate> u = random(type, 1);
        INDArray out = make.get().aggregate(u);
        assertArrayEquals(u.get(0).delta().shape(), out.shape());
        assertEquals(type, out.dataType());
        // a [1, d] row delta keeps its shape too
        List<ClientUpdate> rows = new ArrayList<>();
        for (ClientUpdate c : u) {
            rows.add(c.withDelta(c.delta().reshape(1, D)));
        }
        assertArrayEquals(new long[] {1, D}, make.get().aggregate(rows).shape());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void isInvariantToTheOrderOfClients(String name, DataType type, Supplier<Aggregator> make) {
        List<ClientUpdate> u = random(type, 2);
        Aggregator agg = make.get();
        double[] expected = values(agg.aggregate(u));
        Random r = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            List<ClientUpdate> shuffled = new ArrayList<>(u);
            Collections.shuffle(shuffled, r);
            agg.reset();
            assertArrayEquals(expected, values(agg.aggregate(shuffled)), 0.0, "bit for bit, whatever the order");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void dependsOnTheDeltasNotOnWhichIdSentThem(String name, DataType type, Supplier<Aggregator> make) {
        double[][] x = Fixtures.gaussian(4, N, D);
        double[] expected = values(make.get().aggregate(Fixtures.updates(type, x)));
        List<double[]> rows = new ArrayList<>(List.of(x));
        Collections.shuffle(rows, new Random(5)); // same deltas, other ids (other summation order)
        double[] other = values(make.get().aggregate(Fixtures.updates(type, rows.toArray(new double[0][]))));
        double tol = type == DataType.FLOAT ? 1e-6 : 1e-12; // rounding of a different summation order
        assertArrayEquals(expected, other, tol);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void equalsTheCommonDeltaWhenAllClientsAgree(String name, DataType type, Supplier<Aggregator> make) {
        double[] v = Fixtures.gaussian(6, 1, D)[0];
        double[][] same = new double[N][];
        for (int i = 0; i < N; i++) {
            same[i] = v.clone();
        }
        double[] expected = values(Nd4j.createFromArray(v).castTo(type));
        double tol = type == DataType.FLOAT ? 1e-6 : 1e-12;
        assertArrayEquals(expected, values(make.get().aggregate(Fixtures.updates(type, same))), tol);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void neverModifiesItsInputs(String name, DataType type, Supplier<Aggregator> make) {
        List<ClientUpdate> u = random(type, 7);
        List<INDArray> before = new ArrayList<>();
        for (ClientUpdate c : u) {
            before.add(c.delta().dup());
        }
        make.get().aggregate(u);
        for (int i = 0; i < N; i++) {
            assertEquals(before.get(i), u.get(i).delta());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("robustAggregators")
    void namesTheClientThatSentANonFiniteValue(String name, DataType type, Supplier<Aggregator> make) {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[][] x = Fixtures.gaussian(8, N, D);
            x[4][3] = bad;
            List<ClientUpdate> u = new ArrayList<>(Fixtures.updates(type, x));
            u.set(4, new ClientUpdate(42, u.get(4).delta(), 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make.get().aggregate(u));
            assertTrue(e.getMessage().contains("client 42"), e.getMessage());
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void namesTheClientWhoseDimensionDiffers(String name, DataType type, Supplier<Aggregator> make) {
        for (int at : new int[] {0, 3, N}) { // the odd client first, in the middle, last
            List<ClientUpdate> u = new ArrayList<>(random(type, 9));
            u.add(at, new ClientUpdate(77, Nd4j.zeros(type, D + 1), 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make.get().aggregate(u));
            assertTrue(e.getMessage().contains("client 77"), e.getMessage());
            assertTrue(e.getMessage().contains("dimension"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void rejectsAnEmptyRound(String name, DataType type, Supplier<Aggregator> make) {
        assertThrows(IllegalArgumentException.class, () -> make.get().aggregate(List.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aggregators")
    void mixedFloatAndDoubleDeltasGiveDouble(String name, DataType type, Supplier<Aggregator> make) {
        List<ClientUpdate> u = new ArrayList<>(random(DataType.FLOAT, 10));
        u.set(2, u.get(2).withDelta(u.get(2).delta().castTo(DataType.DOUBLE)));
        assertEquals(DataType.DOUBLE, make.get().aggregate(u).dataType());
    }
}
