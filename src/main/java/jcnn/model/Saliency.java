package jcnn.model;

import java.util.Locale;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.nn.Mode;
import jcnn.tensor.TensorInternals;

/**
 * Which input pixels the class score is most sensitive to: the gradient of the class's score
 * (before softmax) with respect to the input image, after Simonyan, Vedaldi and Zisserman (2014),
 * made by {@code net.saliency(image, cls)}.
 *
 * <p>{@link #gradient()} is {@code d score[cls] / d image}, shape {@code (C, H, W)};
 * {@link #map()} is the saliency map {@code (H, W)}: for each pixel the largest absolute
 * gradient over the channels. Computed in evaluation mode (dropout off); the parameters'
 * gradients are left cleared.
 */
public final class Saliency {
    private final Tensor image;
    private final int target;
    private final float score;
    private final Tensor gradient;

    private Saliency(Tensor image, int target, float score, Tensor gradient) {
        this.image = image;
        this.target = target;
        this.score = score;
        this.gradient = gradient;
    }

    static Saliency of(Net net, Tensor image, int target) {
        Tensor x = Attribution.single(net, "saliency", image).copy().requiresGrad();
        Attribution.checkClass(net, "saliency", target);
        Attribution.requireGrad("saliency");
        Attribution.clearGradients(net);
        try {
            Tensor scores = net.logits(x, Mode.EVAL);
            float score = TensorInternals.data(scores)[target];
            scores.backward(Attribution.oneHot(scores.shape(), target));
            int[] s = x.shape();
            return new Saliency(x.detach().reshape(s[1], s[2], s[3]), target, score, x.grad().reshape(s[1], s[2], s[3]));
        } finally {
            Attribution.clearGradients(net);
        }
    }

    /** The class whose score was differentiated. */
    public int target() {
        return target;
    }

    /** That class's score (before softmax) for the image. */
    public float score() {
        return score;
    }

    /** The image {@code (C, H, W)}. */
    public Tensor image() {
        return image;
    }

    /** {@code d score / d image}, shape {@code (C, H, W)}. */
    public Tensor gradient() {
        return gradient;
    }

    /** The saliency map {@code (H, W)}: {@code max over channels of |gradient|}. */
    public Tensor map() {
        int[] s = gradient.shape();
        float[] g = TensorInternals.data(gradient);
        int plane = s[1] * s[2];
        float[] out = new float[plane];
        for (int c = 0; c < s[0]; c++) {
            for (int i = 0; i < plane; i++) {
                out[i] = Math.max(out[i], Math.abs(g[c * plane + i]));
            }
        }
        return Tensor.of(out, s[1], s[2]);
    }

    /**
     * The image, the saliency map and the map laid over the image. A deliberate one-line back-edge
     * from nn to plot ({@link jcnn.plot.Plots#attribution}).
     */
    public jcnn.plot.ImageGrid plot() {
        return jcnn.plot.Plots.attribution(image.toArray(), image.shape(), map().toArray(), "saliency |d score/d x|", false)
                .title(String.format(Locale.ROOT, "saliency of class %d (score %.3g)", target, score));
    }

    @Override
    public String toString() {
        float[] m = TensorInternals.data(map());
        float max = 0;
        for (float v : m) {
            max = Math.max(max, v);
        }
        return String.format(Locale.ROOT, "Saliency(class %d, score %.4f, map %s, max %.4g)", target, score,
                Shape.of(new int[] {gradient.size(1), gradient.size(2)}), max);
    }
}
