package jcnn.nn;

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
import jcnn.train.Evaluation;
import jcnn.train.Trainer;

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
    private final List<Cnn.Spec> specs;
    private final long seed;

    Net(Shape input, List<Layer> layers, List<Cnn.Spec> specs, long seed) {
        this.input = input;
        this.layers = List.copyOf(layers);
        this.specs = specs;
        this.seed = seed;
        Set<String> names = new HashSet<>();
        for (Layer layer : layers) {
            if (!names.add(layer.name())) {
                throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer layer : this.layers) {
            for (Parameter p : layer.parameters()) {
                p.initialize(random.nextLong());
            }
            if (layer instanceof Dropout d) {
                d.reseed(random.nextLong());
            }
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
        for (Layer layer : layers) {
            if (layer.name().equals(name)) {
                return layer;
            }
        }
        throw new IllegalArgumentException("no layer named '" + name + "'; the layers are " + String.join(", ", layerNames()));
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
                    + String.join(", ", layers.stream().filter(l -> l instanceof Conv2d).map(Layer::name).toList()));
        }
        return new Filters(name, layer.weights());
    }

    /** All trainable parameters in layer order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    public long parameterCount() {
        long n = 0;
        for (Layer layer : layers) {
            n += layer.parameterCount();
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
        for (int i = 0; i < count; i++) {
            x = layers.get(i).forward(x, mode);
        }
        return x;
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
        x = checkInput(x);
        int n = x.size(0);
        try (NoGrad g = Tensor.noGrad()) {
            if (n <= EVAL_BATCH) {
                return run(x, Mode.EVAL, layers.size()).detach();
            }
            int[] outShape = outputShape().withBatch(n).dims();
            float[] out = new float[(int) (Shape.of(outShape).numel())];
            int exampleSize = (int) input.withoutBatch().numel();
            int outSize = out.length / n;
            float[] data = x.data();
            for (int from = 0; from < n; from += EVAL_BATCH) {
                int to = Math.min(n, from + EVAL_BATCH);
                int[] chunkShape = input.withBatch(to - from).dims();
                Tensor chunk = Tensor.of(Arrays.copyOfRange(data, from * exampleSize, to * exampleSize), chunkShape);
                float[] y = run(chunk, Mode.EVAL, layers.size()).data();
                System.arraycopy(y, 0, out, from * outSize, (to - from) * outSize);
            }
            return Tensor.of(out, outShape);
        }
    }

    /** The most likely class of each example: the arg-max of {@link #predict}. */
    public int[] predictClasses(Tensor x) {
        Tensor y = predict(x);
        int n = y.size(0);
        int classes = y.numel() / n;
        int[] out = new int[n];
        float[] v = y.data();
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

    /** Every layer's output for {@code x} (evaluation mode, no tape), in network order. */
    public Activations activations(Tensor x) {
        x = checkInput(x);
        LinkedHashMap<String, Tensor> outputs = new LinkedHashMap<>();
        try (NoGrad g = Tensor.noGrad()) {
            for (Layer layer : layers) {
                x = layer.forward(x, Mode.EVAL);
                outputs.put(layer.name(), x.detach());
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
     * Grad-CAM of layer {@code layer} (any layer with feature maps, e.g. "conv2") for class
     * {@code target}: {@code net.gradCam(image, "conv2", 9).plot()}.
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

    /** Restarts every dropout layer's mask sequence from {@code seed} (the trainer's seed). */
    public void seedDropout(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer layer : layers) {
            if (layer instanceof Dropout d) {
                d.reseed(random.nextLong());
            }
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
     * Loads a net saved by {@link #save}; checks magic number, version, architecture, shapes and
     * checksum before returning anything.
     *
     * @throws NetFile.FormatException     for a damaged, truncated or foreign file
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Net load(Path file) {
        return NetFile.load(file);
    }

    List<Cnn.Spec> specs() {
        return specs;
    }

    @Override
    public String toString() {
        return summary().toString();
    }
}
