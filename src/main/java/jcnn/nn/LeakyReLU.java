package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Element-wise {@code x} for {@code x > 0}, else {@code slope·x} (default slope 0.01): keeps a
 * small gradient for negative inputs, so units cannot "die" as with ReLU.
 *
 * <p>Input and output {@code (N, ...)}, same shape; no parameters.
 */
public final class LeakyReLU extends Activation {
    private final float slope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(double slope) {
        super("leakyrelu");
        if (!(slope >= 0 && slope < 1)) {
            throw error("slope must be in [0, 1) but got " + slope + "; 0.01 is usual");
        }
        this.slope = (float) slope;
    }

    static LeakyReLU fromConfig(LayerConfig c, Shape in) {
        return new LeakyReLU(c.number("slope"));
    }

    @Override
    public String kind() {
        return "leakyRelu";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("slope", (double) slope);
    }

    public float slope() {
        return slope;
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.leakyRelu(x, slope);
    }

    @Override
    public String toString() {
        return slope == 0.01f ? "LeakyReLU()" : "LeakyReLU(" + slope + ")";
    }
}
