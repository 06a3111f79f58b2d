package jcnn.plot;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * A plot made of one or more XChart charts laid out in a grid of panels (the loss curve has a
 * loss panel and an accuracy panel; the activations plot has six). {@link #chart()} returns the
 * first XChart object and {@link #charts()} all of them; changes made to them show in
 * {@link #image()}, {@link #png()}, {@link #svg()} and {@link #save} until an option of this plot
 * is changed (which rebuilds the charts).
 *
 * <p>SVG comes from XChart's own vector back end (VectorGraphics2D, a dependency XChart already
 * brings), so no extra library is needed.
 *
 * @param <P> the concrete plot type
 */
public abstract class ChartPlot<P extends ChartPlot<P>> extends Plot<P> {
    private static final int TITLE_BAND = 34;
    private boolean logY;
    private List<Chart<?, ?>> charts;

    protected ChartPlot(String title, int width, int height) {
        super(title, width, height);
    }

    /**
     * Builds the charts for the current options; {@code panelWidth} and {@code panelHeight} are the
     * pixel size of one panel. For one panel the chart carries the plot's title itself.
     */
    protected abstract List<Chart<?, ?>> build(int panelWidth, int panelHeight);

    /** Panels per row (default: all in one row). */
    protected int columns() {
        return panels();
    }

    /** How many panels {@link #build} returns for the current options. */
    protected abstract int panels();

    /** Draws the value (y) axis of the main panels on a log scale (decades); returns this. */
    public P logY() {
        return logY(true);
    }

    /** Chooses a log or linear value axis; returns this. */
    public P logY(boolean on) {
        this.logY = on;
        changed();
        return self();
    }

    /** True when the value axis is logarithmic. */
    public boolean isLogY() {
        return logY;
    }

    /** Drops the cached charts, so that the next picture is drawn from the data as it is now (the live training chart calls it). */
    @Override
    public void changed() {
        charts = null;
    }

    /** The (first) XChart object, for anything the options do not offer. */
    public Chart<?, ?> chart() {
        return charts().get(0);
    }

    /** All panels' XChart objects, row by row. */
    public List<Chart<?, ?>> charts() {
        if (charts == null) {
            charts = List.copyOf(build(panelWidth(), panelHeight()));
        }
        return charts;
    }

    private int rows() {
        return (panels() + columns() - 1) / columns();
    }

    private int titleBand() {
        return panels() > 1 && !title().isEmpty() ? TITLE_BAND : 0;
    }

    private int panelWidth() {
        return width() / columns();
    }

    private int panelHeight() {
        return (height() - titleBand()) / rows();
    }

    @Override
    public BufferedImage image() {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            paint(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The charts as SVG text, drawn by XChart's vector back end. */
    @Override
    public String svg() {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, width(), height())).writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int band = titleBand();
        if (band > 0) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            int textWidth = g.getFontMetrics().stringWidth(title());
            g.drawString(title(), Math.max(4, (width() - textWidth) / 2), band - 10);
        }
        List<Chart<?, ?>> list = charts();
        int pw = panelWidth();
        int ph = panelHeight();
        for (int i = 0; i < list.size(); i++) {
            Graphics2D panel = (Graphics2D) g.create((i % columns()) * pw, band + (i / columns()) * ph, pw, ph);
            try {
                list.get(i).paint(panel, pw, ph);
            } finally {
                panel.dispose();
            }
        }
    }

    /** The house style shared by every chart: white, light grid, readable fonts. */
    protected static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0x999999));
        styler.setPlotGridLinesColor(new Color(0xE4E4E4));
        styler.setLegendBorderColor(new Color(0xCCCCCC));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setChartPadding(8);
        styler.setToolTipsEnabled(false);
    }
}
