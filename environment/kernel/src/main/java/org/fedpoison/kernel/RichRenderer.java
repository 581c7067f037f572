package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

import java.util.Map;

/**
 * jjava-jupyter's renderer plus two types that arrive on the class path only at run time.
 *
 * <ul>
 *   <li>XChart charts (any subclass of {@code org.knowm.xchart.internal.chartpart.Chart}) become
 *       {@code image/png}, drawn by XChart's own {@code BitmapEncoder.getBufferedImage}, looked up through
 *       the chart's class loader;</li>
 *   <li>Tablesaw {@code Table}s become {@code text/html} ({@link HtmlTable}) with {@code text/plain}
 *       as fallback.</li>
 * </ul>
 * Everything else, including {@code java.awt.image.RenderedImage} ({@code image/png}), is left to
 * jjava-jupyter, which falls back to {@code toString()} as {@code text/plain}. A rendering failure never
 * fails the cell: the object is then shown by {@code toString()}.
 */
final class RichRenderer extends Renderer {

    static final String CHART_CLASS = "org.knowm.xchart.internal.chartpart.Chart";

    private final int maxRows;

    RichRenderer(int maxRows) {
        this.maxRows = maxRows;
    }

    @Override
    public DisplayData render(Object value, Map<String, Object> params) {
        Object v = asImageIfChart(value);
        if (v != value) {
            DisplayData data = super.render(v, params);
            data.putText(value.getClass().getSimpleName());
            return data;
        }
        if (HtmlTable.isTable(value)) {
            DisplayData table = renderTable(value);
            if (table != null) {
                return table;
            }
        }
        return super.render(value, params);
    }

    @Override
    public DisplayData renderAs(Object value, Map<String, Object> params, String... types) {
        Object v = asImageIfChart(value);
        if (v == value && HtmlTable.isTable(value)) {
            DisplayData table = renderTable(value);
            if (table != null) {
                return table;
            }
        }
        return super.renderAs(v, params, types);
    }

    private DisplayData renderTable(Object table) {
        try {
            DisplayData data = new DisplayData(safeToString(table));
            data.putHTML(HtmlTable.render(table, maxRows));
            return data;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The chart drawn as a BufferedImage, or the value itself if it is not an XChart chart. */
    static Object asImageIfChart(Object value) {
        if (value == null || !hasSuperclass(value.getClass(), CHART_CLASS)) {
            return value;
        }
        try {
            ClassLoader loader = value.getClass().getClassLoader();
            Class<?> chart = Class.forName(CHART_CLASS, false, loader);
            Class<?> encoder = Class.forName("org.knowm.xchart.BitmapEncoder", true, loader);
            return encoder.getMethod("getBufferedImage", chart).invoke(null, value);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return value;
        }
    }

    static boolean hasSuperclass(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String safeToString(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            return o.getClass().getName();
        }
    }
}
