package org.fedpoison.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Exercise3Test {

    @Test
    void medianByHand() {
        assertEquals(2.0, Exercise3.median(new double[] {3, 1, 2}), 0.0);
        assertEquals(2.5, Exercise3.median(new double[] {4, 1, 3, 2}), 0.0);
        // three honest values {1, 2, 3} and three sybils at 100: middle values 3 and 100
        assertEquals(51.5, Exercise3.medianWithSybils(new double[] {1, 2, 3}, 3, 100), 0.0);
        // two sybils: the middle value is still honest
        assertEquals(3.0, Exercise3.medianWithSybils(new double[] {1, 2, 3}, 2, 100), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Exercise3.median(new double[0]));
    }

    @Test
    void theSybilsNeedAsManyIdentitiesAsThereAreHonestClients() {
        for (int k = 1; k <= 30; k++) {
            assertEquals(k, Exercise3.minimumSybils(k), "K = " + k);
        }
        assertEquals(100, Exercise3.minimumSybils(100));
        assertFalse(Exercise3.controlsMedian(100, 99));
        assertTrue(Exercise3.controlsMedian(100, 100));
        assertTrue(Exercise3.controlsMedian(100, 150));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s >= n/2", "s ≥ n/2", "2s >= n", "s/n >= 0.5", "s >= (K + s)/2", "2*s >= n",
            "s ≥ ⌈n/2⌉", "n <= 2s", "S >= N/2"})
    void acceptsTheAnswerWithSeveralSpellings(String threshold) {
        Feedback f = Exercise3.check(100, threshold);
        assertTrue(f.correct(), threshold + " -> " + f);
    }

    @Test
    void rejectsWrongCountsAndThresholds() {
        Feedback f = Exercise3.check(99, "s >= n/2");
        assertFalse(f.correct());
        assertTrue(f.message().contains("s = 99"), f.message());
        f = Exercise3.check(101, "s >= n/2");
        assertFalse(f.correct());
        assertTrue(f.message().contains("fewer suffice"), f.message());
        f = Exercise3.check(100, "s > n/2");
        assertFalse(f.correct());
        assertTrue(f.message().contains("strict majority"), f.message());
        f = Exercise3.check(100, "s >= K");
        assertFalse(f.correct());
        assertTrue(f.message().contains("n = K + s"), f.message());
        assertFalse(Exercise3.check(100, "s >= n/3").correct());
        assertFalse(Exercise3.check(-4, "").correct());
    }

    @Test
    void checksAPredicateAgainstComputedMedians() {
        assertTrue(Exercise3.check(100, (s, n) -> 2 * s >= n).correct());
        Feedback f = Exercise3.check(100, (s, n) -> 2 * s > n);
        assertFalse(f.correct());
        assertTrue(f.message().contains("do control"), f.message());
        assertFalse(Exercise3.check(100, (s, n) -> 3 * s >= n).correct());
        BiPredicate<Integer, Integer> throwing = (s, n) -> s / (s - 1) > 0;
        f = Exercise3.check(100, throwing);
        assertFalse(f.correct());
        assertTrue(f.message().contains("threw"), f.message());
        assertFalse(Exercise3.check(50, (s, n) -> 2 * s >= n).correct());
    }

    @Test
    void defenseMustMakeIdentitiesCostly() {
        assertTrue(Exercise3.checkDefense("an admission cost").correct());
        assertTrue(Exercise3.checkDefense("proof of work").correct());
        assertTrue(Exercise3.checkDefense("attested device identity").correct());
        assertTrue(Exercise3.checkDefense("vetted enrollment").correct());
        Feedback f = Exercise3.checkDefense("use Krum instead of the median");
        assertFalse(f.correct());
        assertTrue(f.message().contains("aggregation rule"), f.message());
        assertFalse(Exercise3.checkDefense("more rounds").correct());
    }

    @Test
    void nullsThrow() {
        assertThrows(IllegalArgumentException.class, () -> Exercise3.check(100, (String) null));
        assertThrows(IllegalArgumentException.class, () -> Exercise3.check(100, (BiPredicate<Integer, Integer>) null));
        assertThrows(IllegalArgumentException.class, () -> Exercise3.checkDefense(null));
    }
}
