package jcnn.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The built-in renderers, found through META-INF/services, and the plain-JShell fallback. */
class RenderersTest {
    @Test
    void textIsWrittenAsJShellWritesValues() {
        assertEquals("42", Display.render(42).plain());
        assertEquals("\"a\\tb \\\"q\\\"\"", Display.render("a\tb \"q\"").plain());
        assertEquals("'x'", Display.render('x').plain());
        assertEquals("int[3] { 1, 2, 3 }", Display.render(new int[] {1, 2, 3}).plain());
        assertEquals("String[2] { \"a\", null }", Display.render(new String[] {"a", null}).plain());
        assertEquals("null", Display.render(null).plain());
    }

    @Test
    void anImageBecomesAPngOfTheSameSizeAndPixels() throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 5, Color.RED.getRGB());
        MimeBundle bundle = Display.render(image);
        assertEquals("image 64×48", bundle.plain());
        byte[] png = Base64.getDecoder().decode((String) bundle.data().get("image/png"));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(64, back.getWidth());
        assertEquals(48, back.getHeight());
        assertEquals(Color.RED.getRGB(), back.getRGB(3, 5));
        assertEquals(0xff000000, back.getRGB(4, 5));
    }

    @Test
    void anXChartBecomesAPngWithItsTitle() throws Exception {
        XYChart chart = new XYChartBuilder().width(300).height(200).title("loss").build();
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});
        MimeBundle bundle = Display.render(chart);
        assertEquals("XYChart \"loss\" 300×200", bundle.plain());
        byte[] png = Base64.getDecoder().decode((String) bundle.data().get("image/png"));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(300, back.getWidth());
        assertEquals(200, back.getHeight());
    }

    @Test
    void htmlAndMarkdownHelpersCarryTheirMimeTypes() {
        MimeBundle html = Display.render(Display.html("<p>a &lt; b</p><p>c</p>"));
        assertEquals("<p>a &lt; b</p><p>c</p>", html.data().get("text/html"));
        assertEquals("a < b\nc", html.plain());
        MimeBundle md = Display.render(Display.markdown("**bold**"));
        assertEquals("**bold**", md.data().get("text/markdown"));
    }

    @Test
    void displayGoesToTheSinkAndUpdatesKeepTheirId() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        DisplaySink old = Display.setSink((bundle, id, update) -> seen.add((update ? "update " : "show ") + id + " " + bundle.plain()));
        try {
            DisplayHandle handle = Display.display("first");
            handle.update(2);
            assertEquals(java.util.List.of("show " + handle.id() + " \"first\"", "update " + handle.id() + " 2"), seen);
        } finally {
            Display.setSink(old);
        }
    }

    @Test
    void withoutASinkAPictureIsSavedAsAPngAndItsPathPrinted() throws Exception {
        DisplaySink old = Display.setSink(null);
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Display.display(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB));
        } finally {
            System.setOut(out);
            Display.setSink(old);
        }
        String line = captured.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.startsWith("image 8×6 saved to "), line);
        Path file = Path.of(line.substring("image 8×6 saved to ".length()));
        BufferedImage back = ImageIO.read(file.toFile());
        assertNotNull(back);
        assertEquals(8, back.getWidth());
        Files.delete(file);
    }
}
