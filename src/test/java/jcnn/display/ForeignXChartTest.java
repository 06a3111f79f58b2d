package jcnn.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Base64;
import javax.imageio.ImageIO;
import jcnn.display.renderers.ChartRenderer;
import org.junit.jupiter.api.Test;

/**
 * A chart made with another XChart than jcnn's: in the jar jcnn's XChart is relocated, so a cell
 * that adds XChart with {@code %maven} builds charts of classes jcnn's renderer does not know.
 * Here that XChart is the same jar loaded by a separate class loader.
 */
class ForeignXChartTest {
    @Test
    void aChartOfAnotherXChartIsDrawnByThatXChart() throws Exception {
        URL xchartJar = org.knowm.xchart.XYChart.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader cell = new URLClassLoader(new URL[] {xchartJar}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = Class.forName("org.knowm.xchart.XYChart", true, cell);
            Object chart = type.getConstructor(int.class, int.class).newInstance(320, 240);
            type.getMethod("setTitle", String.class).invoke(chart, "cell");
            type.getMethod("addSeries", String.class, double[].class, double[].class)
                .invoke(chart, "y", new double[] {1, 2, 3}, new double[] {3, 1, 2});
            assertFalse(chart instanceof org.knowm.xchart.internal.chartpart.Chart<?, ?>, "not a foreign chart");

            MimeBundle bundle = new ChartRenderer().render(chart);
            assertEquals("XYChart \"cell\" 320×240", bundle.plain());
            byte[] png = Base64.getDecoder().decode((String) bundle.data().get("image/png"));
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(320, back.getWidth());
            assertEquals(240, back.getHeight());
        }
    }

    @Test
    void otherObjectsAreLeftToTheNextRenderer() {
        assertNull(new ChartRenderer().render("a string"));
        assertNull(new ChartRenderer().render(null));
    }
}
