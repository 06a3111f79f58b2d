package jcnn.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcnn.tensor.Shape;

/**
 * Builds a network one short verb per layer, inferring and checking shapes at each call.
 *
 * <pre>{@code
 * import static jcnn.nn.Cnn.*;
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
    /** A layer option such as {@code stride(2)} or {@code padding(1)}. */
    public record Option(String name, int value) {
        @Override
        public String toString() {
            return name + "(" + value + ")";
        }
    }

    /** How to re-create one layer: its builder verb, arguments and name (also the saved architecture). */
    record Spec(String verb, Map<String, Object> args, String name) {
    }

    private final Shape input;
    private final List<Spec> specs = new ArrayList<>();
    private final List<AbstractLayer> layers = new ArrayList<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private Shape current;
    private long seed = 42;

    private Cnn(Shape input) {
        this.input = input;
        this.current = input;
    }

    /** Starts a network for images of {@code channels × height × width}, e.g. {@code input(1, 28, 28)}. */
    public static Cnn input(int channels, int height, int width) {
        Conv2d.positive("channels", channels);
        Conv2d.positive("height", height);
        Conv2d.positive("width", width);
        return new Cnn(Shape.of(-1, channels, height, width));
    }

    /** Starts a network for vectors of {@code features} values (no convolutions), e.g. {@code input(784)}. */
    public static Cnn input(int features) {
        Conv2d.positive("features", features);
        return new Cnn(Shape.of(-1, features));
    }

    static Cnn input(Shape shape) {
        return new Cnn(shape);
    }

    /** The stride option: the window moves {@code s} pixels at a time. */
    public static Option stride(int s) {
        Conv2d.positive("stride", s);
        return new Option("stride", s);
    }

    /** The padding option: {@code p} rows and columns of zeros around the input. */
    public static Option padding(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + p);
        }
        return new Option("padding", p);
    }

    /** {@code filters} convolution kernels of {@code kernelSize × kernelSize} (see {@link Conv2d}); options stride, padding. */
    public Cnn conv(int filters, int kernelSize, Option... options) {
        return add("conv", args("filters", filters, "kernelSize", kernelSize, options, "stride", "padding"));
    }

    /** Like {@link #conv} without weight sharing (see {@link LocallyConnected2d}); options stride, padding. */
    public Cnn locallyConnected(int filters, int kernelSize, Option... options) {
        return add("local", args("filters", filters, "kernelSize", kernelSize, options, "stride", "padding"));
    }

    /** Max pooling over {@code k × k} windows, stride {@code k} unless given (see {@link MaxPool2d}). */
    public Cnn maxPool(int kernelSize, Option... options) {
        return add("maxPool", args("kernelSize", kernelSize, null, 0, options, "stride"));
    }

    /** Average pooling over {@code k × k} windows, stride {@code k} unless given (see {@link AvgPool2d}). */
    public Cnn avgPool(int kernelSize, Option... options) {
        return add("avgPool", args("kernelSize", kernelSize, null, 0, options, "stride"));
    }

    public Cnn relu() {
        heForPrevious();
        return add("relu", new LinkedHashMap<>());
    }

    public Cnn sigmoid() {
        return add("sigmoid", new LinkedHashMap<>());
    }

    public Cnn tanh() {
        return add("tanh", new LinkedHashMap<>());
    }

    /** Leaky ReLU with the given negative slope (see {@link LeakyReLU}). */
    public Cnn leakyRelu(double slope) {
        heForPrevious();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("slope", slope);
        return add("leakyRelu", a);
    }

    /** ELU with the given alpha (see {@link ELU}). */
    public Cnn elu(double alpha) {
        heForPrevious();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("alpha", alpha);
        return add("elu", a);
    }

    /** Maxout over groups of {@code pieces} channels (see {@link Maxout}). */
    public Cnn maxout(int pieces) {
        return add("maxout", args("pieces", pieces, null, 0, new Option[0]));
    }

    /** Dropout with drop probability {@code p} (see {@link Dropout}). */
    public Cnn dropout(double p) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("p", p);
        return add("dropout", a);
    }

    public Cnn flatten() {
        return add("flatten", new LinkedHashMap<>());
    }

    /** A fully connected layer of {@code units} (see {@link Dense}); needs a flat input. */
    public Cnn dense(int units) {
        return add("dense", args("units", units, null, 0, new Option[0]));
    }

    public Cnn softmax() {
        return add("softmax", new LinkedHashMap<>());
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
     * (a new, independent net).
     *
     * @throws IllegalStateException if a layer has more weights than an array holds (summary() still works)
     */
    public Net build() {
        List<Layer> fresh = new ArrayList<>();
        Shape shape = input;
        for (Spec spec : specs) {
            AbstractLayer layer = create(spec, shape);
            shape = layer.outputShape(shape);
            fresh.add(layer);
        }
        List<Spec> copies = new ArrayList<>();
        for (Spec s : specs) {
            copies.add(new Spec(s.verb(), new LinkedHashMap<>(s.args()), s.name()));
        }
        return new Net(input, fresh, List.copyOf(copies), seed);
    }

    @Override
    public String toString() {
        return summary().toString();
    }

    // ---- internals ----

    private static Map<String, Object> args(String k1, int v1, String k2, int v2, Option[] options, String... allowed) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(k1, v1);
        if (k2 != null) {
            a.put(k2, v2);
        }
        for (Option o : options) {
            if (!List.of(allowed).contains(o.name())) {
                throw new IllegalArgumentException("option " + o + " does not apply here; allowed: "
                        + (allowed.length == 0 ? "none" : String.join(", ", allowed)));
            }
            a.put(o.name(), o.value());
        }
        return a;
    }

    private void heForPrevious() {
        if (!specs.isEmpty()) {
            Spec last = specs.get(specs.size() - 1);
            if (List.of("conv", "local", "dense").contains(last.verb())) {
                last.args().put("init", Init.HE.name());
                layers.set(layers.size() - 1, create(last, shapeBefore(layers.size() - 1)));
            }
        }
    }

    private Shape shapeBefore(int index) {
        Shape s = input;
        for (int i = 0; i < index; i++) {
            s = layers.get(i).outputShape(s);
        }
        return s;
    }

    private Cnn add(String verb, Map<String, Object> args) {
        String prefix = prefix(verb);
        int number = counters.getOrDefault(prefix, 0) + 1;
        Spec spec = new Spec(verb, args, prefix + number);
        AbstractLayer layer = create(spec, current);
        Shape out = layer.outputShape(current);
        counters.put(prefix, number);
        specs.add(spec);
        layers.add(layer);
        current = out;
        return this;
    }

    /** Adds a spec as saved (name and init included); used by {@code Net.load}. */
    Cnn addSaved(Spec spec) {
        AbstractLayer layer = create(spec, current);
        current = layer.outputShape(current);
        specs.add(spec);
        layers.add(layer);
        return this;
    }

    private static String prefix(String verb) {
        return switch (verb) {
            case "maxPool", "avgPool" -> "pool";
            case "leakyRelu" -> "leakyrelu";
            default -> verb;
        };
    }

    private static int i(Map<String, Object> a, String key, int fallback) {
        Object v = a.get(key);
        return v == null ? fallback : ((Number) v).intValue();
    }

    private static double d(Map<String, Object> a, String key) {
        return ((Number) a.get(key)).doubleValue();
    }

    /** Makes the layer a spec describes for the given input shape (checks nothing about the input yet). */
    static AbstractLayer create(Spec spec, Shape in) {
        Map<String, Object> a = spec.args();
        Init init = a.containsKey("init") ? Init.valueOf((String) a.get("init")) : Init.GLOROT;
        AbstractLayer layer = switch (spec.verb()) {
            case "conv" -> {
                requireImages(spec, in);
                yield new Conv2d(in.dim(1), i(a, "filters", 0), i(a, "kernelSize", 0))
                        .stride(i(a, "stride", 1)).padding(i(a, "padding", 0)).init(init);
            }
            case "local" -> {
                requireImages(spec, in);
                yield new LocallyConnected2d(in.dim(1), in.dim(2), in.dim(3), i(a, "filters", 0), i(a, "kernelSize", 0))
                        .stride(i(a, "stride", 1)).padding(i(a, "padding", 0)).init(init);
            }
            case "maxPool" -> new MaxPool2d(i(a, "kernelSize", 0)).stride(i(a, "stride", i(a, "kernelSize", 0)));
            case "avgPool" -> new AvgPool2d(i(a, "kernelSize", 0)).stride(i(a, "stride", i(a, "kernelSize", 0)));
            case "relu" -> new ReLU();
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "leakyRelu" -> new LeakyReLU(d(a, "slope"));
            case "elu" -> new ELU(d(a, "alpha"));
            case "maxout" -> new Maxout(i(a, "pieces", 0));
            case "dropout" -> new Dropout(d(a, "p"));
            case "flatten" -> new Flatten();
            case "dense" -> {
                if (in.rank() != 2) {
                    throw new IllegalArgumentException(spec.name() + " (Dense): expected a flat input (N, features) but got " + in
                            + "; add .flatten() before .dense(" + i(a, "units", 0) + ")");
                }
                yield new Dense(in.dim(1), i(a, "units", 0)).init(init);
            }
            case "softmax" -> new Softmax();
            default -> throw new IllegalArgumentException("unknown layer kind '" + spec.verb() + "'");
        };
        layer.named(spec.name());
        return layer;
    }

    private static void requireImages(Spec spec, Shape in) {
        if (in.rank() != 4) {
            throw new IllegalArgumentException(spec.name() + ": expected images (N, C, H, W) but got " + in
                    + "; convolutions come before flatten() and dense()");
        }
    }
}
