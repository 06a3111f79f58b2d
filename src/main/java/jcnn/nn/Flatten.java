package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Flattens each example into a vector, the step from feature maps to fully connected layers.
 *
 * <p>Input {@code (N, C, H, W)} (any rank ≥ 2), output {@code (N, C·H·W)}; no parameters.
 * Example: {@code (N, 64, 7, 7)} gives {@code (N, 3136)}.
 */
public final class Flatten extends AbstractLayer {
    public Flatten() {
        super("flatten");
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2) {
            throw mismatch("(N, ...)", input, "layers work on batches");
        }
        long size = input.withoutBatch().numel();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(label() + ": " + input + " flattens to " + size + " values, more than 2^31 − 1");
        }
        return Shape.of(input.dim(0), (int) size);
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.flatten(x);
    }

    @Override
    public String toString() {
        return "Flatten()";
    }

    @Override
    public String kind() {
        return "flatten";
    }
}
