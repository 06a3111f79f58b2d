package jcnn.nn;

import jcnn.tensor.Tensor;

/**
 * Softmax over the last axis: {@code e^{x_i} / Σ_j e^{x_j}}, turning scores into class
 * probabilities that sum to 1.
 *
 * <p>Input and output {@code (N, classes)}; no parameters. As the last layer of a {@link jcnn.model.Net},
 * training skips it and applies the fused, numerically stable cross-entropy to the scores
 * (logits) instead; {@code predict} returns the probabilities.
 */
public final class Softmax extends Activation {
    public Softmax() {
        super("softmax");
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.softmax(x);
    }

    @Override
    public String kind() {
        return "softmax";
    }
}
