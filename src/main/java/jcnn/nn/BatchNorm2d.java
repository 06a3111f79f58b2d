package jcnn.nn;

import jcnn.tensor.Shape;

/**
 * Batch normalisation of images, per channel (Ioffe and Szegedy 2015; PyTorch's {@code BatchNorm2d}):
 * <pre>
 *   y = gamma_c · (x − mean_c) / sqrt(var_c + eps) + beta_c
 * </pre>
 * with the statistics of channel {@code c} over the batch and the image ({@code N·H·W} values) while
 * training, the running ones in evaluation (see {@link BatchNorm} and {@link F#batchNorm}).
 *
 * <p>Input and output {@code (N, C, H, W)}. Parameters: gamma and beta {@code (C)} (trained), running
 * mean and variance {@code (C)} (state): {@code 2·C} trainable values, {@code 2·C} more saved.
 * Momentum 0.1 and eps 1e-5 as PyTorch. Training needs more than one value per channel.
 */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int channels) {
        super(channels);
    }

    @Override
    public Shape outputShape(Shape input) {
        requireRank(input, 4, "(N, " + channels() + ", H, W)", "BatchNorm2d normalises images; use BatchNorm1d after dense()");
        if (input.dim(1) != channels()) {
            throw mismatch("(N, " + channels() + ", H, W)", input, "it has one gamma per channel; make it BatchNorm2d("
                    + input.dim(1) + ")");
        }
        return input;
    }
}
