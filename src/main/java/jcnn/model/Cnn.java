package jcnn.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcnn.tensor.Shape;
import jcnn.nn.AvgPool2d;
import jcnn.nn.BatchNorm;
import jcnn.nn.BatchNorm1d;
import jcnn.nn.BatchNorm2d;
import jcnn.nn.Conv2d;
import jcnn.nn.Dense;
import jcnn.nn.Dropout;
import jcnn.nn.ELU;
import jcnn.nn.Flatten;
import jcnn.nn.GlobalAvgPool2d;
import jcnn.nn.Layer;
import jcnn.nn.LayerArgumentException;
import jcnn.nn.LayerRegistry;
import jcnn.nn.LeakyReLU;
import jcnn.nn.LocallyConnected2d;
import jcnn.nn.MaxPool2d;
import jcnn.nn.Maxout;
import jcnn.nn.Option;
import jcnn.nn.ReLU;
import jcnn.nn.Residual;
import jcnn.nn.Sigmoid;
import jcnn.nn.Softmax;
import jcnn.nn.Tanh;

/**
 * Builds a network one short verb per layer, inferring and checking shapes at each call.
 *
 * <pre>{@code
 * import static jcnn.model.Cnn.*;
 * Net net = Cnn.input(1, 28, 28)
 *     .conv(32, 3, padding(1)).relu().maxPool(2)
 *     .conv(64, 3, padding(1)).relu().maxPool(2)
 *     .flatten().dropout(0.5).dense(128).relu().dense(10).softmax()
 *     .build();
 * }</pre>
 *
 * <p>Layers are named by kind and number: conv1, pool1, relu1, dense1 ... A geometry that does
 * not fit is refused at the call that causes it, with the formula and a fix, e.g.
 * {@code conv2 (Conv2d, height): (14 + 2·0 − 5)/2 + 1 = 5.5 is not a whole number; try padding(1) or stride(1)}.
 *
 * <p>Weights are allocated only by {@link #build()}, from {@link #seed(long)} (default 42): He
 * initialisation for a weighted layer directly followed by relu/leakyRelu/elu, Glorot otherwise.
 * {@link #summary()} needs no allocation, so the lecture's 1000×1000 networks can be summarised.
 */
public final class Cnn {
    private final Shape input;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private final String prefix;
    private Shape current;
    private long seed = 42;

    private Cnn(Shape input, String prefix) {
        this.input = input;
        this.current = input;
        this.prefix = prefix;
    }

    /** Starts a network for images of {@code channels × height × width}, e.g. {@code input(1, 28, 28)}. */
    public static Cnn input(int channels, int height, int width) {
        Conv2d.positive("channels", channels);
        Conv2d.positive("height", height);
        Conv2d.positive("width", width);
        return new Cnn(Shape.of(-1, channels, height, width), "");
    }

    /** Starts a network for vectors of {@code features} values (no convolutions), e.g. {@code input(784)}. */
    public static Cnn input(int features) {
        Conv2d.positive("features", features);
        return new Cnn(Shape.of(-1, features), "");
    }

    static Cnn input(Shape shape) {
        return new Cnn(shape, "");
    }

    /** The stride option: the window moves {@code s} pixels at a time (checked by the layer, which names itself). */
    public static Option stride(int s) {
        return new Option("stride", s);
    }

    /** The padding option: {@code p} rows and columns of zeros around the input (checked by the layer). */
    public static Option padding(int p) {
        return new Option("padding", p);
    }

    /**
     * Adds {@code layer} as it is (its input must match the output so far), named by its
     * {@link Layer#namePrefix()} and a number: {@code .add(new Conv2d(32, 64, 3).padding(1))}
     * gives {@code conv2} after one convolution.
     *
     * @throws IllegalArgumentException naming the layer if its input does not fit
     */
    public Cnn add(Layer layer) {
        java.util.Objects.requireNonNull(layer, "layer");
        return add(in -> layer);
    }

    /**
     * Adds the layer {@code make} builds for the output shape so far (how the verbs learn their
     * channel count): {@code .add(in -> new Conv2d(in.dim(1), 64, 3))}.
     *
     * @throws IllegalArgumentException naming the layer if an argument or the input does not fit
     */
    public Cnn add(java.util.function.Function<Shape, Layer> make) {
        Layer layer;
        String name;
        try {
            layer = make.apply(current);
            String p = layer.namePrefix();
            name = prefix + p + (counters.getOrDefault(p, 0) + 1);
            layer.named(name);
        } catch (LayerArgumentException e) {
            throw e.renamed(nextName(e.layer()));
        }
        for (Layer l : layers) {
            if (l == layer) {
                throw new IllegalArgumentException(name + " (" + layer.type() + "): this layer object is already in the net as "
                        + "an earlier layer; add a new instance");
            }
        }
        Shape out = layer.outputShape(current);
        counters.merge(layer.namePrefix(), 1, Integer::sum);
        layers.add(layer);
        current = out;
        return this;
    }

