package org.fedpoison.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.Clients;
import org.fedpoison.fl.History;
import org.fedpoison.fl.Simulation;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/** Renders every chart helper to PNG, headless, and checks that something was drawn. */
class PlotsTest {
    static History clean;
    static History attacked;
    static History broken;

    /** Sends its honest update scaled by a factor; marked malicious. */
    record Scaled(Client inner, float factor) implements Client {
        public int id() {
            return inner.id();
        }

        public long numExamples() {
            return inner.numExamples();
        }

        public boolean isMalicious() {
            return true;
        }

        public ClientUpdate update(RoundContext ctx) {
            ClientUpdate u = inner.update(ctx);
            return u.withDelta(u.delta().mul(factor));
        }
    }

    /** The norm of the global parameters, a metric every history records. */
    static final Metric GLOBAL_NORM = new Metric() {
        public String name() {
            return "global norm";
        }

        public double measure(Model model, INDArray global) {
            return FlatVectors.norm(global);
        }
    };

    @BeforeAll
    static void run() {
        System.setProperty("java.awt.headless", "true");
        TrainTest tt = Datasets.digits();
        List<Dataset> parts = Partitioners.iid().partition(tt.train(), 6, 1);
        List<Client> honest = Clients.honest(parts);
        Simulation.Builder b = Simulation.builder().model(SoftmaxRegression.of(64, 10)).test(tt.test()).rounds(3)
                .train(new TrainConfig(1, 16, 0.1)).threads(2).metric(GLOBAL_NORM);
        clean = b.clients(honest).build().run();
        attacked = b.clients(Clients.replace(honest, List.of(0), (id, c) -> new Scaled(c, -4f))).build().run();
        broken = b.clients(Clients.replace(honest, List.of(1), (id, c) -> new Scaled(c, Float.NaN)))
                .dropNonFinite(false).build().run();
    }

