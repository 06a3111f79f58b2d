package jcnn.nn;

import java.util.List;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Common parts of the built-in layers: the name, and checking the input's shape (through
 * {@link #outputShape}) before any computation, so a wrong input names this layer.
 */
public abstract class AbstractLayer implements Layer {
    private String name;

    protected AbstractLayer(String defaultName) {
        this.name = defaultName;
    }

    @Override
    public String name() {
        return name;
    }

    /** Renames the layer (the builder numbers them: conv1, conv2 ...). */
    public AbstractLayer named(String name) {
        this.name = name;
        return this;
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

    /** The label used in messages: {@code Conv2d 'conv1'}. */
    protected String label() {
        return type() + " '" + name + "'";
    }

    /** {@code "Conv2d 'conv1': expected input (N, 3, H, W) but got (N, 1, 28, 28); hint"}. */
    protected IllegalArgumentException mismatch(String expected, Shape received, String hint) {
        return new IllegalArgumentException(label() + ": expected input " + expected + " but got " + received
                + (hint == null || hint.isEmpty() ? "" : "; " + hint));
    }

    /** Requires a rank-{@code rank} input; {@code pattern} like "(N, C, H, W)". */
    protected void requireRank(Shape input, int rank, String pattern, String hint) {
        if (input.rank() != rank) {
            throw mismatch(pattern, input, hint);
        }
    }
}
