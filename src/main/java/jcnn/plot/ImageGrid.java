package jcnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A labelled grid of pixel pictures drawn with Java2D: feature maps (one tile per channel),
 * learned filters (one row per output channel, one column per input channel), input images and
 * sample predictions. Made by {@link Plots#featureMaps}, {@link Plots#filters}, {@link Plots#image}
 * and {@link Plots#samples}.
 *
 * <p>Pictures are pixel-exact: each data pixel becomes a {@code k × k} block of one colour
 * (nearest-neighbour upscaling by a whole number {@code k}), never blurred. All tiles share one
 * value range, so that channels can be compared; the scale bar on the right shows it. The colour
 * map is {@link ColorMap#DIVERGING} (symmetric about zero) when the values have both signs, else
 * {@link ColorMap#GREY}, unless {@link #colorMap} chooses.
 */
public final class ImageGrid extends Plot<ImageGrid> {
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final int MARGIN = 12;
    private static final int NATURAL_MAX_WIDTH = 1200;
    private static final Color TEXT = new Color(0x222222);
    /** The colour of mistakes in sample grids. */
    public static final Color MISTAKE = new Color(0xD62728);

    /** One picture: {@code channels} (1, or 3 for RGB) planes of {@code height × width} values. */
    record Tile(float[] values, int channels, int height, int width, String[] label, Color labelColor, Color border) {
    }

    private final List<Tile> tiles;
    private final String what;
    private final int targetEdge;
    private int columns;
    private String[] rowLabels;
    private String[] columnLabels;
    private ColorMap colorMap;
    private double low = Double.NaN;
    private double high = Double.NaN;
    private boolean scaleBar = true;
    private int pixelSize;
    private int gap = 6;

    ImageGrid(String title, String what, List<Tile> tiles, int targetEdge) {
        super(title, 0, 0);
        this.what = what;
        this.tiles = List.copyOf(tiles);
        this.targetEdge = targetEdge;
    }

    /** Tiles per row (default: one row up to 8 tiles, 8 per row up to 16, then a near-square grid of at most 16 per row); returns this. */
    public ImageGrid columns(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("columns: expected at least 1 but got " + count);
        }
        this.columns = count;
        return this;
    }

    /** The colour map (default: diverging when values have both signs, else grey); returns this. */
    public ImageGrid colorMap(ColorMap map) {
        this.colorMap = map;
        return this;
    }

    /**
     * Fixes the value range mapped to the colour map's ends (default: the data's range, made
     * symmetric about zero for the diverging map); returns this.
     *
     * @throws IllegalArgumentException unless {@code low < high}
     */
    public ImageGrid range(double lowValue, double highValue) {
        if (!(lowValue < highValue)) {
            throw new IllegalArgumentException("range: expected low < high but got " + lowValue + " and " + highValue);
        }
        this.low = lowValue;
        this.high = highValue;
        return this;
    }

    /** Draws (default) or hides the scale bar; returns this. */
    public ImageGrid scaleBar(boolean show) {
        this.scaleBar = show;
        return this;
    }

    /**
     * Fixes the upscaling: each data pixel becomes a {@code k × k} block (default: chosen so
     * that tiles are about 90 pixels wide and the grid stays under 1100 pixels); returns this.
     */
    public ImageGrid pixelSize(int k) {
        if (k < 1 || k > 64) {
            throw new IllegalArgumentException("pixelSize: expected 1 to 64 screen pixels per data pixel but got " + k);
        }
        this.pixelSize = k;
        return this;
    }

    ImageGrid headers(String[] rows, String[] cols) {
        this.rowLabels = rows;
        this.columnLabels = cols;
        return this;
    }

    ImageGrid gap(int pixels) {
        this.gap = pixels;
        return this;
    }

    /** The number of tiles. */
    public int tiles() {
        return tiles.size();
    }

    /** The colour map in use (the automatic choice when none was set). */
    public ColorMap colorMapInUse() {
        if (colorMap != null) {
            return colorMap;
        }
        double[] r = dataRange();
        return r[0] < 0 && r[1] > 0 ? ColorMap.DIVERGING : ColorMap.GREY;
    }

    /** The value range mapped to the colour map's ends: {@code {low, high}}. */
    public double[] rangeInUse() {
        if (!Double.isNaN(low)) {
            return new double[] {low, high};
        }
        double[] r = dataRange();
        if (colorMapInUse() == ColorMap.DIVERGING) {
            double m = Math.max(Math.abs(r[0]), Math.abs(r[1]));
            return m > 0 ? new double[] {-m, m} : new double[] {-1, 1};
        }
        return r[1] > r[0] ? r : new double[] {r[0], r[0] + 1};
    }

    private double[] dataRange() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Tile t : tiles) {
            for (float v : t.values) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[] {min, max} : new double[] {0, 0};
    }

    // ---- layout -------------------------------------------------------------------------------

    private final class Layout {
        int k;
        int cols;
        int rows;
        int tileW;
        int tileH;
        int colW;
        int labelH;
        int rowHeaderW;
        int colHeaderH;
        int titleH;
        int barW;
        int gridW;
        int gridH;
        int naturalW;
        int naturalH;

        Layout(FontMetrics labels, FontMetrics title, int scale) {
            k = scale;
            int n = Math.max(1, tiles.size());
            cols = columns > 0 ? Math.min(columns, n)
                    : columnLabels != null ? columnLabels.length
                    : n <= 8 ? n : n <= 16 ? 8 : Math.min(16, (int) Math.ceil(Math.sqrt(n * 2.0)));
            rows = (n + cols - 1) / cols;
            int maxH = 1;
            int maxW = 1;
            int lines = 0;
            int labelW = 0;
            for (Tile t : tiles) {
                maxH = Math.max(maxH, t.height);
                maxW = Math.max(maxW, t.width);
                lines = Math.max(lines, t.label.length);
                for (String s : t.label) {
                    labelW = Math.max(labelW, labels.stringWidth(s));
                }
            }
            tileW = maxW * k;
            tileH = maxH * k;
            colW = Math.max(tileW, Math.min(labelW + 4, 2 * tileW + 20));
            labelH = lines * (labels.getHeight());
            rowHeaderW = 0;
            if (rowLabels != null) {
                for (String s : rowLabels) {
                    rowHeaderW = Math.max(rowHeaderW, labels.stringWidth(s) + 8);
                }
            }
            colHeaderH = columnLabels != null ? labels.getHeight() + 4 : 0;
            titleH = title().isEmpty() ? 0 : title.getHeight() + 10;
            barW = scaleBar && !allRgb() ? 16 + 8 + scaleLabelWidth(labels) + 6 : 0;
            gridW = cols * colW + (cols - 1) * gap;
            gridH = rows * (tileH + labelH) + (rows - 1) * gap;
            naturalW = Math.max(2 * MARGIN + rowHeaderW + gridW + barW, 2 * MARGIN + title.stringWidth(title()));
            naturalH = 2 * MARGIN + titleH + colHeaderH + gridH;
        }
    }

    private boolean allRgb() {
        return tiles.stream().allMatch(t -> t.channels == 3);
    }

    private int scaleLabelWidth(FontMetrics fm) {
        double[] r = rangeInUse();
        return Math.max(fm.stringWidth(number(r[0])), fm.stringWidth(number(r[1])));
    }

    private Layout layout(FontMetrics labels, FontMetrics title) {
        if (pixelSize > 0) {
            return new Layout(labels, title, pixelSize);
        }
        int maxDim = 1;
        for (Tile t : tiles) {
            maxDim = Math.max(maxDim, Math.max(t.height, t.width));
        }
        int k = Math.max(1, Math.min(64, (int) Math.round(targetEdge / (double) maxDim)));
        if (width() > 0) {
            // the largest whole-number scale whose grid fits the requested canvas
            for (k = 64; k > 1; k--) {
                Layout l = new Layout(labels, title, k);
                if (l.naturalW <= width() && l.naturalH <= height()) {
                    break;
                }
            }
            return new Layout(labels, title, k);
        }
        Layout l = new Layout(labels, title, k);
        while (k > 1 && l.naturalW > NATURAL_MAX_WIDTH) {
            l = new Layout(labels, title, --k);
        }
        return l;
    }

    // ---- drawing ------------------------------------------------------------------------------

    @Override
    public BufferedImage image() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        Layout l = layout(sg.getFontMetrics(LABEL), sg.getFontMetrics(TITLE));
        sg.dispose();
        int w = width() > 0 ? width() : l.naturalW;
        int h = height() > 0 ? height() : l.naturalH;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int ox = Math.max(0, (w - l.naturalW) / 2);
            int oy = Math.max(0, (h - l.naturalH) / 2);
            draw(image, g, l, ox, oy);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void draw(BufferedImage image, Graphics2D g, Layout l, int ox, int oy) {
        FontMetrics fm = g.getFontMetrics(LABEL);
        if (l.titleH > 0) {
            g.setFont(TITLE);
            g.setColor(Color.BLACK);
            int tw = g.getFontMetrics().stringWidth(title());
            g.drawString(title(), ox + (l.naturalW - tw) / 2, oy + MARGIN + g.getFontMetrics().getAscent());
        }
        g.setFont(LABEL);
        int left = ox + MARGIN + l.rowHeaderW;
        int top = oy + MARGIN + l.titleH + l.colHeaderH;
        ColorMap map = colorMapInUse();
        double[] range = rangeInUse();
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int col = i % l.cols;
            int row = i / l.cols;
            int cellX = left + col * (l.colW + gap);
            int cellY = top + row * (l.tileH + l.labelH + gap);
            int x0 = cellX + (l.colW - t.width * l.k) / 2;
            paintTile(image, t, x0, cellY, l.k, map, range);
            if (t.border != null) {
                g.setColor(t.border);
                g.setStroke(new BasicStroke(3f));
                g.drawRect(x0 - 2, cellY - 2, t.width * l.k + 3, t.height * l.k + 3);
            }
            g.setColor(t.labelColor == null ? TEXT : t.labelColor);
            for (int line = 0; line < t.label.length; line++) {
                String s = fit(t.label[line], fm, l.colW + gap - 2);
                int sw = fm.stringWidth(s);
                g.drawString(s, cellX + (l.colW - sw) / 2, cellY + l.tileH + fm.getAscent() + 1 + line * fm.getHeight());
            }
        }
        g.setColor(TEXT);
        if (rowLabels != null) {
            // label every row when there is room, else every few rows
            int every = Math.max(1, (int) Math.ceil(fm.getHeight() / (double) (l.tileH + l.labelH + gap)));
            for (int r = 0; r < rowLabels.length && r < l.rows; r += every) {
                int sw = fm.stringWidth(rowLabels[r]);
                int cy = top + r * (l.tileH + l.labelH + gap) + l.tileH / 2;
                g.drawString(rowLabels[r], left - sw - 6, cy + fm.getAscent() / 2 - 1);
            }
        }
        if (columnLabels != null) {
            int every = 1;
            int widest = 0;
            for (String s : columnLabels) {
                widest = Math.max(widest, fm.stringWidth(s));
            }
            while (every * (l.colW + gap) < widest + 4) {
                every++;
            }
            for (int c = 0; c < columnLabels.length && c < l.cols; c += every) {
                int sw = fm.stringWidth(columnLabels[c]);
                g.drawString(columnLabels[c], left + c * (l.colW + gap) + (l.colW - sw) / 2, top - 5);
            }
        }
        if (l.barW > 0) {
            drawScaleBar(g, fm, left + l.gridW + 16, top, Math.max(60, Math.min(l.gridH, 320)), map, range);
        }
    }

    private static void paintTile(BufferedImage image, Tile t, int x0, int y0, int k, ColorMap map, double[] range) {
        double span = range[1] - range[0];
        int plane = t.height * t.width;
        for (int y = 0; y < t.height; y++) {
            for (int x = 0; x < t.width; x++) {
                int rgb;
                if (t.channels == 3) {
                    int r = channel(t.values[y * t.width + x], range, span);
                    int gr = channel(t.values[plane + y * t.width + x], range, span);
                    int b = channel(t.values[2 * plane + y * t.width + x], range, span);
                    rgb = r << 16 | gr << 8 | b;
                } else {
                    float v = t.values[y * t.width + x];
                    rgb = map.rgb(Float.isNaN(v) ? Double.NaN : (v - range[0]) / span);
                }
                for (int dy = 0; dy < k; dy++) {
                    int py = y0 + y * k + dy;
                    for (int dx = 0; dx < k; dx++) {
                        int px = x0 + x * k + dx;
                        if (px >= 0 && py >= 0 && px < image.getWidth() && py < image.getHeight()) {
                            image.setRGB(px, py, rgb);
                        }
                    }
                }
            }
        }
    }

    private static int channel(float v, double[] range, double span) {
        double t = Float.isNaN(v) ? 0 : (v - range[0]) / span;
        return (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
    }

    private static void drawScaleBar(Graphics2D g, FontMetrics fm, int x, int y, int h, ColorMap map, double[] range) {
        int barWidth = 16;
        for (int i = 0; i < h; i++) {
            g.setColor(map.color(1 - i / (double) (h - 1)));
            g.fillRect(x, y + i, barWidth, 1);
        }
        g.setColor(new Color(0x888888));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, barWidth, h - 1);
        g.setColor(TEXT);
        g.drawString(number(range[1]), x + barWidth + 5, y + fm.getAscent() - 2);
        g.drawString(number(range[0]), x + barWidth + 5, y + h);
        if (range[0] < 0 && range[1] > 0) {
            int zy = y + (int) Math.round((h - 1) * range[1] / (range[1] - range[0]));
            g.drawLine(x + barWidth, zy, x + barWidth + 3, zy);
            if (zy - y > fm.getHeight() && y + h - zy > fm.getHeight()) {
                g.drawString("0", x + barWidth + 5, zy + fm.getAscent() / 2 - 1);
            }
        }
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String cut = s;
        while (cut.length() > 1 && fm.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    /** A short number for labels: 3 significant digits, no trailing zeros. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? "%.2e" : "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    @Override
    public String describe() {
        double[] r = dataRange();
        if (!allRgb() && tiles.stream().anyMatch(t -> t.channels == 3)) {
            // pictures beside a map (an attribution): the values are the map's
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Tile t : tiles) {
                for (int i = 0; t.channels == 1 && i < t.values.length; i++) {
                    if (Float.isFinite(t.values[i])) {
                        min = Math.min(min, t.values[i]);
                        max = Math.max(max, t.values[i]);
                    }
                }
            }
            r = min <= max ? new double[] {min, max} : r;
        }
        String mapName = allRgb() ? "RGB" : colorMapInUse().name().toLowerCase(Locale.ROOT) + " colour map";
        return what + ", values " + number(r[0]) + " to " + number(r[1]) + " (" + mapName + ")";
    }
}
