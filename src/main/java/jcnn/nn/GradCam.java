package jcnn.nn;

import java.util.List;
import java.util.Locale;
import jcnn.tensor.NoGrad;
import jcnn.tensor.Tensor;

/**
 * Where in the image a layer's feature maps speak for a class: Grad-CAM (Selvaraju et al., 2017),
 * made by {@code net.gradCam(image, "conv2", cls)}.
 *
 * <p>With {@code A} the layer's output {@code (K, h, w)} for the image and {@code y} the class's
 * score before softmax:
 * <pre>
 *   weight[k] = mean over (i, j) of d y / d A[k, i, j]
 *   map[i, j] = max(0, sum over k of weight[k] · A[k, i, j])            (h × w)
 *   heatmap   = map resized to the image (bilinear, as PyTorch's align_corners=False), divided by its maximum
 * </pre>
 * Any layer with feature maps {@code (N, C, H, W)} can be asked (convolution, activation, pooling).
 * Computed in evaluation mode (dropout off); the parameters' gradients are left cleared.
 */
public final class GradCam {
    private final String layer;
    private final Tensor image;
    private final int target;
    private final float score;
    private final Tensor weights;
    private final Tensor map;

    private GradCam(String layer, Tensor image, int target, float score, Tensor weights, Tensor map) {
        this.layer = layer;
        this.image = image;
        this.target = target;
        this.score = score;
        this.weights = weights;
        this.map = map;
    }

    static GradCam of(Net net, Tensor image, String layerName, int target) {
        Tensor x = Attribution.single(net, "gradCam", image);
        Attribution.checkClass(net, "gradCam", target);
        int at = Attribution.mapLayer(net, "gradCam", layerName);
        Attribution.requireGrad("gradCam");
        List<Layer> layers = net.layers();
        int end = net.endsWithSoftmax() ? layers.size() - 1 : layers.size();
        Tensor maps;
        try (NoGrad g = Tensor.noGrad()) {
            Tensor y = x;
            for (int i = 0; i <= at; i++) {
                y = layers.get(i).forward(y, Mode.EVAL);
            }
            maps = y.detach().requiresGrad();
        }
        Attribution.clearGradients(net);
        try {
            Tensor y = maps;
            for (int i = at + 1; i < end; i++) {
                y = layers.get(i).forward(y, Mode.EVAL);
            }
            float score = y.data()[target];
            y.backward(Attribution.oneHot(y.shape(), target));
            int k = maps.size(1);
            int h = maps.size(2);
            int w = maps.size(3);
            float[] a = maps.data();
            float[] grad = maps.grad().data();
            float[] alpha = new float[k];
            float[] cam = new float[h * w];
            double[] sum = new double[h * w];
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int i = 0; i < h * w; i++) {
                    s += grad[c * h * w + i];
                }
                alpha[c] = (float) (s / (h * w));
                for (int i = 0; i < h * w; i++) {
                    sum[i] += (double) alpha[c] * a[c * h * w + i];
                }
            }
            for (int i = 0; i < h * w; i++) {
                cam[i] = (float) Math.max(0, sum[i]);
            }
            int[] s = x.shape();
            return new GradCam(layerName, x.detach().reshape(s[1], s[2], s[3]), target, score, Tensor.of(alpha, k),
                    Tensor.of(cam, h, w));
        } finally {
            Attribution.clearGradients(net);
        }
    }

    /** The layer whose feature maps were weighted. */
    public String layer() {
        return layer;
    }

    /** The class whose score was differentiated. */
    public int target() {
        return target;
    }

    /** That class's score (before softmax). */
    public float score() {
        return score;
    }

    /** The image {@code (C, H, W)}. */
    public Tensor image() {
        return image;
    }

    /** One weight per channel of the layer: the mean gradient of the score over that channel's map, {@code (K)}. */
    public Tensor weights() {
        return weights;
    }

    /** The class activation map at the layer's resolution {@code (h, w)}, not normalised (zero where nothing speaks for the class). */
    public Tensor map() {
        return map;
    }

    /** The map resized to the image {@code (H, W)} (bilinear) and divided by its maximum, so in [0, 1] (all 0 for an empty map). */
    public Tensor heatmap() {
        int outH = image.size(1);
        int outW = image.size(2);
        float[] up = Attribution.bilinear(map.data(), map.size(0), map.size(1), outH, outW);
        float max = 0;
        for (float v : up) {
            max = Math.max(max, v);
        }
        if (max > 0) {
            for (int i = 0; i < up.length; i++) {
                up[i] /= max;
            }
        }
        return Tensor.of(up, outH, outW);
    }

    /** The image, the heat map and the heat map laid over the image ({@link jcnn.plot.Plots#attribution}). */
    public jcnn.plot.ImageGrid plot() {
        return jcnn.plot.Plots.attribution(image.toArray(), image.shape(), heatmap().toArray(), "Grad-CAM " + layer, false)
                .title(String.format(Locale.ROOT, "Grad-CAM of %s for class %d (%dx%d maps)", layer, target, map.size(0), map.size(1)));
    }

    @Override
    public String toString() {
        float max = 0;
        for (float v : map.data()) {
            max = Math.max(max, v);
        }
        return String.format(Locale.ROOT, "GradCam(%s, class %d, score %.4f, map %dx%d, max %.4g)", layer, target, score,
                map.size(0), map.size(1), max);
    }
}
