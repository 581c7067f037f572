package org.fedpoison.plot;

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
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart helpers for federated runs. Each returns an XChart chart (never shows it: the notebook
 * decides), renders headless, and leaves the data untouched; {@link #image(Chart)} turns any chart
 * into a {@link BufferedImage} that Jupyter kernels display as PNG.
 *
 * <p>Rounds are plotted from 1 (after the first round) to R. Non-finite values (a model that
 * became NaN under naive FedAvg) are left out of line charts, so the line stops where the model broke.
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
        return perRound("Test accuracy", "accuracy", histories, History::accuracy);
    }

    /** Test loss (mean cross-entropy) per round, one line per history. */
    public static XYChart loss(History... histories) {
        return loss(named(histories));
    }

    /** Test loss per round, one line per named history. */
    public static XYChart loss(Map<String, History> histories) {
        return perRound("Test loss", "cross-entropy", histories, History::loss);
    }

    /** A metric per round ({@link History#metric(String)}), one line per history. */
    public static XYChart metric(String name, History... histories) {
        return metric(name, named(histories));
    }

    /** A metric per round, one line per named history. */
    public static XYChart metric(String name, Map<String, History> histories) {
        return perRound(name, name, histories, h -> h.metric(name));
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
        double[] x = new double[maxRounds];
        for (int i = 0; i < maxRounds; i++) {
            x[i] = i + 1;
        }
        return line(title, "round", yLabel, x, ys);
    }

    /**
     * A generic line chart: one line per entry of {@code series} against {@code x} (a series may be
     * shorter than {@code x}; non-finite points are skipped).
     */
    public static XYChart line(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendVisible(series.size() > 1);
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
            XYSeries s = chart.addSeries(e.getKey(), xs, vs);
            s.setMarker(xs.size() <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            chart.setTitle(title + " (no finite values)");
        }
        return chart;
    }

    /** A single line chart of {@code y} against {@code 1..n}. */
    public static XYChart line(String title, String xLabel, String yLabel, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = i + 1;
        }
        return line(title, xLabel, yLabel, x, Map.of(yLabel, y));
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
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
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
                .title("Update norms" + (round >= 0 ? " in round " + (round + 1) : ""))
                .xAxisTitle("||delta|| (bin centre)").yAxisTitle("updates").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
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
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.addSeries(title, new ArrayList<>(xs), new ArrayList<>(ys), cells);
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