    /** The name the next layer with default name {@code defaultName} (e.g. conv) would get. */
    private String nextName(String defaultName) {
        String p = switch (defaultName) {
            case "maxPool", "avgPool" -> "pool";
            default -> defaultName.toLowerCase(java.util.Locale.ROOT);
        };
        return prefix + p + (counters.getOrDefault(p, 0) + 1);
    }

    /** {@code filters} convolution kernels of {@code kernelSize × kernelSize} (see {@link Conv2d}); options stride, padding. */
    public Cnn conv(int filters, int kernelSize, Option... options) {
        return add(in -> {
            Conv2d.requireImages("conv", "Conv2d", in);
            Conv2d c = new Conv2d(in.dim(1), filters, kernelSize);
            for (Option o : options(c, options, "stride", "padding")) {
                if (o.name().equals("stride")) {
                    c.stride(o.value());
                } else {
                    c.padding(o.value());
                }
            }
            return c;
        });
    }

    /** Like {@link #conv} without weight sharing (see {@link LocallyConnected2d}); options stride, padding. */
    public Cnn locallyConnected(int filters, int kernelSize, Option... options) {
        return add(in -> {
            Conv2d.requireImages("local", "LocallyConnected2d", in);
            LocallyConnected2d c = new LocallyConnected2d(in.dim(1), in.dim(2), in.dim(3), filters, kernelSize);
            for (Option o : options(c, options, "stride", "padding")) {
                if (o.name().equals("stride")) {
                    c.stride(o.value());
                } else {
                    c.padding(o.value());
                }
            }
            return c;
        });
    }

    /** Max pooling over {@code k × k} windows, stride {@code k} unless given (see {@link MaxPool2d}). */
    public Cnn maxPool(int kernelSize, Option... options) {
        return add(in -> {
            MaxPool2d pool = new MaxPool2d(kernelSize);
            for (Option o : options(pool, options, "stride")) {
                pool.stride(o.value());
            }
            return pool;
        });
    }

    /** Average pooling over {@code k × k} windows, stride {@code k} unless given (see {@link AvgPool2d}). */
    public Cnn avgPool(int kernelSize, Option... options) {
        return add(in -> {
            AvgPool2d pool = new AvgPool2d(kernelSize);
            for (Option o : options(pool, options, "stride")) {
                pool.stride(o.value());
            }
            return pool;
        });
    }

    /** The mean of each feature map: {@code (N, C, H, W) -> (N, C)} (see {@link GlobalAvgPool2d}). */
    public Cnn globalAvgPool() {
        return add(new GlobalAvgPool2d());
    }

    /**
     * Batch normalisation of the output so far: {@link BatchNorm2d} after a convolution (per
     * channel), {@link BatchNorm1d} after a dense layer (per feature); momentum 0.1, eps 1e-5.
     */
    public Cnn batchNorm() {
        return add(in -> BatchNorm.forInput(in));
    }

    /**
     * A residual block: {@code y = branch(x) + shortcut(x)}, where the branch is built by
     * {@code branch} from the output so far, and the shortcut is the identity when the shapes
     * agree, else a 1×1 convolution ({@code proj}) with the stride that matches the sizes.
     * <pre>{@code
     * .residual(b -> b.conv(64, 3, padding(1)).batchNorm().relu().conv(64, 3, padding(1)).batchNorm()).relu()
     * }</pre>
     * Inner layers are named inside the block: {@code block1.conv1}, {@code block1.bn1} ... (see {@link Residual}).
     *
     * @throws IllegalArgumentException naming the block if the branch's output cannot be matched by a 1×1 projection
     */
    public Cnn residual(java.util.function.UnaryOperator<Cnn> branch) {
        String blockName = prefix + "block" + (counters.getOrDefault("block", 0) + 1);
        Cnn inner = new Cnn(current, blockName + ".");
        Cnn built = branch.apply(inner);
        if (built != inner) {
            throw new IllegalArgumentException(blockName + " (Residual): the branch must return the builder it was given "
                    + "(b -> b.conv(...)...), not a new one");
        }
        return add(in -> Residual.of(in, inner.layers, blockName));
    }

