package org.fedpoison.sweep;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedpoison.plot.Plots;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.Table;

/**
 * Charts of a sweep's per-cell summary ({@link SweepResult#summary(String)} or {@link Summary#of}):
 * a line over one factor with the confidence interval as error bars, and a heat map over two factors
 * with the interval printed in each cell. Each returns the chart; the notebook shows it.
 */
public final class SweepPlots {
    private SweepPlots() {}

    /**
     * The mean of the summary's value over the levels of factor {@code x}, one line per level of
     * {@code series} (or a single line when {@code series} is null), error bars from {@code low} to
     * {@code high} (none where a cell has one run). {@link Plots#WIDTH} x {@link Plots#HEIGHT}.
     *
     * @param summary a summary table grouped by {@code x} (and {@code series})
     * @param yLabel  the value's name for the axis, e.g. {@code "final accuracy"}
     */
    public static CategoryChart line(Table summary, String x, String series, String yLabel) {
        List<String> xs = Summary.distinct(summary, x);
        List<String> ss = series == null ? List.of(yLabel) : Summary.distinct(summary, series);
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(yLabel + " by " + x + " (mean and 95% interval over seeds)").xAxisTitle(x).yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (String s : ss) {
            List<Double> mean = new ArrayList<>();
            List<Double> half = new ArrayList<>();
            for (String xv : xs) {
                int row = find(summary, x, xv, series, s);
                double m = row < 0 ? Double.NaN : summary.doubleColumn("mean").getDouble(row);
                double h = row < 0 ? Double.NaN
                        : (summary.doubleColumn("high").getDouble(row) - summary.doubleColumn("low").getDouble(row)) / 2;
                mean.add(m);
                half.add(Double.isFinite(h) ? h : 0.0);
            }
            chart.addSeries(s, xs, mean, half);
        }
        return chart;
    }

    /**
     * A heat map of the summary's mean, column per level of {@code x}, row per level of {@code y},
     * each cell printed {@code mean} and beneath it {@code [low, high]} with {@code decimals} digits,
     * coloured on a scale from {@code min} (pale yellow) to {@code max} (red); cells with no successful
     * run are blank.
     */
    public static IntervalHeatMap heatMap(Table summary, String x, String y, String title, int decimals, double min, double max) {
        // a light sequential scale (pale yellow to red), on which the black text stays legible in every cell
        return heatMap(summary, x, y, title, decimals, min, max, false, new Color[] {new Color(255, 255, 229),
            new Color(254, 196, 79), new Color(240, 59, 32)});
    }

    /**
     * A heat map of a summary of values in [0, 1] (accuracy, attack success) whose colour says good or bad
     * for the defender the same way in every map, as {@link Plots#heatMap(String, String, List, String, List,
     * double[][], Plots.Scale)} does: green good, red bad, whichever end of the scale that is. Rows are drawn
     * top-down in the order the summary lists the levels of {@code y} (the order of its table, e.g. of
     * {@link Summary#grid}), columns left to right in the order of {@code x}; each cell prints the mean and
     * beneath it the interval, with {@code decimals} digits.
     */
    public static IntervalHeatMap heatMap(Table summary, String x, String y, String title, int decimals, Plots.Scale scale) {
        if (scale == null) {
            throw new IllegalArgumentException("scale is null: Plots.Scale.HIGH_IS_GOOD or HIGH_IS_BAD");
        }
        return heatMap(summary, x, y, title, decimals, 0, 1, true, scale.colors());
    }

    private static IntervalHeatMap heatMap(Table summary, String x, String y, String title, int decimals, double min, double max,
                                           boolean topDown, Color[] colors) {
        List<String> xs = Summary.distinct(summary, x);
        List<String> ys = new ArrayList<>(Summary.distinct(summary, y));
        if (topDown) {
            Collections.reverse(ys);   // XChart draws its first row at the bottom
        }
        List<Number[]> cells = new ArrayList<>();
        Map<Integer, Map<Integer, String>> intervals = new HashMap<>();
        for (int r = 0; r < summary.rowCount(); r++) {
            double mean = summary.doubleColumn("mean").getDouble(r);
            if (!Double.isFinite(mean)) {
                continue;
            }
            int i = xs.indexOf(summary.column(x).getString(r));
            int j = ys.indexOf(summary.column(y).getString(r));
            cells.add(new Number[] {i, j, mean});
            double low = summary.doubleColumn("low").getDouble(r);
            double high = summary.doubleColumn("high").getDouble(r);
            String text = Double.isFinite(low)
                    ? "[" + Summary.fixed(low, decimals) + ", " + Summary.fixed(high, decimals) + "]" : "(n=1)";
            intervals.computeIfAbsent(i, k -> new HashMap<>()).put(j, text);
        }
        int height = Math.max(Plots.HEIGHT, 60 + 44 * ys.size());
        int width = Math.max(Plots.WIDTH, 220 + 96 * xs.size());
        IntervalHeatMap chart = new IntervalHeatMap(width, height, xs.size(), ys.size(), intervals);
        chart.setTitle(title);
        chart.setXAxisTitle(x);
        chart.setYAxisTitle(y);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern(decimals == 0 ? "0" : "0." + "0".repeat(decimals));
        chart.getStyler().setMin(min).setMax(max);
        chart.getStyler().setRangeColors(colors);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        chart.addSeries(title, new ArrayList<>(xs), new ArrayList<>(ys), cells);
        return chart;
    }

    private static int find(Table t, String x, String xv, String series, String sv) {
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.column(x).getString(r).equals(xv) && (series == null || t.column(series).getString(r).equals(sv))) {
                return r;
            }
        }
        return -1;
    }
}
