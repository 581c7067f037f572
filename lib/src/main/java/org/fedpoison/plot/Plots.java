package org.fedpoison.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fedpoison.fl.ClientRecord;
import org.fedpoison.fl.History;
import org.fedpoison.fl.RoundRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart helpers for federated runs. Each returns an XChart chart (never shows it: the notebook
 * decides), renders headless, and leaves the data untouched; {@link #image(Chart)} turns any chart
 * into a {@link BufferedImage} that Jupyter kernels display as PNG.
 *
 * <p><b>Rounds</b> are numbered as everywhere else in the library — {@link RoundRecord#round()},
 * {@code History.toTable()}, {@code Schedule}, {@code RoundContext.round()}: from 0 (the first round)
 * to R − 1; a point at round t is the state after round t. Non-finite values (a model that became
 * NaN under naive FedAvg) are left out of line charts, so the line stops where the model broke.
 *
 * <p><b>Style</b> ({@link #style(XYChart)}, applied by every helper here): a fixed palette, and
 * each series also has its own dash pattern and marker, so lines stay apart in grey print and where
 * they overlap; with more than one series the legend sits outside the plot, below it. Give each chart
 * a title that states its point (the overloads with a {@code title}); the default titles only name
 * the quantity. Heat maps ({@link #heatMap(String, String, List, String, List, double[][], Scale)})
 * draw rows top-down in the order given (the order of the table beside them) and colour by a
 * {@link Scale} that says which end is good, so that green means good for the defender in every map.
 */
public final class Plots {
    private Plots() {}

    /** Default chart width in pixels. */
    public static final int WIDTH = 640;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 400;

    /** Test accuracy per round, one line per history (named by its description). */
    public static XYChart accuracy(History... histories) {
        return accuracy(named(histories));
    }

    /** Test accuracy per round, one line per named history (in the map's order). */
    public static XYChart accuracy(Map<String, History> histories) {
        return accuracy("Test accuracy", histories);
    }

    /** Test accuracy per round under a title that states the chart's point. */
    public static XYChart accuracy(String title, Map<String, History> histories) {
        return perRound(title, "test accuracy", histories, History::accuracy);
    }

    /** Test loss (mean cross-entropy) per round, one line per history. */
    public static XYChart loss(History... histories) {
        return loss(named(histories));
    }

    /** Test loss per round, one line per named history. */
    public static XYChart loss(Map<String, History> histories) {
        return loss("Test loss", histories);
    }

    /** Test loss per round under a title that states the chart's point. */
    public static XYChart loss(String title, Map<String, History> histories) {
        return perRound(title, "test cross-entropy", histories, History::loss);
    }

    /** A metric per round ({@link History#metric(String)}), one line per history. */
    public static XYChart metric(String name, History... histories) {
        return metric(name, named(histories));
    }

    /** A metric per round, one line per named history. */
    public static XYChart metric(String name, Map<String, History> histories) {
        return metric(name, name, histories);
    }

    /** A metric per round under a title that states the chart's point. */
    public static XYChart metric(String title, String name, Map<String, History> histories) {
        return perRound(title, name, histories, h -> h.metric(name));
    }

    private static Map<String, History> named(History... histories) {
        if (histories.length == 0) {
            throw new IllegalArgumentException("histories is empty, needs at least one");
        }
        Map<String, History> m = new LinkedHashMap<>();
        for (History h : histories) {
            String name = h.description();
            for (int i = 2; m.containsKey(name); i++) {
                name = h.description() + " #" + i;
            }
            m.put(name, h);
        }
        return m;
    }

    private static XYChart perRound(String title, String yLabel, Map<String, History> histories,
                                    Function<History, double[]> values) {
        if (histories.isEmpty()) {
            throw new IllegalArgumentException("histories is empty, needs at least one");
        }
        Map<String, double[]> ys = new LinkedHashMap<>();
        int maxRounds = 0;
        for (Map.Entry<String, History> e : histories.entrySet()) {
            ys.put(e.getKey(), values.apply(e.getValue()));
            maxRounds = Math.max(maxRounds, e.getValue().numRounds());
        }
        return line(title, "round (from 0)", yLabel, rounds(maxRounds), ys);
    }

    /** The round numbers {@code 0 .. n-1} as a chart's x values (the library's round numbering). */
    public static double[] rounds(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n is " + n + ", must be >= 0");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /**
     * A generic line chart: one line per entry of {@code series} against {@code x} (a series may be
     * shorter than {@code x}; non-finite points are skipped).
     */
    public static XYChart line(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        boolean any = false;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            List<Double> xs = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                if (Double.isFinite(y[i]) && Double.isFinite(x[i])) {
                    xs.add(x[i]);
                    vs.add(y[i]);
                }
            }
            if (xs.isEmpty()) {
                continue; // XChart cannot draw an empty series
            }
            chart.addSeries(e.getKey(), xs, vs);
            any = true;
        }
        if (!any) {
            chart.setTitle(title + " (no finite values)");
        }
        return style(chart);
    }

    /** The palette of {@link #style(XYChart)} (colour-blind safe, after Okabe and Ito). */
    public static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    private static final BasicStroke[] DASHES = {
        SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT, SeriesLines.DASH_DOT};

    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.CROSS, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.PLUS, SeriesMarkers.OVAL};

    /**
     * The house style for any line chart, also one a notebook built itself: white background; series
     * {@code i} gets colour {@code PALETTE[i % 8]}, dash pattern {@code i % 4} (solid, dashes, dots,
     * dash-dot) and marker {@code i % 8}, so no two of the first eight series look alike even without
     * colour; markers are drawn on series of up to 40 points (scatter series always keep theirs);
     * with more than one series in the legend, the legend sits below the plot, outside the data.
     * Series whose name starts with {@code "_"} keep their own style (for reference lines).
     *
     * @return the same chart, for chaining
     */
    public static XYChart style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int i = 0;
        int shown = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.isShowInLegend()) {
                shown++;
            }
            if (s.getName().startsWith("_")) {
                continue;
            }
            Color c = PALETTE[i % PALETTE.length];
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setFillColor(c);
            boolean scatter = s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.Scatter;
            if (!scatter) {
                s.setLineStyle(DASHES[i % DASHES.length]);
            }
            s.setMarker(scatter || s.getXData().length <= 40 ? MARKERS[i % MARKERS.length] : SeriesMarkers.NONE);
            i++;
        }
        chart.getStyler().setLegendVisible(shown > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        fitTitle(chart);
        return chart;
    }

    /** Shrinks the title font (down to 10 pt) so that a title stating the chart's point fits its width. */
    static void fitTitle(Chart<?, ?> chart) {
        String title = chart.getTitle();
        if (title == null || title.isEmpty()) {
            return;
        }
        java.awt.Font f = chart.getStyler().getChartTitleFont();
        java.awt.image.BufferedImage scratch = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        try {
            float size = f.getSize2D();
            while (size > 10 && g.getFontMetrics(f.deriveFont(size)).stringWidth(title) > chart.getWidth() - 16) {
                size -= 0.5f;
            }
            chart.getStyler().setChartTitleFont(f.deriveFont(size));
        } finally {
            g.dispose();
        }
    }

    /**
     * Lines of {@code series} against {@code x} (as {@link #line(String, String, String, double[], Map)}) with,
     * for each series that has an entry in {@code breakdownAt}, a dashed vertical line at that x in the
     * series' colour, from {@code yMin} to {@code yMax}, named "breakdown of NAME (x = ...)" — for example
     * the number of sybils at which each aggregation rule breaks. Vertical lines of equal x are spread
     * a little sideways so none hides another.
     */
    public static XYChart breakdown(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
                                    Map<String, Double> breakdownAt, double yMin, double yMax) {
        XYChart chart = line(title, xLabel, yLabel, x, series);
        double span = x.length > 1 ? Math.abs(x[x.length - 1] - x[0]) : 1;
        List<String> names = new ArrayList<>(series.keySet());
        for (int i = 0; i < names.size(); i++) {
            Double at = breakdownAt.get(names.get(i));
            if (at == null || !Double.isFinite(at)) {
                continue;
            }
            double xi = at + 0.004 * span * (i - (names.size() - 1) / 2.0);
            String label = Double.compare(at, Math.rint(at)) == 0 ? String.valueOf(at.longValue()) : String.valueOf(at);
            XYSeries v = chart.addSeries("_breakdown of " + names.get(i) + " (x = " + label + ")",
                    new double[] {xi, xi}, new double[] {yMin, yMax});
            Color c = PALETTE[i % PALETTE.length];
            v.setLineColor(c);
            v.setMarker(SeriesMarkers.NONE);
            v.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            v.setShowInLegend(false);
        }
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
        return chart;
    }

    /** A single line chart of {@code y} against {@code 0..n-1} (for example one value per round). */
    public static XYChart line(String title, String xLabel, String yLabel, double[] y) {
        return line(title, xLabel, yLabel, rounds(y.length), Map.of(yLabel, y));
    }

    /** Per-class test accuracy after the last round, one bar per class (classes named 0, 1, ...). */
    public static CategoryChart perClassAccuracy(History history) {
        return perClassAccuracy(Map.of(history.description(), history), null);
    }

    /**
     * Per-class test accuracy after the last round of each history, grouped bars.
     *
     * @param classNames names of the classes for the axis, or null for 0, 1, ...
     */
    public static CategoryChart perClassAccuracy(Map<String, History> histories, List<String> classNames) {
        if (histories.isEmpty()) {
            throw new IllegalArgumentException("histories is empty, needs at least one");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Per-class test accuracy after the last round").xAxisTitle("class").yAxisTitle("accuracy").build();
        chart.getStyler().setLegendVisible(histories.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Map.Entry<String, History> e : histories.entrySet()) {
            double[] pc = e.getValue().last().perClassAccuracy();
            List<String> names = new ArrayList<>();
            List<Double> vals = new ArrayList<>();
            for (int k = 0; k < pc.length; k++) {
                names.add(classNames != null && k < classNames.size() ? classNames.get(k) : Integer.toString(k));
                vals.add(Double.isFinite(pc[k]) ? pc[k] : 0.0);
            }
            chart.addSeries(e.getKey(), names, vals);
        }
        return chart;
    }

    /**
     * Histogram of the L2 norms of the clients' updates over all rounds of {@code history}, with
     * honest and malicious clients as two series on the same bins (non-finite norms left out).
     */
    public static CategoryChart normHistogram(History history) {
        return normHistogram(history, -1, 20);
    }

    /**
     * Histogram of update norms, honest vs malicious.
     *
     * @param round the round to show, or -1 for all rounds
     * @param bins  number of equal-width bins between the smallest and largest norm, at least 1
     */
    public static CategoryChart normHistogram(History history, int round, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins is " + bins + ", must be >= 1");
        }
        if (round < -1 || round >= history.numRounds()) {
            throw new IllegalArgumentException("round is " + round + ", must be -1 (all) or in [0, "
                    + history.numRounds() + ")");
        }
        List<Double> honest = new ArrayList<>();
        List<Double> bad = new ArrayList<>();
        for (RoundRecord r : history.rounds()) {
            if (round >= 0 && r.round() != round) {
                continue;
            }
            for (ClientRecord c : r.clients()) {
                if (Double.isFinite(c.norm())) {
                    (c.malicious() ? bad : honest).add(c.norm());
                }
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<Double> l : List.of(honest, bad)) {
            for (double v : l) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            min = 0;
            max = 1;
        }
        if (min == max) {
            max = min + 1e-9 + Math.abs(min) * 1e-6;
        }
        double width = (max - min) / bins;
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(String.format("%.3g", min + (b + 0.5) * width));
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Update norms" + (round >= 0 ? " in round " + round : ""))
                .xAxisTitle("||delta|| (bin centre)").yAxisTitle("updates").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("honest", labels, counts(honest, min, width, bins));
        if (!bad.isEmpty()) {
            chart.addSeries("malicious", labels, counts(bad, min, width, bins));
        }
        return chart;
    }

    private static List<Integer> counts(List<Double> values, double min, double width, int bins) {
        Integer[] c = new Integer[bins];
        Arrays.fill(c, 0);
        for (double v : values) {
            int b = (int) Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
            c[b]++;
        }
        return Arrays.asList(c);
    }

    /**
     * A heat map of a grid of results, e.g. accuracy for each (attack strength, defence) pair:
     * {@code values[i][j]} is shown at column {@code xs.get(j)}, row {@code ys.get(i)}, printed with
     * 2 decimals; {@link #WIDTH} x {@link #HEIGHT} pixels. Non-finite cells are left blank.
     */
    public static HeatMapChart heatMap(String title, String xLabel, List<?> xs, String yLabel, List<?> ys,
                                       double[][] values) {
        return heatMap(title, xLabel, xs, yLabel, ys, values, 2, WIDTH, HEIGHT);
    }

    /**
     * A heat map as {@link #heatMap(String, String, List, String, List, double[][])}, with the values
     * printed with {@code decimals} digits after the point (0 to 10) on a {@code width} x {@code height}
     * pixel chart (each at least 1).
     */
    public static HeatMapChart heatMap(String title, String xLabel, List<?> xs, String yLabel, List<?> ys,
                                       double[][] values, int decimals, int width, int height) {
        if (decimals < 0 || decimals > 10) {
            throw new IllegalArgumentException("decimals is " + decimals + ", must be in [0, 10]");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size is " + width + " x " + height + " pixels, width and height must be >= 1");
        }
        if (values.length != ys.size()) {
            throw new IllegalArgumentException("values has " + values.length + " rows for " + ys.size() + " y labels");
        }
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != xs.size()) {
                throw new IllegalArgumentException("values row " + i + " has " + values[i].length + " entries for "
                        + xs.size() + " x labels");
            }
            for (int j = 0; j < values[i].length; j++) {
                if (Double.isFinite(values[i][j])) { // a NaN cell stays blank rather than posing as a number
                    cells.add(new Number[] {j, i, values[i][j]});
                }
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height)
                .title(cells.isEmpty() ? title + " (no finite values)" : title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern(decimals == 0 ? "0" : "0." + "0".repeat(decimals));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries(title, new ArrayList<>(xs), new ArrayList<>(ys), cells);
        fitTitle(chart);
        return chart;
    }

    /** Which end of a heat map's 0..1 scale is good for the defender. */
    public enum Scale {
        /** High values are good (accuracy): 1 is green, 0 is red. */
        HIGH_IS_GOOD,
        /** High values are bad (attack success): 1 is red, 0 is green. */
        HIGH_IS_BAD;

        /** The colours from 0 to 1 on this scale: red, pale yellow, green, or the reverse. */
        public Color[] colors() {
            return this == HIGH_IS_GOOD ? new Color[] {BAD, MIDDLE, GOOD} : new Color[] {GOOD, MIDDLE, BAD};
        }
    }

    private static final Color GOOD = new Color(0x1A9850);
    private static final Color MIDDLE = new Color(0xFFFFBF);
    private static final Color BAD = new Color(0xD73027);

    /**
     * A heat map of values in [0, 1] whose colour says good or bad the same way in every map: green is
     * good for the defender and red is bad, whichever end of the scale that is ({@code scale}). Rows
     * are drawn top-down in the order of {@code ys} (the order of a table of the same values), columns
     * left to right in the order of {@code xs}; values are printed with 2 decimals. Values outside
     * [0, 1] are drawn at the nearest end.
     */
    public static HeatMapChart heatMap(String title, String xLabel, List<?> xs, String yLabel, List<?> ys,
                                       double[][] values, Scale scale) {
        if (scale == null) {
            throw new IllegalArgumentException("scale is null: HIGH_IS_GOOD or HIGH_IS_BAD");
        }
        if (values.length != ys.size()) {
            throw new IllegalArgumentException("values has " + values.length + " rows for " + ys.size() + " y labels");
        }
        List<Object> rows = new ArrayList<>(ys);
        java.util.Collections.reverse(rows);
        double[][] flipped = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            flipped[values.length - 1 - i] = values[i];
        }
        HeatMapChart chart = heatMap(title, xLabel, xs, yLabel, rows, flipped, 2, WIDTH, HEIGHT);
        chart.getStyler().setMin(0).setMax(1);
        chart.getStyler().setRangeColors(scale.colors());
        chart.getStyler().setXAxisLabelRotation(xs.size() > 4 ? 30 : 0);
        return chart;
    }

    /** The chart rendered to an image (headless), which notebook kernels display as PNG. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
