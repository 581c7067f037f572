package org.fedpoison.render;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML {@code <table>}: the table's name as caption, a header row, at most
 * {@code maxRows} rows and then a line with the number left out. Cell text is HTML-escaped.
 */
public final class TableHtml {

    /** Rows shown by default. */
    public static final int DEFAULT_MAX_ROWS = 30;

    private TableHtml() {
    }

    /**
     * @param table   the table
     * @param maxRows the largest number of rows to show; must be at least 1
     * @return the HTML
     */
    public static String render(Table table, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        int rows = table.rowCount();
        int shown = Math.min(rows, maxRows);
        StringBuilder html = new StringBuilder("<table class=\"fedpoison-table\">\n");
        if (table.name() != null && !table.name().isEmpty()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (String col : table.columnNames()) {
            html.append("<th>").append(escape(col)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < shown; i++) {
            html.append("<tr>");
            for (Column<?> c : table.columns()) {
                html.append("<td>").append(escape(c.getString(i))).append("</td>");
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

    /** Registers tables as {@code text/html} with {@code renderer}. */
    static void register(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_HTML,
                        () -> render(table, DEFAULT_MAX_ROWS)));
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
