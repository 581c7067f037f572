package org.fedpoison.aggregate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.fedpoison.core.Aggregator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Too few clients for f is an error that says what is needed; bad settings fail at construction. */
class ClientCountTest {

    /** rule, f, the fewest clients it accepts. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(TrimmedMean.of(2), 2, 5),       // n > 2f
                Arguments.of(Krum.of(2), 2, 7),              // n > 2f + 2
                Arguments.of(MultiKrum.of(2, 3), 2, 7),      // n > 2f + 2
                Arguments.of(Bulyan.of(2), 2, 11));          // n >= 4f + 3
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rejectsOneClientTooFewAndAcceptsTheMinimum(Aggregator rule, int f, int fewest) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rule.aggregate(Fixtures.floats(Fixtures.gaussian(1, fewest - 1, 3))));
        String m = e.getMessage();
        assertTrue(m.startsWith(rule.name()), m);
        assertTrue(m.contains("f=" + f), m);
        assertTrue(m.contains("n=" + (fewest - 1)), m);
        assertTrue(m.contains("at least " + fewest), m);
        assertDoesNotThrow(() -> rule.aggregate(Fixtures.floats(Fixtures.gaussian(1, fewest, 3))));
    }

    @Test
    void multiKrumNeedsAtLeastMClients() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiKrum.of(0, 5).aggregate(Fixtures.floats(Fixtures.gaussian(1, 4, 3))));
        assertTrue(e.getMessage().contains("m = 5") && e.getMessage().contains("n=4"), e.getMessage());
    }

    @Test
    void badSettingsFailAtConstructionNamingTheSetting() {
        assertMessage(() -> TrimmedMean.of(-1), "f is -1");
        assertMessage(() -> Krum.of(-1), "f is -1");
        assertMessage(() -> MultiKrum.of(-1, 1), "f is -1");
        assertMessage(() -> MultiKrum.of(1, 0), "m is 0");
        assertMessage(() -> Bulyan.of(-2), "f is -2");
        assertMessage(() -> GeometricMedian.of(0, 1e-6, 1e-6), "maxIterations is 0");
        assertMessage(() -> GeometricMedian.of(10, -1, 1e-6), "tolerance is -1.0");
        assertMessage(() -> GeometricMedian.of(10, 1e-6, 0), "nu is 0.0");
        assertMessage(() -> FoolsGold.of(Double.NaN), "kappa is NaN");
        assertMessage(() -> NormClipping.of(0, CoordinateMedian.of()), "bound B is 0.0");
        assertMessage(() -> NormClipping.of(Double.POSITIVE_INFINITY, CoordinateMedian.of()), "bound B is Infinity");
        assertMessage(() -> NormClipping.of(1, null), "inner aggregator is null");
    }

    @Test
    void foolsGoldRejectsTwoUpdatesFromOneIdInOneRound() {
        var u = new java.util.ArrayList<>(Fixtures.floats(Fixtures.gaussian(1, 3, 3)));
        u.add(u.get(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FoolsGold.of().aggregate(u));
        assertTrue(e.getMessage().contains("client 1"), e.getMessage());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable make, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().contains(part), e.getMessage() + " should contain " + part);
    }
}
