package org.fedpoison.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.fedpoison.plot.Plots;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import tech.tablesaw.api.Table;

class SweepPlotsTest {
    static final Factor<Double> A = Factor.of("a", 1.0, 2.0, 3.0);
    static final Factor<String> B = Factor.of("b", "x", "y");

    static Table summary() {
        return Sweep.builder("plots").grid(A, B).seeds(1, 2, 3)
                .function(List.of("v"), run -> Map.of("v", run.get(A) / 4 + 0.01 * run.seed() + (run.get(B).equals("y") ? 0.1 : 0)))
                .build().run(LocalRunner.withThreads(1)).summary("v");
    }

    @Test
    void theLineChartHasOneSeriesPerLevelWithTheIntervalsAsErrorBars() {
        Table s = summary();
        CategoryChart c = SweepPlots.line(s, "a", "b", "v");
        assertEquals(List.of("x", "y"), List.copyOf(c.getSeriesMap().keySet()));
        CategorySeries x = c.getSeriesMap().get("x");
        // seeds 1..3 add 0.01, 0.02, 0.03: sd 0.01, half-width t_{0.975,2} * 0.01 / sqrt(3) = 0.024841
        int n = 0;
        for (Number h : x.getExtraValues()) {
            assertEquals(4.302653 * 0.01 / Math.sqrt(3), h.doubleValue(), 1e-6);
            n++;
        }
        assertEquals(3, n);
        BufferedImage img = Plots.image(c);
        assertEquals(Plots.WIDTH, img.getWidth());
    }

    @Test
    void theHeatMapPrintsTheIntervalBeneathEachMean() {
        Table s = summary();
        IntervalHeatMap withIntervals = SweepPlots.heatMap(s, "b", "a", "v", 2, 0, 1);
        BufferedImage drawn = Plots.image(withIntervals);
        // the same chart drawn by plain XChart (no second line) differs only inside the cells
        org.knowm.xchart.HeatMapChart plain = new org.knowm.xchart.HeatMapChart(drawn.getWidth(), drawn.getHeight(), org.knowm.xchart.style.Styler.ChartTheme.XChart);
        plain.setTitle("v");
        plain.setXAxisTitle("b");
        plain.setYAxisTitle("a");
        plain.getStyler().setShowValue(true);
        plain.getStyler().setHeatMapValueDecimalPattern("0.00");
        plain.getStyler().setMin(0).setMax(1);
        plain.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        plain.getStyler().setXAxisLabelRotation(20);
        plain.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        plain.addSeries("v", List.of("x", "y"), List.of("1.0", "2.0", "3.0"), new java.util.ArrayList<Number[]>(withIntervals.getHeatMapSeries().getHeatData()));
        BufferedImage reference = Plots.image(plain);
        int differing = 0;
        for (int i = 0; i < drawn.getWidth(); i++) {
            for (int j = 0; j < drawn.getHeight(); j++) {
                if (drawn.getRGB(i, j) != reference.getRGB(i, j)) {
                    differing++;
                }
            }
        }
        assertTrue(differing > 6 * 60, "the six interval labels should add ink, " + differing + " pixels differ");
    }

    @Test
    void scaledHeatMapsColourGoodTheSameWayAndKeepTheTablesRowOrder() {
        // v grows with a (1, 2, 3 -> about 0.27, 0.52, 0.77) and is 0.1 higher for b = y
        Table s = summary();
        IntervalHeatMap good = SweepPlots.heatMap(s, "b", "a", "accuracy", 2, Plots.Scale.HIGH_IS_GOOD);
        IntervalHeatMap bad = SweepPlots.heatMap(s, "b", "a", "attack success", 2, Plots.Scale.HIGH_IS_BAD);
        // rows top-down as the summary lists a's levels: XChart's first row is drawn at the bottom
        assertEquals(List.of("3.0", "2.0", "1.0"), List.copyOf(good.getHeatMapSeries().getYData()));
        assertEquals(List.copyOf(good.getHeatMapSeries().getYData()), List.copyOf(bad.getHeatMapSeries().getYData()));
        // the same values, opposite colours: high is green on the first, red on the second
        java.awt.Color[] g = good.getStyler().getRangeColors();
        java.awt.Color[] b = bad.getStyler().getRangeColors();
        assertTrue(g[g.length - 1].getGreen() > g[g.length - 1].getRed(), "accuracy 1 should be green");
        assertTrue(b[b.length - 1].getRed() > b[b.length - 1].getGreen(), "attack success 1 should be red");
        assertEquals(g[0], b[b.length - 1]);
        assertEquals(0.0, good.getStyler().getMin());
        assertEquals(1.0, good.getStyler().getMax());
        assertEquals(Plots.image(good).getWidth(), Plots.image(bad).getWidth());
    }
}
