package org.fedpoison.leverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** PyFormat against what CPython prints (each expectation is a documented Python behaviour). */
class PyFormatTest {

    @Test
    void roundsTheExactBinaryValueTiesToEven() {
        assertEquals("0.12", PyFormat.fixed(0.125, 2));   // 0.125 is exact: tie, to even
        assertEquals("0.38", PyFormat.fixed(0.375, 2));   // exact tie, to even
        assertEquals("2.67", PyFormat.fixed(2.675, 2));   // 2.675 is stored as 2.67499999...
        assertEquals("1.000", PyFormat.fixed(1.0005, 3)); // stored as 1.000499999...
        assertEquals("2", PyFormat.fixed(2.5, 0));
        assertEquals("4.9367", PyFormat.fixed(4.936717419330778, 4));
        assertEquals("-93.7341", PyFormat.fixed(-93.73410235594407, 4));
    }

    @Test
    void negativeNumbersKeepTheirSignWhenTheyRoundToZero() {
        assertEquals("-0.0000", PyFormat.fixed(-1e-15, 4));
        assertEquals("0.0000", PyFormat.fixed(1e-15, 4));
        assertEquals("-0.0000", PyFormat.fixed(-0.0, 4));
        assertEquals("0.0000", PyFormat.fixed(0.0, 4));
    }

    @Test
    void signedFormatAddsPlusToNonNegatives() {
        assertEquals("+0.0000", PyFormat.signed(0.0, 4));
        assertEquals("-0.0000", PyFormat.signed(-0.0, 4));
        assertEquals("-0.5000", PyFormat.signed(-0.5000123015335749, 4));
        assertEquals("+1.2500", PyFormat.signed(1.25, 4));
        assertEquals("+nan", PyFormat.signed(Double.NaN, 4));
        assertEquals("-inf", PyFormat.signed(Double.NEGATIVE_INFINITY, 4));
        assertEquals("+inf", PyFormat.signed(Double.POSITIVE_INFINITY, 4));
    }

    @Test
    void ignoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1234567.5000", PyFormat.fixed(1234567.5, 4));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void booleansAndBadArguments() {
        assertEquals("True", PyFormat.bool(true));
        assertEquals("False", PyFormat.bool(false));
        assertThrows(IllegalArgumentException.class, () -> PyFormat.fixed(1.0, -1));
    }
}
