package jcnn.nn;

import jcnn.tensor.Tensor;

/**
 * Element-wise {@code tanh(x)}, in (−1, 1), zero-centred; gradient 1 − tanh²(x).
 *
 * <p>Input and output {@code (N, ...)}, same shape; no parameters.
 */
public final class Tanh extends Activation {
    public Tanh() {
        super("tanh");
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.tanh(x);
    }

    @Override
    public String kind() {
        return "tanh";
    }
}
