package org.fedpoison.sweep;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;

/**
 * A heat map whose cells show a mean (coloured and printed, as in any {@link HeatMapChart}) and,
 * on a second line beneath it, its confidence interval {@code [low, high]}. Made by
 * {@link SweepPlots#heatMap}; it renders wherever an XChart chart does (notebooks, PNG files).
 *
 * <p>The second line is drawn after XChart has painted the chart, in the cell rectangles XChart
 * uses (the plot area shrunk by the styler's plot-content size, divided evenly among the
 * categories).
 */
public final class IntervalHeatMap extends HeatMapChart {
    private final Map<Integer, Map<Integer, String>> intervals;
    private final int columns;
    private final int rows;

    IntervalHeatMap(int width, int height, int columns, int rows, Map<Integer, Map<Integer, String>> intervals) {
        super(width, height, org.knowm.xchart.style.Styler.ChartTheme.XChart);
        this.columns = columns;
        this.rows = rows;
        this.intervals = intervals;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        super.paint(g, width, height);
        if (plot == null || plot.getBounds() == null) {
            return;
        }
        Rectangle2D b = plot.getBounds();
        double size = getStyler().getPlotContentSize();
        double xMargin = (b.getWidth() - size * b.getWidth()) / 2;
        double yMargin = (b.getHeight() - size * b.getHeight()) / 2;
        double w = (b.getWidth() - 2 * xMargin) / columns;
        double h = (b.getHeight() - 2 * yMargin) / rows;
        Font value = getStyler().getValueFont();
        Font small = value.deriveFont(value.getSize2D() * 0.75f);
        FontRenderContext frc = new FontRenderContext(null, true, false);
        double valueHeight = new TextLayout("0.00", value, frc).getBounds().getHeight();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(getStyler().getValueFontColor());
        for (Map.Entry<Integer, Map<Integer, String>> col : intervals.entrySet()) {
            for (Map.Entry<Integer, String> cell : col.getValue().entrySet()) {
                int x = col.getKey();
                int y = cell.getKey();
                double cx = b.getX() + xMargin + w * (x + 0.5);
                double cy = b.getY() + yMargin + h * (rows - 1 - y + 0.5);
                TextLayout t = new TextLayout(cell.getValue(), small, frc);
                Rectangle2D tb = t.getBounds();
                float tx = (float) (cx - tb.getWidth() / 2);
                float ty = (float) (cy + valueHeight / 2 + tb.getHeight() + Math.max(2, h * 0.06));
                t.draw(g, tx, ty);
            }
        }
    }
}
