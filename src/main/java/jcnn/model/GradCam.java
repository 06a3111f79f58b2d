package jcnn.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.nn.Layer;
import jcnn.nn.Mode;
import jcnn.tensor.TensorInternals;

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
 * Any layer with feature maps {@code (N, C, H, W)} can be asked (convolution, activation, pooling),
 * inside residual blocks too ({@code "block1.conv1"}; {@code "block1"} is the block's output after the sum).
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
        Layer layer = net.layer(layerName);
        Attribution.requireGrad("gradCam");
        List<Layer> layers = net.layers();
        int end = net.endsWithSoftmax() ? layers.size() - 1 : layers.size();
        Attribution.clearGradients(net);
        try {
            // One forward pass on the tape, the input marked so that every result is on it (frozen
            // weights too); the observer sees every layer's output, a block's inner layers included.
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            Tensor y = x.copy().requiresGrad();
            for (int i = 0; i < end; i++) {
                y = layers.get(i).forward(y, Mode.EVAL, outputs::put);
            }
            Tensor maps = outputs.get(layer.name());
            if (maps == null || maps.rank() != 4) {
                throw notMaps(net, layer, maps, outputs);
            }
            float score = TensorInternals.data(y)[target];
            y.backward(Attribution.oneHot(y.shape(), target));
            int k = maps.size(1);
            int h = maps.size(2);
            int w = maps.size(3);
            float[] a = TensorInternals.data(maps);
            Tensor g = maps.grad();   // kept by backward for results on the tape, accumulated for a leaf
            float[] grad = g == null ? new float[a.length] : TensorInternals.data(g);
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

    private static IllegalArgumentException notMaps(Net net, Layer layer, Tensor out, Map<String, Tensor> outputs) {
        Shape shape = net.outputShape();   // the final softmax, not run above
        if (out != null) {
            int[] d = out.shape();
            d[0] = -1;
            shape = Shape.of(d);
        }
        List<String> names = new ArrayList<>();
        outputs.forEach((name, t) -> {
            if (t.rank() == 4) {
                names.add(name);
            }
        });
        return new IllegalArgumentException("gradCam: layer '" + layer.name() + "' (" + layer.type() + ") outputs " + shape
                + ", not feature maps (N, C, H, W); pick one of " + String.join(", ", names));
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
        float[] up = Attribution.bilinear(TensorInternals.data(map), map.size(0), map.size(1), outH, outW);
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
        for (float v : TensorInternals.data(map)) {
            max = Math.max(max, v);
        }
        return String.format(Locale.ROOT, "GradCam(%s, class %d, score %.4f, map %dx%d, max %.4g)", layer, target, score,
                map.size(0), map.size(1), max);
    }
}
