package jcnn.nn;

import jcnn.tensor.Tensor;

/**
 * Element-wise {@code 1 / (1 + e^{−x})}, in (0, 1); its gradient σ(x)(1 − σ(x)) is at most 1/4, so deep sigmoid stacks learn slowly.
 *
 * <p>Input and output {@code (N, ...)}, same shape; no parameters.
 */
public final class Sigmoid extends Activation {
    public Sigmoid() {
        super("sigmoid");
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.sigmoid(x);
    }

    @Override
    public String kind() {
        return "sigmoid";
    }
}
