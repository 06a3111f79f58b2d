package jcnn.nn;

import java.util.List;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation) over a batch of images: {@code filters} kernels of
 * {@code kernelSize × kernelSize × inChannels} slide over the input, each giving one feature map.
 *
 * <p>Input {@code (N, C_in, H, W)}, output {@code (N, filters, H_out, W_out)} with
 * <pre>
 *   H_out = (H + 2·padding − kernelSize) / stride + 1      (W_out likewise; must be whole)
 * </pre>
 * Weight {@code (filters, C_in, kernelSize, kernelSize)}, bias {@code (filters)}:
 * {@code filters·(C_in·k·k) + filters} parameters, independent of the image size (weight
 * sharing). Weights start uniform, He when a ReLU-family activation follows (the builder sets
 * it), Glorot otherwise; biases start at 0.
 * Lecture example: 32×32×3 input, 5×5 filter, stride 1, no padding gives 28×28.
 *
 * <p>Throws {@link IllegalArgumentException} (at construction or shape check) for sizes below 1,
 * a wrong channel count, or a non-whole output size (with the formula).
 */
public final class Conv2d extends AbstractLayer {
    private final int inChannels;
    private final int filters;
    private final int kernelSize;
    private int stride = 1;
    private int padding = 0;
    private Init init = Init.GLOROT;
    private List<Parameter> params;

    public Conv2d(int inChannels, int filters, int kernelSize) {
        super("conv");
        positive("inChannels", inChannels, "the previous layer's channel count");
        positive("filters", filters, "32 filters make 32 feature maps");
        positive("kernelSize", kernelSize, "3 makes 3x3 kernels");
        this.inChannels = inChannels;
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    /** Checks an argument that has no layer yet (Cnn.input): {@code channels must be >= 1 but got 0}. */
    public static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1 but got " + value);
        }
    }

    /** Re-creates a saved layer: {@code filters}, {@code kernelSize}, optional {@code stride}, {@code padding}, {@code init}. */
    static Conv2d fromConfig(LayerConfig c, Shape in) {
        requireImages("conv", "Conv2d", in);
        return new Conv2d(in.dim(1), c.integer("filters"), c.integer("kernelSize"))
                .stride(c.integer("stride", 1)).padding(c.integer("padding", 0)).init(c.init());
    }

    /** The input of a convolution must be images; says so with the layer's name. */
    public static void requireImages(String name, String type, Shape in) {
        if (in.rank() != 4) {
            throw new LayerArgumentException(name, type, "expected images (N, C, H, W) but got " + in
                    + "; convolutions come before flatten() and dense()");
        }
    }

    @Override
    public String kind() {
        return "conv";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("filters", filters).put("kernelSize", kernelSize)
                .putUnlessDefault("stride", stride, 1).putUnlessDefault("padding", padding, 0).put("init", init.name());
    }

    @Override
    public void followedByRectifier() {
        init(Init.HE);
    }

    public Conv2d stride(int stride) {
        this.stride = positive("stride", stride, "stride 1 moves the kernel one pixel at a time");
        return this;
    }

    public Conv2d padding(int padding) {
        this.padding = atLeast("padding", padding, 0, "padding 1 keeps a 3x3 convolution's size");
        return this;
    }

    /** The weight initialisation (before build). */
    public Conv2d init(Init init) {
        this.init = init;
        this.params = null;
        return this;
    }

    public int inChannels() {
        return inChannels;
    }

    public int filters() {
        return filters;
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public Init init() {
        return init;
    }

    @Override
    public Shape outputShape(Shape input) {
        requireRank(input, 4, "(N, " + inChannels + ", H, W)", "a convolution needs images (batch, channels, height, width)");
        if (input.dim(1) != inChannels) {
            throw mismatch("(N, " + inChannels + ", H, W)", input, "the weight has " + inChannels + " input channels");
        }
        return Shape.of(input.dim(0), filters, size(input.dim(2), "height"), size(input.dim(3), "width"));
    }

    private int size(int in, String axis) {
        String problem = Conv.check(in, kernelSize, padding, stride);
        if (problem != null) {
            throw new LayerArgumentException(name(), type() + ", " + axis, problem);
        }
        return Conv.outSize(in, kernelSize, padding, stride);
    }

    @Override
    public List<Parameter> parameters() {
        if (params == null) {
            long fanIn = (long) inChannels * kernelSize * kernelSize;
            long fanOut = (long) filters * kernelSize * kernelSize;
            params = List.of(
                    new Parameter(name() + ".weight", Parameter.Kind.WEIGHT, Shape.of(filters, inChannels, kernelSize, kernelSize),
                            init, fanIn, fanOut),
                    new Parameter(name() + ".bias", Parameter.Kind.BIAS, Shape.of(filters), Init.ZEROS, fanIn, fanOut));
        }
        return params;
    }

    @Override
    public AbstractLayer named(String name) {
        params = null;
        return super.named(name);
    }

    @Override
    public String formula() {
        return filters + "·(" + inChannels + "·" + kernelSize + "·" + kernelSize + ")+" + filters;
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.conv2d(x, parameters().get(0).tensor(), parameters().get(1).tensor(), stride, padding);
    }

    @Override
    public Tensor weights() {
        return parameters().get(0).tensor().copy();
    }

    @Override
    public Tensor bias() {
        return parameters().get(1).tensor().copy();
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + filters + ", kernelSize=" + kernelSize
                + (stride != 1 ? ", stride=" + stride : "") + (padding != 0 ? ", padding=" + padding : "") + ")";
    }
}
