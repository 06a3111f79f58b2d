package jcnn.nn;

import java.util.ArrayList;
import java.util.List;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Runs a sequence of layers with adjacent layers fused into one operation where that saves
 * passes over memory, with exactly the bits of running them one by one (values and every
 * gradient):
 * <ul>
 *   <li>{@link Conv2d} then {@link ReLU}: bias and ReLU on the convolution's store
 *       ({@link F#conv2dRelu});</li>
 *   <li>{@link Conv2d}, {@link ReLU} then {@link MaxPool2d} with windows that do not overlap
 *       (stride = kernel, the lecture's 2x2): the same, then the pooling, whose backward pass
 *       applies the ReLU's mask while it routes the gradient ({@link F#conv2dReluMaxPool});</li>
 *   <li>{@link Dropout} then {@link Dense}, in training: the mask applied while the GEMM's input
 *       is written, never stored ({@link F#dropoutLinear}).</li>
 * </ul>
 * Only a caller that does not look at the intermediate outputs runs fused ({@code Net}'s forward
 * pass, logits, predict and evaluate); {@code Net.activations} and {@code featureMaps}, Grad-CAM
 * and the layers inside residual blocks run layer by layer, so every layer's output stays
 * observable under its name. Layers, names, the summary and the model file do not change.
 *
 * <p>{@code -Djcnn.fuse=false} (or {@link #setEnabled}) runs every layer on its own, for
 * comparisons.
 */
public final class Fusion {
    private static volatile boolean enabled = initial();

    private Fusion() {
    }

    private static boolean initial() {
        String value = System.getProperty("jcnn.fuse", "true").trim();
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        if (!value.equalsIgnoreCase("true")) {
            System.err.println("jcnn: ignoring -Djcnn.fuse=" + value + " (expected true or false); fusing");
        }
        return true;
    }

    /** Whether {@link #run} fuses (default true; {@code -Djcnn.fuse=false} turns it off). */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Turns fusion on or off for later forward passes (results are the same bits either way). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * {@code layers[0 .. count)} applied to {@code x} in order, adjacent layers fused when enabled.
     * Every layer's input check runs as in {@link Layer#forward}, in the same order, so a wrong
     * input is reported by the same layer with the same message.
     */
    public static Tensor run(List<Layer> layers, int count, Tensor x, Mode mode) {
        int i = 0;
        while (i < count) {
            int group = enabled ? groupAt(layers, i, count, mode) : 1;
            Layer layer = layers.get(i);
            if (group == 3 && layer instanceof Conv2d) {
                Conv2d conv = (Conv2d) layer;
                MaxPool2d pool = (MaxPool2d) layers.get(i + 2);
                Shape convOut = conv.outputShape(Shape.of(x.shape()));
                pool.outputShape(layers.get(i + 1).outputShape(convOut));
                x = F.conv2dReluMaxPool(x, conv.parameters().get(0).tensor(), conv.parameters().get(1).tensor(),
                        conv.stride(), conv.padding(), pool.kernelSize());
            } else if (group == 2 && layer instanceof Conv2d) {
                Conv2d conv = (Conv2d) layer;
                Shape convOut = conv.outputShape(Shape.of(x.shape()));
                layers.get(i + 1).outputShape(convOut);
                x = F.conv2dRelu(x, conv.parameters().get(0).tensor(), conv.parameters().get(1).tensor(),
                        conv.stride(), conv.padding());
            } else if (group == 2 && layer instanceof Dropout) {
                Dropout dropout = (Dropout) layer;
                Dense dense = (Dense) layers.get(i + 1);
                dense.outputShape(dropout.outputShape(Shape.of(x.shape())));
                x = F.dropoutLinear(x, dropout.p(), dropout.nextStepSeed(), dense.parameters().get(0).tensor(),
                        dense.parameters().get(1).tensor());
            } else {
                x = layer.forward(x, mode);
            }
            i += group;
        }
        return x;
    }

    /**
     * How {@link #run} groups these layers in {@code mode}: one entry per operation, fused layers
     * joined by {@code +}, e.g. {@code [conv1+relu1, pool1, ...]}; every layer alone when fusion
     * is off.
     */
    public static List<String> plan(List<Layer> layers, Mode mode) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < layers.size()) {
            int group = enabled ? groupAt(layers, i, layers.size(), mode) : 1;
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < i + group; j++) {
                sb.append(j == i ? "" : "+").append(layers.get(j).name());
            }
            out.add(sb.toString());
            i += group;
        }
        return out;
    }

    /** How many layers from {@code i} run as one operation (1: the layer alone). */
    private static int groupAt(List<Layer> layers, int i, int count, Mode mode) {
        Layer layer = layers.get(i);
        Layer next = i + 1 < count ? layers.get(i + 1) : null;
        if (layer instanceof Conv2d && next instanceof ReLU) {
            Layer third = i + 2 < count ? layers.get(i + 2) : null;
            if (third instanceof MaxPool2d && ((MaxPool2d) third).stride() == ((MaxPool2d) third).kernelSize()) {
                return 3;
            }
            return 2;
        }
        if (layer instanceof Dropout && next instanceof Dense && mode == Mode.TRAIN && ((Dropout) layer).p() > 0f) {
            return 2;
        }
        return 1;
    }
}
