package jcnn.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jcnn.data.Dataset;
import jcnn.tensor.Tensor;

/**
 * A few examples picked from an {@link Evaluation}, with what the net made of them: made by
 * {@code evaluation.mistakes(24)} (the first wrong ones) and {@code evaluation.topLosses(16)}
 * (the highest losses first). {@link #plot()} draws them with their true class, predicted class,
 * probability and loss; mistakes in red.
 */
public final class Examples {
    private final String kind;
    private final Evaluation evaluation;
    private final int[] indices;

    Examples(String kind, Evaluation evaluation, int[] indices) {
        this.kind = kind;
        this.evaluation = evaluation;
        this.indices = indices;
    }

    /** How many examples were picked. */
    public int size() {
        return indices.length;
    }

    /** Their positions in the dataset (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** Their images {@code (n, C, H, W)}. */
    public Tensor images() {
        Dataset data = evaluation.data();
        int per = data.exampleSize();
        float[] pixels = new float[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data.image(indices[i]).toArray(), 0, pixels, i * per, per);
        }
        return Tensor.of(pixels, data.batchShape(indices.length));
    }

    /** Their true classes. */
    public int[] labels() {
        int[] all = evaluation.labels();
        return Arrays.stream(indices).map(i -> all[i]).toArray();
    }

    /** Their predicted classes. */
    public int[] predictions() {
        int[] all = evaluation.predictions();
        return Arrays.stream(indices).map(i -> all[i]).toArray();
    }

    /** The probability the net gave its predicted class, for each. */
    public float[] confidences() {
        return pick(evaluation.confidences());
    }

    /** Their cross-entropy losses {@code -log p(true class)}. */
    public float[] losses() {
        return pick(evaluation.losses());
    }

    public List<String> classNames() {
        return evaluation.classNames();
    }

    private float[] pick(float[] all) {
        float[] out = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = all[indices[i]];
        }
        return out;
    }

    /**
     * The examples in a grid, each labelled "true: Coat", "pred: Shirt 0.93" and its loss; wrong
     * ones with a red border ({@link jcnn.plot.Plots#predictions}). A deliberate one-line
     * back-edge from train to plot.
     *
     * @throws IllegalArgumentException if no example was picked (a net without mistakes)
     */
    public jcnn.plot.ImageGrid plot() {
        if (indices.length == 0) {
            throw new IllegalArgumentException(kind + ": the net classified all " + evaluation.size()
                    + " examples correctly; there is nothing to show (try evaluation.topLosses(16).plot())");
        }
        Tensor images = images();
        return jcnn.plot.Plots.predictions(images.toArray(), images.shape(), labels(), predictions(), confidences(), losses(),
                evaluation.classNames().toArray(new String[0])).title(title());
    }

    private String title() {
        int wrong = evaluation.misclassified().length;
        return kind.equals("mistakes")
                ? String.format(Locale.ROOT, "%d of the %d misclassified examples (of %d)", indices.length, wrong, evaluation.size())
                : String.format(Locale.ROOT, "the %d highest losses of %d examples", indices.length, evaluation.size());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Examples(" + kind + ", " + indices.length + ")");
        int[] t = labels();
        int[] p = predictions();
        float[] c = confidences();
        float[] l = losses();
        List<String> names = evaluation.classNames();
        for (int i = 0; i < indices.length; i++) {
            sb.append(String.format(Locale.ROOT, "%n  #%-6d true %-12s pred %-12s p %.3f  loss %.3f", indices[i],
                    names.get(t[i]), p[i] < names.size() ? names.get(p[i]) : String.valueOf(p[i]), c[i], l[i]));
        }
        return sb.toString();
    }
}
