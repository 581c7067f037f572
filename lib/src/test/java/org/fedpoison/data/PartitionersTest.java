package org.fedpoison.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fedpoison.core.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

class PartitionersTest {

    /** n examples whose single feature is their index, labels i mod classes (or skewed). */
    static Dataset indexed(int n, int classes) {
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = (i * 7 + i / 3) % classes;
        }
        return new Dataset(Nd4j.create(x, new long[] {n, 1}, 'c'), y, classes, null, null);
    }

    static Stream<Partitioner> all() {
        return Stream.of(Partitioners.iid(), Partitioners.dirichlet(0.1), Partitioners.dirichlet(1.0),
                Partitioners.dirichlet(100), Partitioners.shards(2), Partitioners.shards(3), Partitioners.logNormal(1.0),
                Partitioners.unequal(1, 2, 3, 4, 0, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17));
    }

    /** The original indices of each part, read back from the feature. */
    static List<int[]> indices(List<Dataset> parts) {
        List<int[]> out = new ArrayList<>();
        for (Dataset p : parts) {
            int[] idx = new int[p.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (int) p.features().getFloat(i, 0);
            }
            out.add(idx);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("all")
    void everyExampleGoesToExactlyOneClientAndNoClientIsEmpty(Partitioner p) {
        Dataset data = indexed(1003, 10);
        List<Dataset> parts = p.partition(data, 17, 5);
        assertEquals(17, parts.size());
        int[] seen = new int[data.size()];
        for (Dataset part : parts) {
            assertTrue(part.size() >= 1, p.name() + ": empty client");
        }
        List<int[]> idx = indices(parts);
        for (int c = 0; c < idx.size(); c++) {
            for (int i = 0; i < idx.get(c).length; i++) {
                seen[idx.get(c)[i]]++;
                // labels travel with their rows
                assertEquals(data.label(idx.get(c)[i]), parts.get(c).label(i));
            }
        }
        for (int i = 0; i < seen.length; i++) {
            assertEquals(1, seen[i], p.name() + ": example " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("all")
    void sameSeedSameSplitOtherSeedOtherSplit(Partitioner p) {
        Dataset data = indexed(1003, 10);
        List<int[]> a = indices(p.partition(data, 17, 5));
        List<int[]> b = indices(p.partition(data, 17, 5));
        List<int[]> c = indices(p.partition(data, 17, 6));
        boolean differs = false;
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k), b.get(k));
            differs |= !java.util.Arrays.equals(a.get(k), c.get(k));
        }
        assertTrue(differs, p.name() + " ignores its seed");
    }

    @Test
    void tinyAlphaWithManyClientsStillFillsEveryClient() {
        // with alpha = 0.01 almost every class goes to one client, so most clients would be empty
        // before the documented repair (one example from the largest client per empty client)
        Dataset data = indexed(100, 4);
        List<Dataset> parts = Partitioners.dirichlet(0.01).partition(data, 50, 2);
        int total = 0;
        for (Dataset p : parts) {
            assertTrue(p.size() >= 1);
            total += p.size();
        }
        assertEquals(100, total);
        List<Dataset> one = Partitioners.iid().partition(data, 100, 2);
        assertTrue(one.stream().allMatch(p -> p.size() == 1), "as many clients as examples: one each");
    }

    @Test
    void iidSizesDifferByAtMostOne() {
        List<Dataset> parts = Partitioners.iid().partition(indexed(103, 3), 10, 1);
        for (Dataset p : parts) {
            assertTrue(p.size() == 10 || p.size() == 11);
        }
    }

    @Test
    void twoShardsPerClientGiveAtMostFourClassesEach() {
        // 1000 examples, 10 classes of 100, 50 clients x 2 shards of 10: each shard lies within one
        // class, so a client sees at most 2 classes
        float[] x = new float[1000];
        int[] y = new int[1000];
        for (int i = 0; i < 1000; i++) {
            x[i] = i;
            y[i] = i % 10;
        }
        Dataset data = new Dataset(Nd4j.create(x, new long[] {1000, 1}, 'c'), y, 10, null, null);
        for (Dataset p : Partitioners.shards(2).partition(data, 50, 3)) {
            assertEquals(20, p.size());
            long classes = java.util.Arrays.stream(p.classCounts()).filter(c -> c > 0).count();
            assertTrue(classes <= 2, "client sees " + classes + " classes");
        }
    }

    @Test
    void smallAlphaSkewsLabelsMoreThanLargeAlpha() {
        Dataset data = indexed(5000, 10);
        double skewSmall = meanMaxClassShare(Partitioners.dirichlet(0.1).partition(data, 20, 1));
        double skewLarge = meanMaxClassShare(Partitioners.dirichlet(100).partition(data, 20, 1));
        assertTrue(skewSmall > 0.5, "alpha 0.1: dominant class share " + skewSmall);
        assertTrue(skewLarge < 0.25, "alpha 100: dominant class share " + skewLarge);
    }

    static double meanMaxClassShare(List<Dataset> parts) {
        double s = 0;
        for (Dataset p : parts) {
            s += (double) java.util.Arrays.stream(p.classCounts()).max().orElse(0) / p.size();
        }
        return s / parts.size();
    }

    @Test
    void unequalSizesFollowTheProportions() {
        List<Dataset> parts = Partitioners.unequal(1, 2, 7).partition(indexed(103, 3), 3, 1);
        // 3 examples given one each, then 100 shared 10 / 20 / 70
        assertEquals(11, parts.get(0).size());
        assertEquals(21, parts.get(1).size());
        assertEquals(71, parts.get(2).size());
    }

    @Test
    void logNormalWithZeroSigmaIsEqual() {
        for (Dataset p : Partitioners.logNormal(0).partition(indexed(100, 3), 4, 9)) {
            assertEquals(25, p.size());
        }
        List<Dataset> skewed = Partitioners.logNormal(1.5).partition(indexed(1000, 3), 10, 9);
        int min = skewed.stream().mapToInt(Dataset::size).min().orElseThrow();
        int max = skewed.stream().mapToInt(Dataset::size).max().orElseThrow();
        assertNotEquals(min, max);
    }

    @Test
    void badSettingsNameTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.dirichlet(0)).getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.dirichlet(-1)).getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.dirichlet(Double.NaN)).getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.shards(0)).getMessage().contains("perClient"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.unequal(1, -1)).getMessage().contains("client 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.unequal(0, 0)).getMessage().contains("positive sum"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.logNormal(-1)).getMessage().contains("sigma"));
        Dataset data = indexed(10, 2);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> Partitioners.iid().partition(data, 11, 1));
        assertTrue(tooMany.getMessage().contains("numClients is 11") && tooMany.getMessage().contains("10"), tooMany.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.iid().partition(data, 0, 1))
                .getMessage().contains("numClients"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.shards(3).partition(data, 4, 1))
                .getMessage().contains("shards"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Partitioners.unequal(1, 2).partition(data, 3, 1))
                .getMessage().contains("proportions"));
    }
}
