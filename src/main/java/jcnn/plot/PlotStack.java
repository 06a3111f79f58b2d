package jcnn.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several plots one under another, as one picture: {@code net.featureMaps(image).plot()} (one
 * feature-map grid per layer). A notebook shows it as one PNG, a {@code .jsh} run saves one file,
 * {@link #save(java.nio.file.Path)} writes one; {@link #plots()} (or a for-each loop) gives the parts.
 *
 * <p>Each part keeps its natural size; the stack is as wide as the widest. With
 * {@link #size(int, int)} the stacked picture is scaled by a whole-number or fractional factor
 * (nearest neighbour, so pixels stay sharp) to fit that canvas, centred.
 */
public final class PlotStack extends Plot<PlotStack> implements Iterable<Plot<?>> {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private final List<Plot<?>> plots;

    /**
     * @throws IllegalArgumentException if {@code plots} is empty
     */
    public PlotStack(String title, List<? extends Plot<?>> plots) {
        super(title, 0, 0);
        if (plots.isEmpty()) {
            throw new IllegalArgumentException("PlotStack: expected at least one plot but got none");
        }
        this.plots = List.copyOf(plots);
    }

    /** The parts, top to bottom. */
    public List<Plot<?>> plots() {
        return plots;
    }

    /** The parts, top to bottom: {@code for (var grid : net.featureMaps(x).plot()) display(grid);} shows them one by one. */
    @Override
    public java.util.Iterator<Plot<?>> iterator() {
        return plots.iterator();
    }

    @Override
    public BufferedImage image() {
        List<BufferedImage> images = plots.stream().<BufferedImage>map(Plot::image).toList();
        int titleHeight = 0;
        FontMetrics fm = null;
        if (!title().isEmpty()) {
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D sg = scratch.createGraphics();
            fm = sg.getFontMetrics(TITLE);
            sg.dispose();
            titleHeight = fm.getHeight() + 8;
        }
        int width = fm == null ? 0 : fm.stringWidth(title()) + 16;
        int height = titleHeight;
        for (BufferedImage image : images) {
            width = Math.max(width, image.getWidth());
            height += image.getHeight();
        }
        BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            if (fm != null) {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.BLACK);
                g.setFont(TITLE);
                g.drawString(title(), (width - fm.stringWidth(title())) / 2, 4 + fm.getAscent());
            }
            int y = titleHeight;
            for (BufferedImage image : images) {
                g.drawImage(image, 0, y, null);
                y += image.getHeight();
            }
        } finally {
            g.dispose();
        }
        return width() == 0 ? all : fitted(all, width(), height());
    }

    private static BufferedImage fitted(BufferedImage image, int width, int height) {
        double scale = Math.min((double) width / image.getWidth(), (double) height / image.getHeight());
        int w = Math.max(1, (int) Math.floor(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.floor(image.getHeight() * scale));
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(image, (width - w) / 2, (height - h) / 2, w, h, null);
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /** "2 pictures: conv1 feature maps ...; pool1 feature maps ..." */
    @Override
    public String describe() {
        String parts = plots.stream().map(Plot::describe).collect(Collectors.joining("; "));
        return (title().isEmpty() ? "" : title() + ": ") + plots.size() + (plots.size() == 1 ? " picture: " : " pictures: ")
                + parts;
    }
}
