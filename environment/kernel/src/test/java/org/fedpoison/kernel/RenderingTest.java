package org.fedpoison.kernel;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderingTest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static Table table(int rows) {
        int[] n = new int[rows];
        String[] s = new String[rows];
        for (int i = 0; i < rows; i++) {
            n[i] = i;
            s[i] = i == 1 ? "<b>&" : "r" + i;
        }
        return Table.create("t", IntColumn.create("n", n), StringColumn.create("s", s));
    }

    @Test
    void tableHasHeaderRowsAndEscapedCells() throws Exception {
        String html = HtmlTable.render(table(3), 10);
        assertTrue(html.contains("<caption>t</caption>"));
        assertTrue(html.contains("<th>n</th><th>s</th>"));
        assertTrue(html.contains("<td>1</td><td>&lt;b&gt;&amp;</td>"));
        assertEquals(4, html.split("<tr>", -1).length - 1);
        assertFalse(html.contains("more row"));
    }

    @Test
    void longTableIsCappedWithACount() throws Exception {
        String html = HtmlTable.render(table(3), 2);
        assertEquals(3, html.split("<tr>", -1).length - 1);
        assertTrue(html.contains("\u2026 1 more row<"));
        assertTrue(HtmlTable.render(table(12), 2).contains("\u2026 10 more rows"));
    }

    @Test
    void tableDetectionUsesTheClassName() {
        assertTrue(HtmlTable.isTable(table(1)));
        assertFalse(HtmlTable.isTable("not a table"));
        assertFalse(HtmlTable.isTable(null));
    }

    @Test
    void maxRowsMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> HtmlTable.render(table(1), 0));
        assertTrue(e.getMessage().contains("maxRows"));
    }

    @Test
    void chartBecomesAnImageOfItsSize() {
        XYChart chart = new XYChartBuilder().width(120).height(90).build();
        chart.addSeries("y", new double[]{1, 2}, new double[]{3, 4});
        Object image = RichRenderer.asImageIfChart(chart);
        assertTrue(image instanceof BufferedImage);
        assertEquals(120, ((BufferedImage) image).getWidth());
        assertEquals(90, ((BufferedImage) image).getHeight());
    }

    @Test
    void nonChartsAreLeftAlone() {
        Object o = List.of(1);
        assertSame(o, RichRenderer.asImageIfChart(o));
    }

    @Test
    void rendererGivesPngForChartsAndHtmlForTables() {
        RichRenderer r = new RichRenderer(5);
        org.dflib.jjava.jupyter.kernel.display.common.Image.registerAll(r); // as BaseKernel does
        XYChart chart = new XYChartBuilder().width(50).height(40).build();
        assertTrue(r.render(chart).hasDataForType(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.IMAGE_PNG));
        var data = r.render(table(2));
        assertTrue(data.hasDataForType(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML));
        assertTrue(data.hasDataForType(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
    }
}
