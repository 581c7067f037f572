package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class DecimalsTest {

    @Test
    void roundsHalfEvenToTheGivenPlaces() {
        assertEquals("0.7437", Decimals.format(0.7437325905292479, 4));
        // 2.675 is stored as 2.67499999...: it rounds down, as Python does
        assertEquals("2.67", Decimals.format(2.675, 2));
        // 0.125 is exact in binary: half-even keeps the even digit
        assertEquals("0.12", Decimals.format(0.125, 2));
        assertEquals("0.38", Decimals.format(0.375, 2));
        assertEquals("-93.7341", Decimals.format(-93.73410235594407, 4));
        assertEquals("3", Decimals.format(2.5000001, 0));
        assertEquals("0.0000", Decimals.format(0.0, 4));
    }

    @Test
    void tinyNonZeroValuesAreNotShownAsZero() {
        assertEquals("1.04E-7", Decimals.format(1.04e-7, 4));
        assertEquals("-3.00E-6", Decimals.format(-3e-6, 4));
        // just above half a unit in the last place: rounds normally
        assertEquals("0.0001", Decimals.format(0.00006, 4));
    }

    @Test
    void nonFiniteValuesKeepJavaSpelling() {
        assertEquals("NaN", Decimals.format(Double.NaN, 3));
        assertEquals("-Infinity", Decimals.format(Double.NEGATIVE_INFINITY, 3));
    }

    @Test
    void ignoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1234.5000", Decimals.format(1234.5, 4));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void tableCopyPrintsDoublesWithDecimalsAndLeavesTheInputAlone() {
        Table t = Table.create("t", IntColumn.create("k", new int[] {1, 2, 3}),
                DoubleColumn.create("x", new double[] {0.5, 1.0 / 3, 2e-9}));
        String before = t.doubleColumn("x").getString(1);
        Table shown = Decimals.of(t, 3);
        assertEquals("0.500", shown.doubleColumn("x").getString(0));
        assertEquals("0.333", shown.doubleColumn("x").getString(1));
        assertEquals("2.00E-9", shown.doubleColumn("x").getString(2));
        assertEquals("2", shown.intColumn("k").getString(1));
        assertEquals(1.0 / 3, shown.doubleColumn("x").getDouble(1));
        assertEquals(before, t.doubleColumn("x").getString(1));
        assertEquals(t.name(), shown.name());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> Decimals.of(null, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Decimals.of(Table.create("t"), 16));
        assertEquals("decimals is 16, must be in [0, 15]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decimals.format(1, -1));
    }

    @Test
    void significantDigitsAndFixedPlacesAreTheOtherTwoWaysOfWritingANumber() {
        // the exercise checkers' wording (six significant digits)
        assertEquals("76", Decimals.significant(76, 6));
        assertEquals("0.0131579", Decimals.significant(1.0 / 76, 6));
        assertEquals("-367.887", Decimals.significant(-367.88712, 6));
        assertEquals("1.11022E-15", Decimals.significant(1.1102230246251565e-15, 6));
        assertEquals("1.5E+7", Decimals.significant(1.5e7, 6));
        assertEquals("0", Decimals.significant(0, 6));
        assertEquals("0.7437", Decimals.significant(0.74371, 4));
        assertEquals("NaN", Decimals.significant(Double.NaN, 4));
        // fixed places keep tiny values as zeros and allow more than 15 places
        assertEquals("0.0000", Decimals.fixed(1e-7, 4));
        assertEquals("0.10000000000000000555", Decimals.fixed(0.1, 20));
        assertEquals("2.67", Decimals.fixed(2.675, 2));
        assertThrows(IllegalArgumentException.class, () -> Decimals.significant(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Decimals.fixed(1, -1));
    }
}
