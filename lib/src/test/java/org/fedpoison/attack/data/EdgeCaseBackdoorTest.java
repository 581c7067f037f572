package org.fedpoison.attack.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fedpoison.core.Dataset;
import org.fedpoison.metrics.BackdoorSuccess;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class EdgeCaseBackdoorTest {
    /** One feature; class 0 at 0, 0.1, 0.2, 0.3, 1.0 and class 1 at 5, 6. */
    static Dataset pool() {
        return new Dataset(Nd4j.create(new float[] {0, 0.1f, 0.2f, 0.3f, 1.0f, 5, 6}, new long[] {7, 1}, 'c'),
                new int[] {0, 0, 0, 0, 0, 1, 1}, 2, null, null);
    }

    @Test
    void theTailIsTheShareFarthestFromTheClassMean() {
        // class-0 mean 0.32; distances 0.32, 0.22, 0.12, 0.02, 0.68; tail 0.4 of 5 = 2 -> radius 0.32
        EdgeCaseBackdoor e = EdgeCaseBackdoor.of(pool(), 0, 1, 0.4);
        assertEquals(0.32, e.radius(), 1e-6);
        assertArrayEquals(new float[] {0, 1.0f}, FlatVectors.toArray(e.edgeCases().features()));
        assertArrayEquals(new int[] {1, 1}, e.edgeCases().labels(), "relabelled to the target");
        assertArrayEquals(new boolean[] {true, false, false, false, true, false, false}, e.isEdgeCase(pool()));
        // poisoning keeps every clean example and appends the relabelled tail
        Dataset p = e.poison(pool(), 0, 1);
        assertEquals(9, p.size());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1}, p.labels());
        assertEquals(5, e.withoutEdgeCases(pool()).size());
        // the test set is the rule applied to other data (the pool's mean and radius): -0.5 and 0.9 are edge cases
        Dataset test = new Dataset(Nd4j.create(new float[] {-0.5f, 0.4f, 0.9f, 5.5f}, new long[] {4, 1}, 'c'),
                new int[] {0, 0, 0, 1}, 2, null, null);
        assertArrayEquals(new float[] {-0.5f, 0.9f}, FlatVectors.toArray(e.testSet(test).features()));
        assertEquals("edge_case_success", BackdoorSuccess.of(test, e).name());
        assertArrayEquals(new int[] {0, 0}, BackdoorSuccess.of(test, e).stampedSet().labels(), "true labels kept");
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EdgeCaseBackdoor.of(pool(), 0, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> EdgeCaseBackdoor.of(pool(), 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> EdgeCaseBackdoor.of(pool(), 0, 2, 0.5));
    }
}
