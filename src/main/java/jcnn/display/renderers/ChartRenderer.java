package jcnn.display.renderers;

import java.io.IOException;
import java.io.UncheckedIOException;
import jcnn.display.MimeBundle;
import jcnn.display.Renderer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** An XChart chart (XYChart, CategoryChart, PieChart, ...) as {@code image/png}, plus its title and size. */
public final class ChartRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        if (!(value instanceof Chart<?, ?> chart)) {
            return null;
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

    @Override
    public int priority() {
        return 100;
    }
}
