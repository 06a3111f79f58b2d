package jcnn.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import jcnn.data.Dataset;
import jcnn.tensor.NoGrad;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.nn.Conv2d;
import jcnn.nn.Fusion;
import jcnn.nn.Layer;
import jcnn.nn.Mode;
import jcnn.nn.Parameter;
import jcnn.nn.Softmax;
import jcnn.tensor.TensorInternals;

/**
 * A built network: layers with allocated weights, made by {@link Cnn#build()} or {@link #load}.
 *
 * <pre>{@code
 * net.summary();                                   // the table of shapes and parameter counts
 * History h = net.train(FashionMnist.train()).epochs(5).batch(64).optimizer(adam(1e-3)).run();
 * net.predict(images);                             // (N, 10) class probabilities
 * net.evaluate(FashionMnist.test()).confusionMatrix();
 * net.activations(image).get("conv1");             // feature maps
 * net.save(Path.of("fashion.jcnn"));  Net.load(Path.of("fashion.jcnn"));
 * net.exportOnnx(Path.of("fashion.onnx"));       // for ONNX Runtime, Netron, PyTorch ...
 * }</pre>
 *
 * <p>Only training changes the weights; predict, evaluate, activations, layer and filters read
 * them. Inputs are {@code (N, C, H, W)}; a single example {@code (C, H, W)} is taken as {@code N = 1}.
 * The file format of {@link #save} is described in {@code docs/FORMAT.md} and {@link NetFile}.
 */
public final class Net {
    /** Examples per forward pass in predict/evaluate/activations: bounds memory, large enough to be fast. */
    static final int EVAL_BATCH = 256;

    private final Shape input;
    private final List<Layer> layers;
    private final long seed;

