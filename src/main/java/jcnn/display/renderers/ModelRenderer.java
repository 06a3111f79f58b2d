package jcnn.display.renderers;

import jcnn.display.MimeBundle;
import jcnn.display.Renderer;
import java.awt.image.BufferedImage;
import jcnn.model.Activations;
import jcnn.model.Filters;
import jcnn.model.Net;
import jcnn.model.Summary;
import jcnn.plot.Plot;
import jcnn.plot.PlotStack;
import jcnn.plot.Plots;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.model.ConfusionMatrix;

/**
 * Shows the model's objects in a notebook: a {@link Net} or {@link Summary} as the summary
 * table (HTML, with the text table as plain form); a {@link ConfusionMatrix} as a heat map;
 * {@link Filters} as the kernel grid; {@link Activations} ({@code net.featureMaps(x)}) as one
 * feature-map grid per image-shaped layer, one under another; a {@link Tensor} as aligned text when small, or as a
 * feature-map grid when it is image-shaped (one image: {@code (H, W)} or {@code (C, H, W)} or
 * {@code (1, C, H, W)} with {@code H, W >= 8}).
 */
public final class ModelRenderer implements Renderer {
    /** Image-shaped tensors smaller than this per side are printed, not drawn. */
    static final int MIN_IMAGE_SIDE = 8;

    @Override
    public MimeBundle render(Object value) {
        if (value instanceof Net net) {
            Summary summary = net.summary();
            return MimeBundle.text(summary.toString()).put("text/html", summary.toHtml());
        }
        if (value instanceof Summary summary) {
            return MimeBundle.text(summary.toString()).put("text/html", summary.toHtml());
        }
        if (value instanceof ConfusionMatrix matrix) {
            MimeBundle b = PlotRenderer.picture(Plots.confusionMatrix(matrix));
            return b.put("text/plain", b.plain() + "\n" + matrix);
        }
        if (value instanceof Filters filters) {
            return PlotRenderer.picture(Plots.filters(filters));
        }
        if (value instanceof Tensor tensor) {
            return tensor(tensor);
        }
        if (value instanceof Activations activations) {
            return activations(activations);
        }
        return null;
    }

    /** The image-shaped layers' grids one under another (one PNG), the layer list as plain text. */
    static MimeBundle activations(Activations activations) {
        if (activations.asMap().values().stream().noneMatch(t -> t.rank() == 4)) {
            return MimeBundle.text(activations.toString());
        }
        PlotStack stack = Plots.featureMaps(activations);
        StringBuilder plain = new StringBuilder(activations.toString());
        for (Plot<?> grid : stack.plots()) {
            plain.append("\n").append(grid.describe());
        }
        BufferedImage all = stack.image();
        return MimeBundle.text(plain.toString()).png(Plot.encodePng(all), all.getWidth(), all.getHeight());
    }

    static MimeBundle tensor(Tensor t) {
        int[] s = t.shape();
        boolean oneImage = (s.length == 2) || (s.length == 3) || (s.length == 4 && s[0] == 1);
        if (oneImage && s[s.length - 1] >= MIN_IMAGE_SIDE && s[s.length - 2] >= MIN_IMAGE_SIDE) {
            MimeBundle b = PlotRenderer.picture(Plots.featureMaps(t));
            return b.put("text/plain", "Tensor " + Shape.of(s) + ", drawn as " + b.plain());
        }
        return MimeBundle.text(t.toString());
    }

    @Override
    public int priority() {
        return 100;
    }
}
