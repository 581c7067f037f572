package org.fedpoison.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableFormatTest {

    private static Table sample() {
        return Table.create("runs",
                StringColumn.create("run", "a", "b", "c"),
                IntColumn.create("round", 1, 2, 3),
                DoubleColumn.create("accuracy", 0.95543175, 0.0625, Double.NaN));
    }

    @Test
    void decimalColumnsPrintRoundedAndOtherColumnsUnchanged() {
        Table t = TableFormat.decimals(sample(), 3);
        assertEquals("0.955", t.doubleColumn("accuracy").getString(0));
        assertEquals("0.062", t.doubleColumn("accuracy").getString(1), "half-even: 0.0625 -> 0.062");
        assertEquals("NaN", t.doubleColumn("accuracy").getString(2));
        assertEquals("2", t.intColumn("round").getString(1));
        assertEquals("b", t.stringColumn("run").getString(1));
        assertEquals("runs", t.name());
    }

    @Test
    void valuesAreKeptInFullAndTheInputIsNotModified() {
        Table in = sample();
        String before = in.doubleColumn("accuracy").getString(0);
        Table t = TableFormat.decimals(in, 1);
        assertEquals(0.95543175, t.doubleColumn("accuracy").get(0));
        assertEquals("1.0", t.doubleColumn("accuracy").getString(0));
        assertEquals(before, in.doubleColumn("accuracy").getString(0));
    }

    @Test
    void zeroDecimalsPrintsWholeNumbers() {
        assertEquals("1", TableFormat.decimals(sample(), 0).doubleColumn("accuracy").getString(0));
    }

    @Test
    void badSettingsAreRejectedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TableFormat.decimals(sample(), 13))
                .getMessage().startsWith("decimals is 13"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TableFormat.decimals(null, 3))
                .getMessage().startsWith("table is null"));
    }
}