    Net(Shape input, List<Layer> layers, long seed) {
        this.input = input;
        this.layers = List.copyOf(layers);
        this.seed = seed;
        Set<String> names = new HashSet<>();
        for (Layer layer : allLayers()) {
            if (!names.add(layer.name())) {
                throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
            }
        }
        // NOTE: one draw per parameter, then the layer's own (dropout's mask seed), layer by layer:
        // the same sequence as before layers owned their initialisation, so old nets start identical
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer layer : this.layers) {
            layer.initialize(random);
        }
    }

    /** Every layer, blocks followed by their inner layers, in network order. */
    public List<Layer> allLayers() {
        List<Layer> all = new ArrayList<>();
        addAll(all, layers);
        return all;
    }

    private static void addAll(List<Layer> out, List<Layer> layers) {
        for (Layer layer : layers) {
            out.add(layer);
            addAll(out, layer.children());
        }
    }

    /** The input shape, e.g. {@code (N, 1, 28, 28)}. */
    public Shape inputShape() {
        return input;
    }

    /** The output shape, e.g. {@code (N, 10)}. */
    public Shape outputShape() {
        Shape s = input;
        for (Layer layer : layers) {
            s = layer.outputShape(s);
        }
        return s;
    }

    /** The seed the weights were initialised from. */
    public long seed() {
        return seed;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** The top-level layers' names (a block counts once; see {@link #allLayers()} for the inner ones). */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (Layer layer : layers) {
            names.add(layer.name());
        }
        return names;
    }

    /**
     * The layer called {@code name}, e.g. {@code layer("conv1").weights()}.
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the names
     */
    public Layer layer(String name) {
        List<String> names = new ArrayList<>();
        for (Layer layer : allLayers()) {
            if (layer.name().equals(name)) {
                return layer;
            }
            names.add(layer.name());
        }
        throw new IllegalArgumentException("no layer named '" + name + "'; the layers are " + String.join(", ", names));
    }

    /**
     * The kernels of convolution layer {@code name} (a copy), for plotting.
     *
     * @throws IllegalArgumentException if the layer is not a Conv2d
     */
    public Filters filters(String name) {
        Layer layer = layer(name);
        if (!(layer instanceof Conv2d)) {
            throw new IllegalArgumentException(name + " is a " + layer.type() + ", not a Conv2d; filters exist for "
                    + String.join(", ", allLayers().stream().filter(l -> l instanceof Conv2d).map(Layer::name).toList()));
        }
        return new Filters(name, layer.weights());
    }

    /** All trainable parameters (weights and biases) in layer order: what the optimizer updates. */
    public List<Parameter> parameters() {
        return tensors().stream().filter(Parameter::isTrainable).toList();
    }

    /** The state tensors (BatchNorm's running mean and variance), in layer order: saved and loaded, never trained. */
    public List<Parameter> state() {
        return tensors().stream().filter(p -> !p.isTrainable()).toList();
    }

    /** Every tensor the layers own, trainable and state, in layer order: what the model file stores. */
    List<Parameter> tensors() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    /** Number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (Layer layer : layers) {
            n += layer.trainableCount();
        }
        return n;
    }

    /** The table of layers, output shapes and parameter counts. */
    public Summary summary() {
        return Summary.of(input, layers);
    }

    /** True when the last layer is a {@link Softmax}: training then uses the scores before it. */
    public boolean endsWithSoftmax() {
        return !layers.isEmpty() && layers.get(layers.size() - 1) instanceof Softmax;
    }

    /**
     * The whole forward pass, recorded on the autograd tape when gradients are enabled.
     *
     * @throws IllegalArgumentException if {@code x} does not have the input shape
     */
    public Tensor forward(Tensor x, Mode mode) {
        return run(checkInput(x), mode, layers.size());
    }

    /**
     * The scores before a final softmax (the whole net otherwise): what the cross-entropy loss
     * takes, fused with a numerically stable log-softmax.
     */
    public Tensor logits(Tensor x, Mode mode) {
        return run(checkInput(x), mode, endsWithSoftmax() ? layers.size() - 1 : layers.size());
    }

    private Tensor run(Tensor x, Mode mode, int count) {
        // adjacent layers that nobody observes here run fused (same bits; -Djcnn.fuse=false runs them one by one)
        return Fusion.run(layers, count, x, mode);
    }

    /** Reshapes a single example to a batch of one; checks the shape against the input. */
    Tensor checkInput(Tensor x) {
        int[] shape = x.shape();
        int[] expected = input.withoutBatch().dims();
        if (shape.length == expected.length && Arrays.equals(shape, expected)) {
            int[] batched = new int[shape.length + 1];
            batched[0] = 1;
            System.arraycopy(shape, 0, batched, 1, shape.length);
            return x.reshape(batched);
        }
        if (shape.length != expected.length + 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), expected)) {
            throw new IllegalArgumentException("net: expected input " + input + " (or one example " + input.withoutBatch()
                    + ") but got " + Shape.of(shape) + hint(shape, expected));
        }
        return x;
    }

    private static String hint(int[] shape, int[] expected) {
        if (shape.length == expected.length - 1) {
            return "; add the channel axis: x.reshape(" + (shape.length == 2 ? "1, " : "-1, 1, ")
                    + String.join(", ", Arrays.stream(shape).skip(shape.length == 2 ? 0 : 1).mapToObj(Integer::toString).toList()) + ")";
        }
        return "; this net was built with Cnn.input" + Shape.of(expected);
    }

    /**
     * The net's output in evaluation mode (dropout off, no autograd tape), computed in batches of
     * 256: class probabilities {@code (N, classes)} when the net ends with softmax.
     */
    public Tensor predict(Tensor x) {
        Tensor batch = checkInput(x);
        int n = batch.size(0);
        Shape example = input.withoutBatch();
        int exampleSize = (int) example.numel();
        int[] outShape = outputShape().withBatch(n).dims();
        float[] out = new float[(int) Shape.of(outShape).numel()];
        int outSize = n == 0 ? 0 : out.length / n;
        float[] data = TensorInternals.data(batch);
        BatchLoop.over(n, example, EVAL_BATCH).run(
                (order, from, to, xs, ys) -> System.arraycopy(data, from * exampleSize, xs, 0, (to - from) * exampleSize),
                (index, from, to, xs, ys) -> System.arraycopy(TensorInternals.data(run(xs, Mode.EVAL, layers.size())), 0, out, from * outSize,
                        (to - from) * outSize));
        return Tensor.of(out, outShape);
    }

    /** The most likely class of each example: the arg-max of {@link #predict}. */
    public int[] predictClasses(Tensor x) {
        Tensor y = predict(x);
        int n = y.size(0);
        int classes = y.numel() / n;
        int[] out = new int[n];
        float[] v = TensorInternals.data(y);
        for (int i = 0; i < n; i++) {
            out[i] = argmax(v, i * classes, classes);
        }
        return out;
    }

    /** Index of the largest of {@code v[offset .. offset+count)} (the first on ties). */
    public static int argmax(float[] v, int offset, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (v[offset + j] > v[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Loss and accuracy on a dataset, with the confusion matrix (evaluation mode, no tape).
     *
     * @throws IllegalArgumentException if the examples do not have the net's input shape
     */
    public Evaluation evaluate(Dataset data) {
        return Evaluation.of(this, data, EVAL_BATCH);
    }

    /**
     * Every layer's output for {@code x} (evaluation mode, no tape), in network order; a block's
     * inner layers ({@code block1.conv1} ...) come before the block's own output ({@code block1}).
     */
    public Activations activations(Tensor x) {
        x = checkInput(x);
        LinkedHashMap<String, Tensor> outputs = new LinkedHashMap<>();
        try (NoGrad g = Tensor.noGrad()) {
            for (Layer layer : layers) {
                x = layer.forward(x, Mode.EVAL, (name, y) -> outputs.put(name, y.detach()));
            }
        }
        return new Activations(outputs);
    }

    /**
     * The image-shaped outputs {@code (N, C, H, W)} only (convolution, activation and pooling maps
     * before {@code flatten}): what the lecture draws as feature maps.
     */
    public Activations featureMaps(Tensor x) {
        LinkedHashMap<String, Tensor> maps = new LinkedHashMap<>();
        for (var e : activations(x).asMap().entrySet()) {
            if (e.getValue().rank() == 4) {
                maps.put(e.getKey(), e.getValue());
            }
        }
        return new Activations(maps);
    }

    /**
     * The gradient of class {@code target}'s score (before softmax) with respect to one image, and
     * the saliency map {@code max over channels |gradient|}: {@code net.saliency(image, 9).plot()}.
     *
     * @throws IllegalArgumentException for a batch of several images or a class the net does not have
     */
    public Saliency saliency(Tensor image, int target) {
        return Saliency.of(this, image, target);
    }

    /** {@link #saliency(Tensor, int)} for the class the net predicts. */
    public Saliency saliency(Tensor image) {
        return saliency(image, predictClass(image));
    }

    /**
     * Grad-CAM of layer {@code layer} (any layer with feature maps, e.g. "conv2", or one inside a
     * residual block, "block1.conv1") for class {@code target}: {@code net.gradCam(image, "conv2", 9).plot()}.
     *
     * @throws IllegalArgumentException for an unknown layer, one without feature maps (the message
     *                                  lists those with), a batch, or a class the net does not have
     */
    public GradCam gradCam(Tensor image, String layer, int target) {
        return GradCam.of(this, image, layer, target);
    }

    /** {@link #gradCam(Tensor, String, int)} for the class the net predicts. */
    public GradCam gradCam(Tensor image, String layer) {
        return gradCam(image, layer, predictClass(image));
    }

    /**
     * Occlusion sensitivity: the drop in class {@code target}'s probability as a {@code patch × patch}
     * square of zeros moves over the image in steps of {@code stride}:
     * {@code net.occlusion(image, 9, 4, 2).plot()}.
     *
     * @throws IllegalArgumentException for a patch larger than the image, a stride below 1, a batch,
     *                                  or a class the net does not have
     */
    public Occlusion occlusion(Tensor image, int target, int patch, int stride) {
        return occlusion(image, target, patch, stride, 0f);
    }

    /** {@link #occlusion(Tensor, int, int, int)} with the patch filled with {@code fill} (e.g. the data's mean). */
    public Occlusion occlusion(Tensor image, int target, int patch, int stride, float fill) {
        return Occlusion.of(this, image, target, patch, stride, fill);
    }

    /**
     * The most likely class of one example {@code (C, H, W)} (or a batch of one).
     *
     * @throws IllegalArgumentException for a batch of more than one; use {@link #predictClasses}
     */
    public int predictClass(Tensor x) {
        int[] classes = predictClasses(x);
        if (classes.length != 1) {
            throw new IllegalArgumentException("predictClass: expected one example but got " + classes.length
                    + "; use predictClasses(x) for a batch");
        }
        return classes[0];
    }

    /** Starts configuring a training run on {@code data}; {@code run()} trains this net in place. */
    public Trainer train(Dataset data) {
        return new Trainer(this, data);
    }

    /** Restarts every layer's random numbers (dropout masks) from {@code seed} (the trainer's seed); see {@link Layer#reseed}. */
    public void seedDropout(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer layer : layers) {
            layer.reseed(random);
        }
    }

    /**
     * Saves architecture and weights to {@code file} atomically (a temporary file, then a move), in
     * the format of {@link NetFile}.
     *
     * @throws IllegalStateException       if a layer was added that the format cannot describe
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void save(Path file) {
        NetFile.save(this, file);
    }

    /**
     * Replaces the weights with the arrays of a NumPy {@code .npz} archive, e.g. a PyTorch
     * {@code state_dict} saved with {@code np.savez(path, **{k: v.numpy() for k, v in sd.items()})}:
     * by name when it has jcnn's names ({@code conv1.weight}), else in order; every shape is
     * checked before any value changes. See {@link NpzWeights}.
     *
     * @throws IllegalArgumentException naming the array and both shapes, or the counts, when they do not fit
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public void loadWeights(Path file) {
        NpzWeights.load(this, file);
    }

    /**
     * Writes the net as an ONNX model (opset 13) for ONNX Runtime, Netron or other frameworks:
     * input {@code input (N, C, H, W)}, output {@code output}, weights named like {@code conv1.weight};
     * dropout becomes the identity. The layer-by-layer mapping is listed in
     * {@link jcnn.model.onnx.OnnxExporter}.
     *
     * @throws IllegalStateException        if a layer has no ONNX mapping (the message names it)
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void exportOnnx(Path file) {
        jcnn.model.onnx.OnnxExporter.export(inputShape(), layers(), file);
    }

    /**
     * Loads a net saved by {@link #save}; checks magic number, version, architecture, shapes and
     * checksum before returning anything.
     *
     * @throws NetFormatException          for a damaged, truncated or foreign file
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Net load(Path file) {
        return NetFile.load(file);
    }

    @Override
    public String toString() {
        return summary().toString();
    }
}
