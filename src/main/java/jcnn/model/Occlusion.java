package jcnn.model;

import java.util.Locale;
import jcnn.tensor.NoGrad;
import jcnn.tensor.Tensor;
import jcnn.nn.Mode;
import jcnn.tensor.TensorInternals;

/**
 * Which parts of the image the prediction needs: a square patch (filled with a constant, 0 by
 * default) slides over the image, and for each position the drop in the class's probability is
 * recorded (Zeiler and Fergus, 2014). Made by {@code net.occlusion(image, cls, patch, stride)}.
 *
 * <pre>
 *   positions: rows = (H − patch)/stride + 1 (rounded down), cols likewise
 *   map[r, c]  = p(cls | image) − p(cls | image with the patch at (r·stride, c·stride) filled)
 * </pre>
 * A large positive value: covering that part hurts the prediction. {@link #heatmap()} gives each
 * pixel the mean of the values of the patches that cover it (0 where none does).
 */
public final class Occlusion {
    private static final int CHUNK = 64;

    private final Tensor image;
    private final int target;
    private final int patch;
    private final int stride;
    private final float fill;
    private final float probability;
    private final Tensor map;

    private Occlusion(Tensor image, int target, int patch, int stride, float fill, float probability, Tensor map) {
        this.image = image;
        this.target = target;
        this.patch = patch;
        this.stride = stride;
        this.fill = fill;
        this.probability = probability;
        this.map = map;
    }

    static Occlusion of(Net net, Tensor image, int target, int patch, int stride, float fill) {
        Tensor x = Attribution.single(net, "occlusion", image);
        Attribution.checkClass(net, "occlusion", target);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        if (patch < 1 || patch > Math.min(h, w)) {
            throw new IllegalArgumentException("occlusion: expected a patch size from 1 to " + Math.min(h, w)
                    + " (the image is " + h + "x" + w + ") but got " + patch);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("occlusion: expected a stride of at least 1 but got " + stride + "; e.g. stride = patch / 2");
        }
        int rows = (h - patch) / stride + 1;
        int cols = (w - patch) / stride + 1;
        float[] pixels = x.toArray();
        int per = c * h * w;
        float[] drop = new float[rows * cols];
        float base = probabilities(net, Tensor.of(pixels.clone(), 1, c, h, w), target)[0];
        // all positions as one batch, evaluated CHUNK images at a time
        for (int from = 0; from < rows * cols; from += CHUNK) {
            int to = Math.min(rows * cols, from + CHUNK);
            float[] batch = new float[(to - from) * per];
            for (int p = from; p < to; p++) {
                int offset = (p - from) * per;
                System.arraycopy(pixels, 0, batch, offset, per);
                int top = (p / cols) * stride;
                int left = (p % cols) * stride;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = top; y < top + patch; y++) {
                        java.util.Arrays.fill(batch, offset + (ch * h + y) * w + left, offset + (ch * h + y) * w + left + patch, fill);
                    }
                }
            }
            float[] probs = probabilities(net, Tensor.of(batch, to - from, c, h, w), target);
            for (int p = from; p < to; p++) {
                drop[p] = base - probs[p - from];
            }
        }
        return new Occlusion(Tensor.of(pixels, c, h, w), target, patch, stride, fill, base, Tensor.of(drop, rows, cols));
    }

    /** p(target) for each image of the batch: softmax of the scores, in double. */
    private static float[] probabilities(Net net, Tensor batch, int target) {
        try (NoGrad g = Tensor.noGrad()) {
            Tensor scores = net.logits(batch, Mode.EVAL);
            int n = scores.size(0);
            int k = scores.numel() / n;
            float[] v = TensorInternals.data(scores);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, v[i * k + j]);
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += Math.exp(v[i * k + j] - max);
                }
                out[i] = (float) (Math.exp(v[i * k + target] - max) / sum);
            }
            return out;
        }
    }

    public int target() {
        return target;
    }

    public int patch() {
        return patch;
    }

    public int stride() {
        return stride;
    }

    /** The value the patch was filled with. */
    public float fill() {
        return fill;
    }

    /** p(target) for the whole, unoccluded image. */
    public float probability() {
        return probability;
    }

    /** The image {@code (C, H, W)}. */
    public Tensor image() {
        return image;
    }

    /** The drop in probability per patch position {@code (rows, cols)}. */
    public Tensor map() {
        return map;
    }

    /** Each pixel: the mean drop of the patches covering it, {@code (H, W)}; 0 where no patch reaches. */
    public Tensor heatmap() {
        int h = image.size(1);
        int w = image.size(2);
        double[] sum = new double[h * w];
        int[] count = new int[h * w];
        int rows = map.size(0);
        int cols = map.size(1);
        float[] m = TensorInternals.data(map);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int y = r * stride; y < r * stride + patch; y++) {
                    for (int x = c * stride; x < c * stride + patch; x++) {
                        sum[y * w + x] += m[r * cols + c];
                        count[y * w + x]++;
                    }
                }
            }
        }
        float[] out = new float[h * w];
        for (int i = 0; i < out.length; i++) {
            out[i] = count[i] == 0 ? 0f : (float) (sum[i] / count[i]);
        }
        return Tensor.of(out, h, w);
    }

    /** The image, the per-pixel drop (blue: covering helps, red: covering hurts) and both together. */
    public jcnn.plot.ImageGrid plot() {
        return jcnn.plot.Plots.attribution(image.toArray(), image.shape(), heatmap().toArray(), "probability drop", true)
                .title(String.format(Locale.ROOT, "occlusion, %dx%d patch, stride %d: class %d (p = %.3f)", patch, patch, stride,
                        target, probability));
    }

    @Override
    public String toString() {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : TensorInternals.data(map)) {
            max = Math.max(max, v);
        }
        return String.format(Locale.ROOT, "Occlusion(class %d, p %.4f, patch %d, stride %d, %dx%d positions, largest drop %.4f)",
                target, probability, patch, stride, map.size(0), map.size(1), max);
    }
}