    public Cnn relu() {
        rectifierFollows();
        return add(new ReLU());
    }

    public Cnn sigmoid() {
        return add(new Sigmoid());
    }

    public Cnn tanh() {
        return add(new Tanh());
    }

    /** Leaky ReLU with the given negative slope (see {@link LeakyReLU}). */
    public Cnn leakyRelu(double slope) {
        rectifierFollows();
        return add(in -> new LeakyReLU(slope));
    }

    /** ELU with the given alpha (see {@link ELU}). */
    public Cnn elu(double alpha) {
        rectifierFollows();
        return add(in -> new ELU(alpha));
    }

    /** Maxout over groups of {@code pieces} channels (see {@link Maxout}). */
    public Cnn maxout(int pieces) {
        return add(in -> new Maxout(pieces));
    }

    /** Dropout with drop probability {@code p} (see {@link Dropout}). */
    public Cnn dropout(double p) {
        return add(in -> new Dropout(p));
    }

    public Cnn flatten() {
        return add(new Flatten());
    }

    /** A fully connected layer of {@code units} (see {@link Dense}); needs a flat input. */
    public Cnn dense(int units) {
        return add(in -> {
            if (in.rank() != 2) {
                throw new LayerArgumentException("dense", "Dense", "expected a flat input (N, features) but got " + in
                        + "; add .flatten() before .dense(" + units + ")");
            }
            return new Dense(in.dim(1), units);
        });
    }

    public Cnn softmax() {
        return add(new Softmax());
    }

    /** The seed for the initial weights and dropout masks (default 42). */
    public Cnn seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The output shape so far, e.g. {@code (N, 32, 14, 14)}. */
    public Shape outputShape() {
        return current;
    }

    /** The table of layers, shapes and parameter counts; allocates no weights. */
    public Summary summary() {
        return Summary.of(input, layers);
    }

    /**
     * Allocates and initialises the weights and returns the network; the builder can build again
     * (a new, independent net; a layer of a kind not registered in {@link LayerRegistry} is used
     * as it is, so two nets would share it).
     *
     * @throws IllegalStateException if a layer has more weights than an array holds (summary() still works)
     */
    public Net build() {
        if (!prefix.isEmpty()) {
            throw new IllegalStateException("build() is called on the whole network, not inside residual(b -> ...)");
        }
        List<Layer> fresh = new ArrayList<>();
        Shape shape = input;
        for (Layer layer : layers) {
            // NOTE: a layer whose kind has no registered factory cannot be copied: the net uses
            // the instance itself (a second build shares it), and saving works but loading needs
            // LayerRegistry.register(kind, factory)
            Layer copy = copyable(layer) ? LayerRegistry.create(saved(layer), shape) : layer;
            shape = copy.outputShape(shape);
            fresh.add(copy);
        }
        return new Net(input, fresh, seed);
    }

    @Override
    public String toString() {
        return summary().toString();
    }

    // ---- internals ----

    /** How a layer is saved and re-created: kind, name, configuration and inner layers. */
    static LayerRegistry.Saved saved(Layer layer) {
        List<LayerRegistry.Saved> children = new ArrayList<>();
        for (Layer child : layer.children()) {
            children.add(saved(child));
        }
        return new LayerRegistry.Saved(layer.kind(), layer.name(), layer.config(), children);
    }

    private static boolean copyable(Layer layer) {
        if (!LayerRegistry.isRegistered(layer.kind())) {
            return false;
        }
        for (Layer child : layer.children()) {
            if (!copyable(child)) {
                return false;
            }
        }
        return true;
    }

    private static List<Option> options(Layer layer, Option[] options, String... allowed) {
        for (Option o : options) {
            if (!List.of(allowed).contains(o.name())) {
                throw new LayerArgumentException(layer.name(), layer.type(), "option " + o + " does not apply here; allowed: "
                        + (allowed.length == 0 ? "none" : String.join(", ", allowed)));
            }
        }
        return List.of(options);
    }

    private void rectifierFollows() {
        if (!layers.isEmpty()) {
            layers.get(layers.size() - 1).followedByRectifier();
        }
    }

    /** Adds a saved layer as it was named; used by {@code Net.load}. */
    Cnn addSaved(LayerRegistry.Saved saved) {
        Layer layer = LayerRegistry.create(saved, current);
        current = layer.outputShape(current);
        layers.add(layer);
        return this;
    }
}
