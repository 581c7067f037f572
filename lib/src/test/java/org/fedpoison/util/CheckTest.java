package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

/** One wording: setting, value, what is allowed; the value comes back when it is allowed. */
class CheckTest {

    static void says(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test
    void numbersOutsideTheirRangeAreNamedWithTheValueAndTheRange() {
        says("NormScreen: bound B is -1.0, must be finite and > 0", () -> Check.positive("NormScreen: bound B", -1));
        says("sigma is Infinity, must be finite and > 0", () -> Check.positive("sigma", Double.POSITIVE_INFINITY));
        says("sigma is NaN, must be finite and >= 0", () -> Check.nonNegative("sigma", Double.NaN));
        says("gamma is 0.5, must be finite and >= 1", () -> Check.atLeast("gamma", 0.5, 1));
        says("fraction is 0.0, must be in (0, 1]", () -> Check.inOpenClosed("fraction", 0, 0, 1));
        says("tau is 1.5, must be in [-1, 1]", () -> Check.inClosed("tau", 1.5, -1, 1));
        says("k is 1.0, must be in (0, 1)", () -> Check.inOpen("k", 1, 0, 1));
        says("x is NaN, must be finite", () -> Check.finite("x", Double.NaN));
        says("rounds is 0, must be >= 1", () -> Check.atLeast("rounds", 0, 1));
        says("decimals is 16, must be in [0, 15]", () -> Check.inClosed("decimals", 16, 0, 15));
        says("rule is null, must be an Aggregator", () -> Check.notNull("rule", null, "an Aggregator"));
        says("p is 2.5E-4, must be in [0.001, 1]", () -> Check.inClosed("p", 2.5e-4, 0.001, 1));
    }

    @Test
    void allowedValuesComeBack() {
        assertEquals(0.5, Check.positive("s", 0.5));
        assertEquals(0.0, Check.nonNegative("s", 0.0));
        assertEquals(1.0, Check.inOpenClosed("f", 1, 0, 1));
        assertEquals(-1.0, Check.inClosed("t", -1, -1, 1));
        assertEquals(3, Check.inClosed("n", 3, 3, 3));
        assertEquals("x", Check.notNull("v", "x", "text"));
        assertEquals(Double.MAX_VALUE, Check.atLeast("g", Double.MAX_VALUE, 1));
    }
}
