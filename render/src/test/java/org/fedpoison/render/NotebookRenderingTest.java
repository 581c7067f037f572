package org.fedpoison.render;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotebookRenderingTest {

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

    private static BufferedImage decode(DisplayData d) throws Exception {
        String b64 = (String) d.getData(MIMEType.IMAGE_PNG);
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
    }

    @Test
    void tableHasHeaderRowsAndEscapedCells() {
        String html = TableHtml.render(table(3), 10);
        assertTrue(html.contains("<caption>t</caption>"));
        assertTrue(html.contains("<th>n</th><th>s</th>"));
        assertTrue(html.contains("<td>1</td><td>&lt;b&gt;&amp;</td>"));
        assertEquals(4, html.split("<tr>", -1).length - 1);
        assertFalse(html.contains("more row"));
    }

    @Test
    void longTableIsCappedWithACount() {
        String html = TableHtml.render(table(3), 2);
        assertEquals(3, html.split("<tr>", -1).length - 1);
        assertTrue(html.contains("\u2026 1 more row<"));
        assertTrue(TableHtml.render(table(12), 2).contains("\u2026 10 more rows"));
    }

    @Test
    void maxRowsMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> TableHtml.render(table(1), 0));
        assertTrue(e.getMessage().contains("maxRows"));
    }

    @Test
    void aPlainRendererGivesPngForEveryChartTypeAndHtmlForTables() throws Exception {
        Renderer r = new Renderer();
        NotebookRendering.registerAvailable(r);
        XYChart xy = new XYChartBuilder().width(120).height(90).build();
        xy.addSeries("y", new double[]{1, 2}, new double[]{3, 4});
        BufferedImage img = decode(r.render(xy));
        assertEquals(120, img.getWidth());
        assertEquals(90, img.getHeight());
        CategoryChart bars = new CategoryChartBuilder().width(60).height(40).build();
        bars.addSeries("n", List.of("a", "b"), List.of(1, 2));
        assertEquals(60, decode(r.render(bars)).getWidth());
        DisplayData t = r.render(table(2));
        assertTrue(((String) t.getData(MIMEType.TEXT_HTML)).contains("<th>n</th>"));
        assertTrue(t.hasDataForType(MIMEType.TEXT_PLAIN));
    }

    /** A chart's text/plain names its type, title and size, the same in every run (no identity hash). */
    @Test
    void chartTextIsItsTypeTitleAndSize() {
        Renderer r = new Renderer();
        NotebookRendering.registerAvailable(r);
        XYChart xy = new XYChartBuilder().width(120).height(90).title("Accuracy per round").build();
        xy.addSeries("y", new double[]{1, 2}, new double[]{3, 4});
        assertEquals("XYChart \"Accuracy per round\" (120x90)", r.render(xy).getData(MIMEType.TEXT_PLAIN));
        CategoryChart bars = new CategoryChartBuilder().width(60).height(40).build();
        bars.addSeries("n", List.of("a", "b"), List.of(1, 2));
        DisplayData d = r.render(bars);
        assertEquals("CategoryChart (60x40)", d.getData(MIMEType.TEXT_PLAIN));
        assertTrue(d.hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void imageForIJavaIsTheChartAtItsSize() {
        XYChart xy = new XYChartBuilder().width(70).height(50).build();
        BufferedImage img = NotebookRendering.image(xy);
        assertEquals(70, img.getWidth());
        assertEquals(50, img.getHeight());
    }
}
