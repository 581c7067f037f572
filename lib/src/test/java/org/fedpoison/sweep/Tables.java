package org.fedpoison.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Table comparisons for the sweep tests: same columns, same values, doubles bit for bit. */
final class Tables {
    private Tables() {}

    static void assertSameValues(Table expected, Table actual) {
        assertEquals(expected.columnNames(), actual.columnNames());
        assertEquals(expected.rowCount(), actual.rowCount());
        for (String c : expected.columnNames()) {
            if (expected.column(c) instanceof DoubleColumn d) {
                // Arrays.equals on doubles compares bits (NaN equals NaN, 0.0 differs from -0.0)
                assertArrayEquals(d.asDoubleArray(), actual.doubleColumn(c).asDoubleArray(), 0.0, "column " + c);
                for (int i = 0; i < d.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(d.getDouble(i)), Double.doubleToRawLongBits(actual.doubleColumn(c).getDouble(i)),
                            "column " + c + " row " + i);
                }
            } else {
                assertEquals(expected.column(c).asList(), actual.column(c).asList(), "column " + c);
            }
        }
    }
}
