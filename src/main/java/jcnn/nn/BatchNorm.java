package jcnn.nn;

import java.util.List;
import java.util.Locale;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * What {@link BatchNorm2d} and {@link BatchNorm1d} share (as PyTorch's {@code _BatchNorm}):
 * per-channel {@code gamma} (starts at 1) and {@code beta} (starts at 0), both trained but never
 * penalised by L1/L2 or weight decay ({@link Parameter.Kind#BIAS}; named {@code weight} and
 * {@code bias} as in PyTorch), the
 * running mean and variance (state: saved, never trained), momentum and eps; the computation is
 * {@link F#batchNorm}. In {@link Mode#TRAIN} it normalises with the batch's statistics and updates
 * the running ones; in {@link Mode#EVAL} it uses the running ones and changes nothing.
 */
public abstract class BatchNorm extends AbstractLayer {
    /** PyTorch's defaults. */
    public static final double MOMENTUM = 0.1;
    public static final double EPS = 1e-5;

    private final int channels;
    private double momentum = MOMENTUM;
    private double eps = EPS;
    private List<Parameter> params;

    BatchNorm(int channels) {
        super("bn");
        this.channels = positive("channels", channels, "one gamma and beta per channel of the previous layer");
    }

    /** BatchNorm2d for images {@code (N, C, H, W)}, BatchNorm1d for vectors {@code (N, C)}. */
    public static BatchNorm forInput(Shape in) {
        if (in.rank() == 4) {
            return new BatchNorm2d(in.dim(1));
        }
        if (in.rank() == 2) {
            return new BatchNorm1d(in.dim(1));
        }
        throw new LayerArgumentException("bn", "BatchNorm", "expected (N, C, H, W) or (N, C) but got " + in
                + "; batch norm follows a convolution or a dense layer");
    }

    /** Re-creates a saved layer: optional {@code momentum} and {@code eps}; 2d or 1d from the input's rank. */
    static BatchNorm fromConfig(LayerConfig c, Shape in) {
        return forInput(in).momentum(c.number("momentum", MOMENTUM)).eps(c.number("eps", EPS));
    }

    /**
     * The weight of the batch's statistics in the running ones, in [0, 1] (PyTorch's convention:
     * {@code running ← (1 − momentum)·running + momentum·batch}; Keras' momentum is 1 − this).
     */
    public BatchNorm momentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw error("momentum must be in [0, 1] but got " + momentum + "; 0.1 (PyTorch's default) weighs each batch by 10%");
        }
        this.momentum = momentum;
        return this;
    }

    /** Added to the variance before the square root, > 0 (default 1e-5). */
    public BatchNorm eps(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw error("eps must be > 0 but got " + eps + "; 1e-5 is PyTorch's default");
        }
        this.eps = eps;
        return this;
    }

    public int channels() {
        return channels;
    }

    public double momentum() {
        return momentum;
    }

    public double eps() {
        return eps;
    }

    @Override
    public String kind() {
        return "batchNorm";
    }

    @Override
    public String namePrefix() {
        return "bn";
    }

    @Override
    public LayerConfig config() {
        LayerConfig c = new LayerConfig();
        if (momentum != MOMENTUM) {
            c.put("momentum", momentum);
        }
        if (eps != EPS) {
            c.put("eps", eps);
        }
        return c;
    }

    /** gamma and beta (trained, not penalised), running mean and running variance (state). */
    @Override
    public List<Parameter> parameters() {
        if (params == null) {
            Shape s = Shape.of(channels);
            params = List.of(new Parameter(name() + ".weight", Parameter.Kind.BIAS, s, Init.ONES, channels, channels),
                    new Parameter(name() + ".bias", Parameter.Kind.BIAS, s, Init.ZEROS, channels, channels),
                    new Parameter(name() + ".running_mean", Parameter.Kind.STATE, s, Init.ZEROS, channels, channels),
                    new Parameter(name() + ".running_var", Parameter.Kind.STATE, s, Init.ONES, channels, channels));
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
        return "2·" + channels + " (+2·" + channels + " running)";
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        List<Parameter> p = parameters();
        return F.batchNorm(x, p.get(0).tensor(), p.get(1).tensor(), p.get(2).tensor(), p.get(3).tensor(), mode == Mode.TRAIN,
                momentum, eps);
    }

    /** gamma (a copy). */
    @Override
    public Tensor weights() {
        return parameters().get(0).tensor().copy();
    }

    /** beta (a copy). */
    @Override
    public Tensor bias() {
        return parameters().get(1).tensor().copy();
    }

    /** The running mean (a copy). */
    public Tensor runningMean() {
        return parameters().get(2).tensor().copy();
    }

    /** The running variance (a copy). */
    public Tensor runningVar() {
        return parameters().get(3).tensor().copy();
    }

    @Override
    public String toString() {
        return type() + "(" + channels + (momentum != MOMENTUM ? ", momentum=" + fmt(momentum) : "")
                + (eps != EPS ? ", eps=" + fmt(eps) : "") + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
