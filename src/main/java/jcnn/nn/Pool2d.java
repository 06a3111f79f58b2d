package jcnn.nn;

import jcnn.tensor.Shape;

/** Shared geometry of {@link MaxPool2d} and {@link AvgPool2d}. */
abstract class Pool2d extends AbstractLayer {
    final int kernelSize;
    int stride;

    Pool2d(int kernelSize) {
        super("pool");
        Conv2d.positive("kernelSize", kernelSize);
        this.kernelSize = kernelSize;
        this.stride = kernelSize;
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int stride() {
        return stride;
    }

    /**
     * {@code floor((H − k) / s) + 1}: like PyTorch and Keras, a remainder row or column that no
     * window covers is dropped (13 pooled by 2 gives 6).
     */
    @Override
    public Shape outputShape(Shape input) {
        requireRank(input, 4, "(N, C, H, W)", "pooling needs images (batch, channels, height, width)");
        for (int axis = 2; axis <= 3; axis++) {
            if (input.dim(axis) < kernelSize) {
                throw new IllegalArgumentException(name() + " (" + type() + "): the " + kernelSize + "×" + kernelSize
                        + " window does not fit the input " + input + "; use a smaller kernel or remove a pooling layer");
            }
        }
        return Shape.of(input.dim(0), input.dim(1), (input.dim(2) - kernelSize) / stride + 1,
                (input.dim(3) - kernelSize) / stride + 1);
    }

    @Override
    public String toString() {
        return type() + "(" + kernelSize + (stride != kernelSize ? ", stride=" + stride : "") + ")";
    }
}
