package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * One tensor a layer owns (e.g. {@code conv1.weight}, shape {@code (32, 1, 3, 3)}), of a {@link Kind}:
 * a {@link Kind#WEIGHT} is trained and penalised (L1/L2, weight decay), a {@link Kind#BIAS} is
 * trained but never penalised (biases, BatchNorm's gamma and beta), {@link Kind#STATE} (BatchNorm's running statistics) is saved and
 * loaded with the net but never trained (no gradient, no optimizer step).
 *
 * <p>Its shape is known as soon as the layer is; the values are allocated only by
 * {@code build()} ({@link #initialize}), so a summary of a network with 10^12 weights costs
 * nothing. Optimizers update {@code tensor().data()} in place.
 */
public final class Parameter {
    /** What a parameter is for; decides training, penalties and the summary's columns. */
    public enum Kind {
        /** Trained; L1/L2 penalties and decoupled weight decay apply (kernels, dense weights). */
        WEIGHT,
        /**
         * Trained; never penalised: biases, and BatchNorm's gamma and beta (shrinking gamma towards 0
         * would fight the normalisation; Keras and common PyTorch practice leave both undecayed).
         */
        BIAS,
        /** Saved and loaded, never trained; changed by the layer itself in training mode (running mean/variance). */
        STATE
    }

    private final String name;
    private final Kind kind;
    private final Shape shape;
    private final Init init;
    private final long fanIn;
    private final long fanOut;
    private Tensor value;

    /**
     * A parameter of {@code kind}; a layer makes its parameters once its shapes are known.
     *
     * @param fanIn  inputs per output unit, for {@link Init#HE} and {@link Init#GLOROT}
     * @param fanOut outputs per input unit, for {@link Init#GLOROT}
     */
    public Parameter(String name, Kind kind, Shape shape, Init init, long fanIn, long fanOut) {
        this.name = name;
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
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

    /** Whether this is a weight, a bias or state. */
    public Kind kind() {
        return kind;
    }

    /** True for {@link Kind#WEIGHT}: L1/L2 penalties and weight decay apply to weights only. */
    public boolean isWeight() {
        return kind == Kind.WEIGHT;
    }

    /** True for weights and biases, false for state: what optimizers update. */
    public boolean isTrainable() {
        return kind != Kind.STATE;
    }

    public Init init() {
        return init;
    }

    public boolean isAllocated() {
        return value != null;
    }

    /**
     * The live tensor (requires grad unless it is state).
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
        } else if (init == Init.ONES) {
            t = Tensor.ones(dims);
        } else {
            float limit = (float) init.limit(fanIn, fanOut);
            t = Tensor.uniform(seed, -limit, limit, dims);
        }
        value = isTrainable() ? t.requiresGrad() : t;
    }

    /** Replaces the values (load): {@code data} must hold {@link #numel()} floats. */
    public void set(float[] data) {
        int[] dims = checkedDims();
        Tensor t = Tensor.of(data, dims);
        value = isTrainable() ? t.requiresGrad() : t;
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
        return name + " " + shape + (kind == Kind.WEIGHT ? "" : " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
