package org.fedpoison.kernel;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Renders a Tablesaw {@code tech.tablesaw.api.Table} as an HTML table, by reflection.
 *
 * <p>Tablesaw reaches the kernel only at run time (through {@code %jars} or {@code %maven}), so the kernel
 * cannot link against it: it calls {@code name()}, {@code columnNames()}, {@code rowCount()},
 * {@code columnCount()}, {@code column(int)} and {@code Column.getString(int)} on the object's own class.
 * At most {@code maxRows} rows are shown, followed by a note with the number left out. Cell text is
 * HTML-escaped.
 */
final class HtmlTable {

    static final String TABLE_CLASS = "tech.tablesaw.api.Table";
    static final int DEFAULT_MAX_ROWS = 30;

    private HtmlTable() {
    }

    /** True if {@code o} is a Tablesaw table (or subclass), whichever class loader defined it. */
    static boolean isTable(Object o) {
        return o != null && RichRenderer.hasSuperclass(o.getClass(), TABLE_CLASS);
    }

    /**
     * @param table   a Tablesaw table
     * @param maxRows the largest number of rows to show; must be at least 1
     * @return an HTML {@code <table>} with a caption (the table's name) and a header row
     * @throws ReflectiveOperationException if the object does not have Tablesaw's methods
     */
    static String render(Object table, int maxRows) throws ReflectiveOperationException {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        Class<?> c = table.getClass();
        String name = (String) c.getMethod("name").invoke(table);
        @SuppressWarnings("unchecked")
        List<String> columns = (List<String>) c.getMethod("columnNames").invoke(table);
        int rows = (Integer) c.getMethod("rowCount").invoke(table);
        Method column = c.getMethod("column", int.class);
        int shown = Math.min(rows, maxRows);
        StringBuilder html = new StringBuilder("<table class=\"fedpoison-table\">\n");
        if (name != null && !name.isEmpty()) {
            html.append("<caption>").append(escape(name)).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (String col : columns) {
            html.append("<th>").append(escape(col)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        Object[] cols = new Object[columns.size()];
        Method[] getString = new Method[columns.size()];
        for (int j = 0; j < cols.length; j++) {
            cols[j] = column.invoke(table, j);
            getString[j] = cols[j].getClass().getMethod("getString", int.class);
        }
        for (int i = 0; i < shown; i++) {
            html.append("<tr>");
            for (int j = 0; j < cols.length; j++) {
                html.append("<td>").append(escape((String) getString[j].invoke(cols[j], i))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (rows > shown) {
            int more = rows - shown;
            html.append("<p>\u2026 ").append(more).append(more == 1 ? " more row" : " more rows").append("</p>\n");
        }
        return html.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
