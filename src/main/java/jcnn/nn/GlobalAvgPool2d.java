package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Global average pooling: each feature map becomes its mean, so a network can end in
 * {@code conv → globalAvgPool → dense(classes)} with no large flattened layer (Lin et al. 2013,
 * "Network in Network"; ResNet's head).
 *
 * <p>Input {@code (N, C, H, W)}, output {@code (N, C)}: {@code y[n][c] = Σ_{i,j} x[n][c][i][j] / (H·W)}.
 * No parameters. Example: {@code (N, 64, 7, 7)} gives {@code (N, 64)}, where flatten gives {@code (N, 3136)}.
 */
public final class GlobalAvgPool2d extends AbstractLayer {
    public GlobalAvgPool2d() {
        super("gap");
    }

    @Override
    public String kind() {
        return "globalAvgPool";
    }

    @Override
    public String namePrefix() {
        return "gap";
    }

    @Override
    public Shape outputShape(Shape input) {
        requireRank(input, 4, "(N, C, H, W)", "global pooling averages feature maps; use it before flatten()/dense()");
        return Shape.of(input.dim(0), input.dim(1));
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.globalAvgPool2d(x);
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2d()";
    }
}
