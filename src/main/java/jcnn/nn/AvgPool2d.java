package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Average pooling: each {@code k × k} window (moved by {@code stride}, default {@code k}) gives
 * its mean, per channel; the backward pass spreads the gradient evenly, {@code 1/k²} each.
 *
 * <p>Input {@code (N, C, H, W)}, output {@code (N, C, floor((H − k)/stride) + 1, floor((W − k)/stride) + 1)}.
 * No parameters.
 */
public final class AvgPool2d extends Pool2d {
    public AvgPool2d(int kernelSize) {
        super(kernelSize);
    }

    public AvgPool2d stride(int stride) {
        setStride(stride);
        return this;
    }

    /** Re-creates a saved layer: {@code kernelSize}, optional {@code stride} (default: the kernel size). */
    static AvgPool2d fromConfig(LayerConfig c, Shape in) {
        int k = c.integer("kernelSize");
        return new AvgPool2d(k).stride(c.integer("stride", k));
    }

    @Override
    public String kind() {
        return "avgPool";
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.avgPool2d(cropToWindows(x), kernelSize, stride);
    }
}
