package jcnn.nn;

import jcnn.tensor.Shape;

/**
 * Batch normalisation of vectors, per feature (PyTorch's {@code BatchNorm1d} on {@code (N, C)}):
 * <pre>
 *   y = gamma_c · (x − mean_c) / sqrt(var_c + eps) + beta_c
 * </pre>
 * with the statistics of feature {@code c} over the batch ({@code N} values) while training, the
 * running ones in evaluation (see {@link BatchNorm} and {@link F#batchNorm}).
 *
 * <p>Input and output {@code (N, C)}. Parameters: gamma and beta {@code (C)} (trained), running mean
 * and variance {@code (C)} (state). Training needs a batch of at least 2.
 */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int features) {
        super(features);
    }

    @Override
    public Shape outputShape(Shape input) {
        requireRank(input, 2, "(N, " + channels() + ")", "BatchNorm1d normalises vectors; use BatchNorm2d after conv()");
        if (input.dim(1) != channels()) {
            throw mismatch("(N, " + channels() + ")", input, "it has one gamma per feature; make it BatchNorm1d("
                    + input.dim(1) + ")");
        }
        return input;
    }
}
