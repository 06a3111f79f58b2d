package jcnn.display.renderers;

import jcnn.display.MimeBundle;
import jcnn.display.Renderer;
import jcnn.plot.MatrixView;
import jcnn.plot.Plot;
import jcnn.plot.Plots;
import jcnn.model.History;

/**
 * Shows jcnn's pictures in a notebook: every {@link Plot} as {@code image/png} with a
 * {@code text/plain} line saying what it is; a {@link MatrixView} (worked example) as an HTML
 * table with the aligned text as the plain form; a {@link History} as its loss curve.
 */
public final class PlotRenderer implements Renderer {

    @Override
    public MimeBundle render(Object value) {
        if (value instanceof MatrixView view) {
            return MimeBundle.text(view.describe() + "\n" + view.text()).put("text/html", view.html());
        }
        if (value instanceof Plot<?> plot) {
            return picture(plot);
        }
        if (value instanceof History history) {
            return picture(Plots.lossCurve(history));
        }
        return null;
    }

    /** PNG and its one-line description. */
    static MimeBundle picture(Plot<?> plot) {
        java.awt.image.BufferedImage image = plot.image();
        return MimeBundle.text(plot.describe()).png(Plot.encodePng(image), image.getWidth(), image.getHeight());
    }

    /** Above the built-in renderers (text, BufferedImage, XChart), which would show these less well. */
    @Override
    public int priority() {
        return 100;
    }
}
