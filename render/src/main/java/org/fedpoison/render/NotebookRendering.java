package org.fedpoison.render;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * How the notebooks' charts and tables look in Jupyter: every XChart chart as {@code image/png} (drawn by XChart's
 * {@code BitmapEncoder}, at the chart's size), every Tablesaw table as {@code text/html} ({@link TableHtml}, at most
 * {@link TableHtml#DEFAULT_MAX_ROWS} rows), each with {@code text/plain} beside it.
 *
 * <p>Where it applies: the fedpoison kernel registers it itself; stock JJava registers it through
 * {@link RenderExtension} once this jar is on the class path; on IJava, which has neither, {@link #image(Chart)}
 * turns a chart into a {@code BufferedImage}, which IJava shows as {@code image/png}.
 */
public final class NotebookRendering {

    private static final Map<Renderer, Set<String>> DONE = Collections.synchronizedMap(new WeakHashMap<>());

    private NotebookRendering() {
    }

    /**
     * Registers the chart and the table renderer with {@code kernel}'s renderer, each once, and each only if
     * its library (XChart, Tablesaw) is on the class path.
     */
    public static void registerAvailable(BaseKernel kernel) {
        registerAvailable(kernel.getRenderer());
    }

    static void registerAvailable(Renderer renderer) {
        Set<String> done = DONE.computeIfAbsent(renderer, r -> Collections.synchronizedSet(new HashSet<>()));
        // each registration lives in its own class, loaded only when its library is there
        if (loadable("org.knowm.xchart.BitmapEncoder") && done.add("xchart")) {
            ChartImages.register(renderer);
        }
        if (loadable("tech.tablesaw.api.Table") && done.add("tablesaw")) {
            TableHtml.register(renderer);
        }
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, NotebookRendering.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The chart drawn at its size; IJava shows the image as {@code image/png}. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return ChartImages.image(chart);
    }
}
