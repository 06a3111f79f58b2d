package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;

/** Shared geometry of {@link MaxPool2d} and {@link AvgPool2d}. */
abstract class Pool2d extends AbstractLayer {
    final int kernelSize;
    int stride;

    Pool2d(int kernelSize) {
        super("pool");
        positive("kernelSize", kernelSize, "2 pools 2x2 windows");
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
                throw error("the " + kernelSize + "×" + kernelSize
                        + " window does not fit the input " + input + "; use a smaller kernel or remove a pooling layer");
            }
        }
        return Shape.of(input.dim(0), input.dim(1), (input.dim(2) - kernelSize) / stride + 1,
                (input.dim(3) - kernelSize) / stride + 1);
    }

    /**
     * The input without the bottom rows and right columns no window reaches, so that
     * {@link F}'s pooling (which wants exact tiling) sees {@code (H_out − 1)·stride + k} rows;
     * the backward pass gives the dropped pixels zero gradient.
     */
    protected Tensor cropToWindows(Tensor x) {
        int[] s = x.shape();
        int h = (s[2] - kernelSize) / stride * stride + kernelSize;
        int w = (s[3] - kernelSize) / stride * stride + kernelSize;
        if (h == s[2] && w == s[3]) {
            return x;
        }
        int planes = s[0] * s[1];
        int inH = s[2];
        int inW = s[3];
        float[] in = TensorInternals.data(x);
        float[] out = new float[planes * h * w];
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(in, (p * inH + r) * inW, out, (p * h + r) * w, w);
            }
        }
        return TensorInternals.fromOp("crop", out, new int[] {s[0], s[1], h, w}, g -> {
            float[] gx = TensorInternals.gradBuffer(x);
            for (int p = 0; p < planes; p++) {
                for (int r = 0; r < h; r++) {
                    int from = (p * h + r) * w;
                    int to = (p * inH + r) * inW;
                    for (int c = 0; c < w; c++) {
                        gx[to + c] += g[from + c];
                    }
                }
            }
        }, x);
    }

    @Override
    public String namePrefix() {
        return "pool";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("kernelSize", kernelSize).putUnlessDefault("stride", stride, kernelSize);
    }

    /** Sets the stride after checking it. */
    void setStride(int stride) {
        this.stride = positive("stride", stride, "stride 2 with a 2x2 window halves the size");
    }

    @Override
    public String toString() {
        return type() + "(" + kernelSize + (stride != kernelSize ? ", stride=" + stride : "") + ")";
    }
}
