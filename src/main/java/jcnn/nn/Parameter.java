package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * One trainable tensor of a layer (e.g. {@code conv1.weight}, shape {@code (32, 1, 3, 3)}).
 *
 * <p>Its shape is known as soon as the layer is; the values are allocated only by
 * {@code build()} ({@link #initialize}), so a summary of a network with 10^12 weights costs
 * nothing. Optimizers update {@code tensor().data()} in place.
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private final Init init;
    private final long fanIn;
    private final long fanOut;
    private Tensor value;

    Parameter(String name, Shape shape, Init init, long fanIn, long fanOut) {
        this.name = name;
        this.shape = shape;
        this.init = init;
        this.fanIn = fanIn;
        this.fanOut = fanOut;
    }

    /** {@code layer.weight} or {@code layer.bias}. */
    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /** Number of values (a long: the lecture's fully connected layer has 10^12). */
    public long numel() {
        return shape.numel();
    }

    /** True for weights, false for biases: L1/L2 penalties apply to weights only. */
    public boolean isWeight() {
        return init != Init.ZEROS;
    }

    public Init init() {
        return init;
    }

    public boolean isAllocated() {
        return value != null;
    }

    /**
     * The live tensor (requires grad).
     *
     * @throws IllegalStateException if the net was not built
     */
    public Tensor tensor() {
        if (value == null) {
            throw new IllegalStateException(name + " is not allocated yet; call build() on the Cnn builder first");
        }
        return value;
    }

    /**
     * Allocates and fills the values from {@code seed} with this parameter's {@link Init}.
     *
     * @throws IllegalStateException if it has more than 2^31 − 1 values (use summary() for such nets)
     */
    void initialize(long seed) {
        int[] dims = checkedDims();
        Tensor t;
        if (init == Init.ZEROS) {
            t = Tensor.zeros(dims);
        } else {
            float limit = (float) init.limit(fanIn, fanOut);
            t = Tensor.uniform(seed, -limit, limit, dims);
        }
        value = t.requiresGrad();
    }

    /** Replaces the values (load): {@code data} must hold {@link #numel()} floats. */
    void set(float[] data) {
        int[] dims = checkedDims();
        value = Tensor.of(data, dims).requiresGrad();
    }

    private int[] checkedDims() {
        if (numel() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(name + " " + shape + " has " + String.format("%,d", numel())
                    + " values, more than one Java array holds (2^31 − 1); this net can be summarised but not built");
        }
        return shape.dims();
    }

    @Override
    public String toString() {
        return name + " " + shape;
    }
}
