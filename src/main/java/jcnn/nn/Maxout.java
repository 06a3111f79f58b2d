package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Maxout (Goodfellow et al. 2013): groups of {@code pieces} consecutive channels (axis 1) are
 * reduced to their maximum, a learned piecewise-linear activation.
 *
 * <p>Input {@code (N, C·pieces, ...)}, output {@code (N, C, ...)}: output channel {@code i} is
 * the max of input channels {@code i·pieces .. i·pieces + pieces − 1}. No parameters.
 */
public final class Maxout extends AbstractLayer {
    private final int pieces;

    public Maxout(int pieces) {
        super("maxout");
        if (pieces < 2) {
            throw error("pieces must be >= 2 but got " + pieces + "; maxout(2) keeps the larger of each pair of channels");
        }
        this.pieces = pieces;
    }

    static Maxout fromConfig(LayerConfig c, Shape in) {
        return new Maxout(c.integer("pieces"));
    }

    @Override
    public String kind() {
        return "maxout";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("pieces", pieces);
    }

    public int pieces() {
        return pieces;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2 || input.dim(1) % pieces != 0) {
            throw mismatch("(N, C·" + pieces + ", ...)", input, "axis 1 must be a multiple of " + pieces
                    + "; give the previous layer a multiple of " + pieces + " filters or units");
        }
        int[] dims = input.dims();
        dims[1] /= pieces;
        return Shape.of(dims);
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.maxout(x, pieces);
    }

    @Override
    public String toString() {
        return "Maxout(" + pieces + ")";
    }
}
