package jcnn.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * The base of every layer: its name, the input check before any computation (so a wrong input
 * names this layer), and jcnn's one error style ({@link LayerArgumentException}:
 * {@code conv2 (Conv2d): stride must be >= 1 but got 0; ...}).
 *
 * <p>A new layer is one class. This one, written in a notebook cell, multiplies its input by one
 * learned gain (starting at 1); it trains, saves and loads like a built-in:
 * <pre>{@code
 * class Gain extends AbstractLayer {                     // y = g·x, any shape
 *     Gain() { super("gain"); }
 *     public Shape outputShape(Shape in) { return in; }
 *     public List<Parameter> parameters() {
 *         return List.of(parameter("g", Parameter.Kind.WEIGHT, Shape.of(1), Init.ONES, 1, 1));
 *     }
 *     protected Tensor compute(Tensor x, Mode mode) { return x.mul(parameters().get(0).tensor()); }
 *     public String toString() { return "Gain()"; }
 * }
 * LayerRegistry.register("Gain", (config, input) -> new Gain());   // so Net.load can rebuild it
 * Net net = Cnn.input(1, 28, 28).conv(8, 3).add(new Gain()).relu().flatten().dense(10).build();
 * }</pre>
 * A layer with arguments returns them from {@link #config()} and reads them back in its factory
 * ({@code config.integer("channels")}); checks its arguments in the constructor with
 * {@link #error}, {@link #positive} or {@link #atLeast}; and, if it draws random numbers, takes
 * its seed in {@link #reseed}. {@link #parameter} makes a parameter named after the layer
 * ({@code gain1.g}) and makes it again when the builder renames the layer.
 */
public abstract class AbstractLayer implements Layer {
    private String name;
    private final Map<String, Parameter> owned = new LinkedHashMap<>();

    protected AbstractLayer(String defaultName) {
        this.name = defaultName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AbstractLayer named(String name) {
        this.name = name;
        owned.clear();
        return this;
    }

    /**
     * The parameter {@code <layer name>.<suffix>}, made on first use and kept until the layer is
     * renamed; see {@link Parameter#Parameter} for the arguments.
     */
    protected Parameter parameter(String suffix, Parameter.Kind kind, Shape shape, Init init, long fanIn, long fanOut) {
        return owned.computeIfAbsent(suffix, k -> new Parameter(name + "." + k, kind, shape, init, fanIn, fanOut));
    }

    @Override
    public final Tensor forward(Tensor x, Mode mode) {
        outputShape(Shape.of(x.shape()));
        return compute(x, mode);
    }

    /** The forward pass proper; the input shape was checked. */
    protected abstract Tensor compute(Tensor x, Mode mode);

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    /** The label used in messages: {@code conv1 (Conv2d)}. */
    protected String label() {
        return name + " (" + type() + ")";
    }

    /** {@code conv1 (Conv2d): <problem>}; throw it. */
    protected LayerArgumentException error(String problem) {
        return new LayerArgumentException(name, type(), problem);
    }

    /** {@code "conv1 (Conv2d): expected input (N, 3, H, W) but got (N, 1, 28, 28); hint"}. */
    protected LayerArgumentException mismatch(String expected, Shape received, String hint) {
        return error("expected input " + expected + " but got " + received + (hint == null || hint.isEmpty() ? "" : "; " + hint));
    }

    /** Requires a rank-{@code rank} input; {@code pattern} like "(N, C, H, W)". */
    protected void requireRank(Shape input, int rank, String pattern, String hint) {
        if (input.rank() != rank) {
            throw mismatch(pattern, input, hint);
        }
    }

    /** Requires {@code value >= min}: {@code conv1 (Conv2d): stride must be >= 1 but got 0; <hint>}. */
    protected int atLeast(String what, int value, int min, String hint) {
        if (value < min) {
            throw error(what + " must be >= " + min + " but got " + value + (hint == null || hint.isEmpty() ? "" : "; " + hint));
        }
        return value;
    }

    /** Requires {@code value >= 1}. */
    protected int positive(String what, int value, String hint) {
        return atLeast(what, value, 1, hint);
    }
}
