package jcnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * A heat map of counts whose colour scale is labelled with whole numbers. XChart 3.8.8's own
 * heat-map legend prints its ends with {@code String.valueOf(double)} ({@code 986.0}) whatever
 * the patterns say, so it is switched off and this chart draws the scale itself, to the right of
 * the plot.
 */
final class CountHeatMap extends HeatMapChart {
    private static final int BAR = 16;
    private final int max;

    CountHeatMap(HeatMapChartBuilder builder, int max) {
        super(builder);
        this.max = max;
    }

    /** The scale's labels, top to bottom: the largest count, its middle when that is whole, and 0. */
    List<String> scaleLabels() {
        return max % 2 == 0 && max >= 4 ? List.of(String.valueOf(max), String.valueOf(max / 2), "0")
                : List.of(String.valueOf(max), "0");
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        getStyler().setLegendVisible(false);
        FontMetrics fm = g.getFontMetrics(getStyler().getLegendFont());
        int space = 2 * 12 + BAR + 6 + fm.stringWidth(String.valueOf(max));
        g.setColor(getStyler().getChartBackgroundColor());
        g.fillRect(0, 0, width, height);
        super.paint(g, width - space, height);
        Rectangle2D plotArea = plot.getBounds();
        int x = width - space + 12;
        int top = (int) plotArea.getY() + 6;
        int h = Math.max(40, (int) Math.min(plotArea.getHeight() - 12, 260));
        Color[] colours = getStyler().getRangeColors();
        for (int i = 0; i < h; i++) {
            g.setColor(blend(colours, 1 - i / (double) (h - 1)));
            g.fillRect(x, top + i, BAR, 1);
        }
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, top, BAR, h - 1);
        g.setFont(getStyler().getLegendFont());
        g.setColor(Color.BLACK);
        List<String> labels = scaleLabels();
        for (int i = 0; i < labels.size(); i++) {
            int y = top + (int) Math.round((h - 1) * i / (double) (labels.size() - 1));
            g.drawLine(x + BAR, y, x + BAR + 3, y);
            g.drawString(labels.get(i), x + BAR + 6, y + fm.getAscent() / 2 - 1);
        }
    }

    /** The colour at {@code t} in [0, 1] along the range colours (linear between neighbours, as XChart does). */
    static Color blend(Color[] colours, double t) {
        double pos = Math.max(0, Math.min(1, t)) * (colours.length - 1);
        int i = Math.min((int) pos, colours.length - 2);
        double f = pos - i;
        Color a = colours[i];
        Color b = colours[i + 1];
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
    }
}
