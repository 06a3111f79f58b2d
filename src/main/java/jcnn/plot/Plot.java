package jcnn.plot;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A picture jcnn draws: a chart ({@link ChartPlot}), a pixel grid ({@link ImageGrid}) or a worked
 * matrix example ({@link MatrixView}). Every plot has the same small surface:
 *
 * <pre>{@code
 * Plots.lossCurve(history)                 // tier 1: looks right by default (a notebook shows it)
 *      .title("Lecture 5").size(900, 400)  // tier 2: options, chainable
 *      .save("loss.png");                  // PNG (or SVG for charts) on disk
 * BufferedImage img = plot.image();        // tier 3: the raw picture for anything else
 * }</pre>
 *
 * <p>In a notebook the display registry shows a plot as {@code image/png} with a {@code text/plain}
 * line saying what the picture is ({@link #describe()}); in a plain JShell use {@link #save(Path)}
 * or {@link #show()}.
 *
 * @param <P> the concrete plot type, so options chain without casts
 */
public abstract class Plot<P extends Plot<P>> {
    private String title;
    private int width;
    private int height;

    /** A plot with a default title and a default size in pixels (0 means "natural size"). */
    protected Plot(String title, int width, int height) {
        this.title = title;
        this.width = width;
        this.height = height;
    }

    @SuppressWarnings("unchecked")
    protected final P self() {
        return (P) this;
    }

    /** Sets the title drawn above the picture ("" or null for none); returns this. */
    public P title(String newTitle) {
        this.title = newTitle == null ? "" : newTitle;
        changed();
        return self();
    }

    /** The title ("" when none). */
    public String title() {
        return title == null ? "" : title;
    }

    /**
     * Sets the picture's size in pixels; returns this. Pixel grids keep whole-number upscaling
     * (each data pixel becomes a k×k block) and centre the grid on a canvas of exactly this size.
     *
     * @throws IllegalArgumentException if a side is below 50 or above 10000 pixels
     */
    public P size(int newWidth, int newHeight) {
        if (newWidth < 50 || newHeight < 50 || newWidth > 10_000 || newHeight > 10_000) {
            throw new IllegalArgumentException("size: expected width and height between 50 and 10000 pixels but got "
                    + newWidth + " x " + newHeight + "; for example size(800, 400)");
        }
        this.width = newWidth;
        this.height = newHeight;
        changed();
        return self();
    }

    /** The requested width in pixels, or 0 when the plot picks its natural size. */
    public int width() {
        return width;
    }

    /** The requested height in pixels, or 0 when the plot picks its natural size. */
    public int height() {
        return height;
    }

    /** Called when an option changed, so cached pictures are redrawn. */
    protected void changed() {
    }

    /** Draws the picture (a fresh image each call, ARGB or RGB). */
    public abstract BufferedImage image();

    /**
     * One line saying what the picture shows, for clients that cannot show images and for
     * {@code toString()}: "loss curve: 5 epochs, final val_loss 0.2700".
     */
    public abstract String describe();

    /** The picture as PNG bytes. */
    public byte[] png() {
        return encodePng(image());
    }

    /**
     * The picture as SVG text (charts only).
     *
     * @throws UnsupportedOperationException for raster pictures (pixel grids), which have no vector form
     */
    public String svg() {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " is a raster picture (one square per data pixel) and has no SVG form; use png() or save(\"picture.png\")");
    }

    /**
     * Writes the picture to {@code path}: PNG for {@code .png}, SVG for {@code .svg} (charts only).
     * Missing parent folders are created. Returns the absolute path written.
     *
     * @throws IllegalArgumentException for another extension
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path save(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (name.endsWith(".png")) {
                Files.write(path, png());
            } else if (name.endsWith(".svg")) {
                Files.writeString(path, svg(), StandardCharsets.UTF_8);
            } else {
                throw new IllegalArgumentException("save: expected a file name ending in .png or .svg but got '"
                        + path.getFileName() + "'; for example save(\"loss.png\")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("save: could not write " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return path.toAbsolutePath();
    }

    /** Same as {@link #save(Path)} for a path given as text. */
    public Path save(String path) {
        return save(Path.of(path));
    }

    /**
     * Shows the picture: in a window when Java has a screen; otherwise (headless Java, a server)
     * saves it as a PNG in the temporary folder and prints where, so the picture is never lost.
     *
     * @return the saved file when there is no screen, or null when a window opened
     */
    public Path show() {
        if (GraphicsEnvironment.isHeadless()) {
            try {
                Path file = Files.createTempFile("jcnn-plot-", ".png");
                save(file);
                System.out.println("No screen here (headless Java), so " + describe()
                        + "\n  was saved to " + file.toAbsolutePath()
                        + "\n  Open it with an image viewer, or choose the file: save(\"name.png\").");
                return file.toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException("show: no screen, and no temporary file could be created: " + e.getMessage(), e);
            }
        }
        Window.open(title().isEmpty() ? describe() : title(), image());
        return null;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** PNG encoding of any image. */
    public static byte[] encodePng(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Swing window, kept in its own class so headless code never loads Swing. */
    private static final class Window {
        static void open(String title, BufferedImage image) {
            javax.swing.SwingUtilities.invokeLater(() -> {
                javax.swing.JFrame frame = new javax.swing.JFrame(title);
                frame.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
                frame.add(new javax.swing.JLabel(new javax.swing.ImageIcon(image)));
                frame.pack();
                frame.setLocationByPlatform(true);
                frame.setVisible(true);
            });
        }
    }
}
