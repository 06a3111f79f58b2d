package jcnn.nn;

import jcnn.tensor.Tensor;

/**
 * Element-wise {@code max(0, x)}; its gradient is 1 where {@code x > 0}, else 0 (the lecture's
 * CONV-RELU-POOL pattern).
 *
 * <p>Input and output {@code (N, ...)}, same shape; no parameters.
 */
public final class ReLU extends Activation {
    public ReLU() {
        super("relu");
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.relu(x);
    }

    @Override
    public String kind() {
        return "relu";
    }
}
