package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Element-wise exponential linear unit: {@code x} for {@code x > 0}, else
 * {@code alpha·(e^x − 1)} (default alpha 1): smooth, with mean activations nearer zero.
 *
 * <p>Input and output {@code (N, ...)}, same shape; no parameters.
 */
public final class ELU extends Activation {
    private final float alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        super("elu");
        if (!(alpha > 0)) {
            throw error("alpha must be > 0 but got " + alpha + "; 1.0 is usual");
        }
        this.alpha = (float) alpha;
    }

    static ELU fromConfig(LayerConfig c, Shape in) {
        return new ELU(c.number("alpha"));
    }

    @Override
    public String kind() {
        return "elu";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("alpha", (double) alpha);
    }

    public float alpha() {
        return alpha;
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.elu(x, alpha);
    }

    @Override
    public String toString() {
        return alpha == 1f ? "ELU()" : "ELU(" + alpha + ")";
    }
}
