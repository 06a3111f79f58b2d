package jcnn.display.renderers;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import jcnn.display.MimeBundle;
import jcnn.display.Renderer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An XChart chart (XYChart, CategoryChart, PieChart, ...) as {@code image/png}, plus its title and
 * size. jcnn's own XChart is relocated in the jar (under {@code jcnn.shaded}); a chart built in a
 * cell with an XChart added by {@code %maven org.knowm.xchart:xchart:VERSION} is drawn through
 * that XChart's own {@code BitmapEncoder}, found by reflection.
 */
public final class ChartRenderer implements Renderer {
    /** The end of the name of XChart's chart base class, whatever package XChart was relocated to. */
    private static final String CHART_BASE = ".internal.chartpart.Chart";

    @Override
    public MimeBundle render(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Chart<?, ?> chart)) {
            return renderForeign(value);
        }
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " \"" + chart.getTitle() + "\"";
        return new MimeBundle().png(png, chart.getWidth(), chart.getHeight())
            .put("text/plain", chart.getClass().getSimpleName() + title + " " + chart.getWidth() + "×" + chart.getHeight());
    }

    /** A chart of another XChart than jcnn's (one added to the cells' class path), or null. */
    private static MimeBundle renderForeign(Object value) {
        Class<?> base = value.getClass();
        while (base != null && !base.getName().endsWith(CHART_BASE)) {
            base = base.getSuperclass();
        }
        if (base == null) {
            return null;
        }
        String xchart = base.getName().substring(0, base.getName().length() - CHART_BASE.length());
        try {
            Class<?> encoder = Class.forName(xchart + ".BitmapEncoder", true, base.getClassLoader());
            BufferedImage image = (BufferedImage) encoder.getMethod("getBufferedImage", base).invoke(null, value);
            Object title = base.getMethod("getTitle").invoke(value);
            String named = title == null || title.toString().isBlank() ? "" : " \"" + title + "\"";
            return new MimeBundle().png(ImageRenderer.png(image), image.getWidth(), image.getHeight())
                .put("text/plain", value.getClass().getSimpleName() + named + " " + image.getWidth() + "×" + image.getHeight());
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null;  // not an XChart we can draw: the next renderer (text) shows it
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("XChart (" + xchart + ") could not draw this " + value.getClass().getSimpleName()
                + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public int priority() {
        return 100;
    }
}
