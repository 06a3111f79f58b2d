package jcnn.nn;

import java.util.List;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Local connectivity without weight sharing (the lecture's middle step between fully connected
 * and convolutional): like {@link Conv2d}, each output unit sees a {@code kernelSize × kernelSize}
 * field, but every output position has its own weights.
 *
 * <p>Input {@code (N, C_in, H, W)} with the {@code H × W} given at construction, output
 * {@code (N, filters, H_out, W_out)}, {@code H_out = (H + 2·padding − kernelSize) / stride + 1}.
 * Weight {@code (H_out, W_out, filters, C_in, k, k)}, bias {@code (filters, H_out, W_out)}:
 * {@code (H_out·W_out)·filters·(C_in·k·k) + filters·H_out·W_out} parameters. Lecture example:
 * a 1000×1000 image, 10×10 fields, one filter, padding 0: {@code 991·991·100 ≈ 10^8} weights.
 * Initialisation as for {@link Conv2d}.
 */
public final class LocallyConnected2d extends AbstractLayer {
    private final int inChannels;
    private final int height;
    private final int width;
    private final int filters;
    private final int kernelSize;
    private int stride = 1;
    private int padding = 0;
    private Init init = Init.GLOROT;
    private List<Parameter> params;

    public LocallyConnected2d(int inChannels, int height, int width, int filters, int kernelSize) {
        super("local");
        positive("inChannels", inChannels, "the previous layer's channel count");
        positive("height", height, "the input's height");
        positive("width", width, "the input's width");
        positive("filters", filters, "each filter makes one output map");
        positive("kernelSize", kernelSize, "3 makes 3x3 windows");
        this.inChannels = inChannels;
        this.height = height;
        this.width = width;
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    /** Re-creates a saved layer: {@code filters}, {@code kernelSize}, optional {@code stride}, {@code padding}, {@code init}. */
    static LocallyConnected2d fromConfig(LayerConfig c, Shape in) {
        Conv2d.requireImages("local", "LocallyConnected2d", in);
        return new LocallyConnected2d(in.dim(1), in.dim(2), in.dim(3), c.integer("filters"), c.integer("kernelSize"))
                .stride(c.integer("stride", 1)).padding(c.integer("padding", 0)).init(c.init());
    }

    @Override
    public String kind() {
        return "local";
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

    public LocallyConnected2d stride(int stride) {
        this.stride = positive("stride", stride, "stride 1 moves the window one pixel at a time");
        params = null;
        return this;
    }

    public LocallyConnected2d padding(int padding) {
        this.padding = atLeast("padding", padding, 0, "padding 1 adds one ring of zeros");
        params = null;
        return this;
    }

    public LocallyConnected2d init(Init init) {
        this.init = init;
        params = null;
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

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public Init init() {
        return init;
    }

    private int outSize(int in, String axis) {
        String problem = Conv.check(in, kernelSize, padding, stride);
        if (problem != null) {
            throw new LayerArgumentException(name(), type() + ", " + axis, problem);
        }
        return Conv.outSize(in, kernelSize, padding, stride);
    }

    @Override
    public Shape outputShape(Shape input) {
        String expected = "(N, " + inChannels + ", " + height + ", " + width + ")";
        requireRank(input, 4, expected, "a locally connected layer needs images (batch, channels, height, width)");
        if (input.dim(1) != inChannels || input.dim(2) != height || input.dim(3) != width) {
            throw mismatch(expected, input, "its unshared weights are made for " + inChannels + "×" + height + "×" + width + " inputs");
        }
        return Shape.of(input.dim(0), filters, outSize(height, "height"), outSize(width, "width"));
    }

    @Override
    public List<Parameter> parameters() {
        if (params == null) {
            int ho = outSize(height, "height");
            int wo = outSize(width, "width");
            long fanIn = (long) inChannels * kernelSize * kernelSize;
            long fanOut = (long) filters * kernelSize * kernelSize;
            params = List.of(
                    new Parameter(name() + ".weight", Parameter.Kind.WEIGHT, Shape.of(ho, wo, filters, inChannels, kernelSize, kernelSize), init, fanIn, fanOut),
                    new Parameter(name() + ".bias", Parameter.Kind.BIAS, Shape.of(filters, ho, wo), Init.ZEROS, fanIn, fanOut));
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
        int ho = outSize(height, "height");
        int wo = outSize(width, "width");
        return "(" + ho + "·" + wo + ")·" + filters + "·(" + inChannels + "·" + kernelSize + "·" + kernelSize + ")+"
                + filters + "·" + ho + "·" + wo;
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.locallyConnected2d(x, parameters().get(0).tensor(), parameters().get(1).tensor(), stride, padding);
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
        return "LocallyConnected2d(" + inChannels + ", " + height + ", " + width + ", " + filters + ", kernelSize=" + kernelSize
                + (stride != 1 ? ", stride=" + stride : "") + (padding != 0 ? ", padding=" + padding : "") + ")";
    }
}
