package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Max pooling: each {@code k × k} window (moved by {@code stride}, default {@code k}) keeps its
 * largest value, per channel; the backward pass sends the gradient to that maximum only.
 *
 * <p>Input {@code (N, C, H, W)}, output {@code (N, C, floor((H − k)/stride) + 1, floor((W − k)/stride) + 1)}.
 * No parameters. Lecture example: 4×4 with 2×2 windows and stride 2 gives 2×2.
 */
public final class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernelSize) {
        super(kernelSize);
    }

    public MaxPool2d stride(int stride) {
        setStride(stride);
        return this;
    }

    /** Re-creates a saved layer: {@code kernelSize}, optional {@code stride} (default: the kernel size). */
    static MaxPool2d fromConfig(LayerConfig c, Shape in) {
        int k = c.integer("kernelSize");
        return new MaxPool2d(k).stride(c.integer("stride", k));
    }

    @Override
    public String kind() {
        return "maxPool";
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.maxPool2d(cropToWindows(x), kernelSize, stride);
    }
}