    static void assertRenders(Chart<?, ?> chart) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(chart.getWidth(), img.getWidth());
        assertEquals(chart.getHeight(), img.getHeight());
        Set<Integer> colours = new HashSet<>();
        int nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                nonWhite += rgb != 0xFFFFFF ? 1 : 0;
            }
        }
        // axes, labels and at least one coloured series: many colours and a fair share of ink
        assertTrue(colours.size() > 10, "only " + colours.size() + " colours");
        assertTrue(nonWhite > img.getWidth() * img.getHeight() / 4 / 100, "almost blank: " + nonWhite + " pixels");
        assertEquals(img.getWidth(), Plots.image(chart).getWidth());
    }

    @Test
    void everyChartHelperRenders() throws IOException {
        Map<String, History> both = new LinkedHashMap<>();
        both.put("clean", clean);
        both.put("sign flip x4", attacked);
        assertRenders(Plots.accuracy(clean, attacked));
        assertRenders(Plots.accuracy(both));
        assertRenders(Plots.loss(both));
        assertRenders(Plots.loss(broken)); // NaN losses are skipped
        assertRenders(Plots.perClassAccuracy(clean));
        assertRenders(Plots.perClassAccuracy(both, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));
        assertRenders(Plots.normHistogram(attacked));
        assertRenders(Plots.normHistogram(attacked, 1, 8));
        assertRenders(Plots.heatMap("accuracy", "defence", List.of("FedAvg", "Median"), "attackers",
                List.of("0", "1", "2"), new double[][] {{0.9, 0.88}, {0.5, 0.87}, {0.1, 0.8}}));
        assertRenders(Plots.line("x squared", "x", "y", new double[] {1, 4, 9, 16}));
        assertTrue(Plots.png(Plots.accuracy(clean)).length > 1000);
        assertRenders(Plots.loss(clean, attacked));
        assertRenders(Plots.metric("global norm", clean, attacked));
        assertRenders(Plots.metric("global norm", both));
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("squares", new double[] {0, 1, 4, 9});
        curves.put("cubes, shorter", new double[] {0, 1, 8});
        assertRenders(Plots.line("powers", "x", "x^k", new double[] {0, 1, 2, 3}, curves));
        assertRenders(Plots.heatMap("accuracy", "defence", List.of("FedAvg", "Median"), "attackers",
                List.of("0", "1"), new double[][] {{0.9, Double.NaN}, {0.5, 0.87}}, 3, 300, 200));
    }

    @Test
    void metricChartsPlotTheRecordedValuesPerRound() {
        XYChart chart = Plots.metric("global norm", clean);
        assertEquals("global norm", chart.getTitle());
        var series = chart.getSeriesMap().values().iterator().next();
        assertArrayEquals(new double[] {0, 1, 2}, series.getXData()); // the rounds of toTable(), from 0
        assertArrayEquals(clean.metric("global norm"), series.getYData());
        assertThrows(IllegalArgumentException.class, () -> Plots.metric("no such metric", clean));
        assertThrows(IllegalArgumentException.class, () -> Plots.metric("global norm", new LinkedHashMap<>()));
    }

    @Test
    void lineSkipsNonFinitePointsAndShortSeriesStopEarly() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("a", new double[] {1, Double.NaN, 3, 4});
        curves.put("b", new double[] {5, 6});
        XYChart chart = Plots.line("t", "x", "y", new double[] {10, 20, 30, 40}, curves);
        assertArrayEquals(new double[] {10, 30, 40}, chart.getSeriesMap().get("a").getXData());
        assertArrayEquals(new double[] {1, 3, 4}, chart.getSeriesMap().get("a").getYData());
        assertArrayEquals(new double[] {10, 20}, chart.getSeriesMap().get("b").getXData());
    }

    @Test
    void heatMapRoundsItsValuesAndTakesASize() throws IOException {
        double[][] v = {{0.87654, 0.1}, {0.5, 0.25}};
        HeatMapChart byDefault = Plots.heatMap("t", "x", List.of("a", "b"), "y", List.of(1, 2), v);
        assertEquals(Plots.WIDTH, byDefault.getWidth());
        assertEquals(Plots.HEIGHT, byDefault.getHeight());
        DecimalFormatSymbols dot = DecimalFormatSymbols.getInstance(Locale.ROOT);
        assertEquals("0.88", new DecimalFormat(byDefault.getStyler().getHeatMapValueDecimalPattern(), dot).format(0.87654));
        HeatMapChart three = Plots.heatMap("t", "x", List.of("a", "b"), "y", List.of(1, 2), v, 3, 320, 240);
        assertEquals("0.877", new DecimalFormat(three.getStyler().getHeatMapValueDecimalPattern(), dot).format(0.87654));
        assertEquals("1", new DecimalFormat(Plots.heatMap("t", "x", List.of("a", "b"), "y", List.of(1, 2), v, 0, 320, 240)
                .getStyler().getHeatMapValueDecimalPattern(), dot).format(0.87654));
        BufferedImage img = Plots.image(three);
        assertEquals(320, img.getWidth());
        assertEquals(240, img.getHeight());
        assertRenders(three);
        // the NaN cell is left out rather than shown as a number
        HeatMapChart holed = Plots.heatMap("t", "x", List.of("a", "b"), "y", List.of(1, 2),
                new double[][] {{Double.NaN, 0.1}, {0.5, 0.25}});
        assertEquals(3, holed.getSeriesMap().values().iterator().next().getHeatData().size());
        assertRenders(holed);
        assertThrows(IllegalArgumentException.class, () -> Plots.heatMap("t", "x", List.of("a", "b"), "y", List.of(1, 2),
                v, -1, 320, 240));
        assertThrows(IllegalArgumentException.class, () -> Plots.heatMap("t", "x", List.of("a", "b"), "y", List.of(1, 2),
                v, 2, 0, 240));
    }

    @Test
    void normHistogramSeparatesHonestAndMalicious() {
        var chart = Plots.normHistogram(attacked);
        assertEquals(Set.of("honest", "malicious"), chart.getSeriesMap().keySet());
        int honestCount = 0;
        for (Number n : chart.getSeriesMap().get("honest").getYData()) {
            honestCount += n.intValue();
        }
        int badCount = 0;
        for (Number n : chart.getSeriesMap().get("malicious").getYData()) {
            badCount += n.intValue();
        }
        assertEquals(5 * 3, honestCount, "5 honest clients x 3 rounds");
        assertEquals(3, badCount, "1 malicious client x 3 rounds");
        assertThrows(IllegalArgumentException.class, () -> Plots.normHistogram(attacked, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> Plots.normHistogram(attacked, 0, 0));
    }

    @Test
    void heatMapRejectsRaggedGrids() {
        assertThrows(IllegalArgumentException.class, () -> Plots.heatMap("t", "x", List.of(1, 2), "y", List.of(1),
                new double[][] {{1}}));
    }

    @Test
    void everySeriesLooksDifferentEvenWithoutColourAndTheLegendIsOutside() {
        Map<String, double[]> four = new LinkedHashMap<>();
        for (int k = 0; k < 4; k++) {
            four.put("k = " + k, new double[] {k, k, k});
        }
        XYChart chart = Plots.line("four flat lines", "x", "y", new double[] {0, 1, 2}, four);
        java.util.Set<Object> looks = new java.util.HashSet<>();
        for (var s : chart.getSeriesMap().values()) {
            looks.add(java.util.List.of(s.getLineStyle(), s.getMarker().getClass()));
        }
        assertEquals(4, looks.size(), "dash and marker pairs must differ");
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.OutsideS, chart.getStyler().getLegendPosition());
    }

    @Test
    void breakdownMarksEachSeriesWithoutAddingLegendEntries() throws IOException {
        Map<String, double[]> ys = new LinkedHashMap<>();
        ys.put("mean", new double[] {0, 0.5, 1});
        ys.put("median", new double[] {0, 0, 1});
        XYChart chart = Plots.breakdown("breaks", "s", "success", new double[] {0, 1, 2}, ys, Map.of("mean", 1.0, "median", 2.0), 0, 1);
        assertEquals(4, chart.getSeriesMap().size());
        long inLegend = chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count();
        assertEquals(2, inLegend);
        assertRenders(chart);
    }

    @Test
    void scaledHeatMapDrawsRowsInTableOrderAndColoursGoodTheSameWay() throws IOException {
        double[][] v = {{0.9, 0.1}, {0.2, 0.8}};
        HeatMapChart good = Plots.heatMap("accuracy", "defence", List.of("a", "b"), "attack", List.of("first", "second"), v,
                Plots.Scale.HIGH_IS_GOOD);
        HeatMapChart bad = Plots.heatMap("success", "defence", List.of("a", "b"), "attack", List.of("first", "second"), v,
                Plots.Scale.HIGH_IS_BAD);
        var series = good.getSeriesMap().values().iterator().next();
        // XChart draws the first y category at the bottom: the first table row is given last
        assertEquals(List.of("second", "first"), series.getYData());
        assertEquals(good.getStyler().getRangeColors()[0], bad.getStyler().getRangeColors()[2]);
        assertEquals(0.0, good.getStyler().getMin());
        assertEquals(1.0, good.getStyler().getMax());
        assertRenders(good);
        assertThrows(IllegalArgumentException.class, () -> Plots.heatMap("t", "x", List.of("a", "b"), "y", List.of("r"), v,
                Plots.Scale.HIGH_IS_BAD));
    }

    @Test
    void aLongTitleIsSetSmallerSoItFits() {
        XYChart shortOne = Plots.line("short", "x", "y", new double[] {1, 2});
        XYChart longOne = Plots.line("a title that states the point of the chart at some length, longer than the chart is wide at the default size",
                "x", "y", new double[] {1, 2});
        assertTrue(longOne.getStyler().getChartTitleFont().getSize2D() < shortOne.getStyler().getChartTitleFont().getSize2D());
        assertTrue(longOne.getStyler().getChartTitleFont().getSize2D() >= 10);
    }
}
