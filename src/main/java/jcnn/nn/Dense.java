package jcnn.nn;

import java.util.List;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Fully connected layer: {@code y = x·Wᵀ + b}, every output unit sees every input value.
 *
 * <p>Input {@code (N, in)}, output {@code (N, units)}. Weight {@code (units, in)}, bias
 * {@code (units)}: {@code units·in + units} parameters. Lecture example: a 1000×1000 image and
 * 10^6 hidden units need 10^12 weights. Weights start uniform, He when a ReLU-family activation
 * follows, Glorot otherwise; biases at 0.
 *
 * <p>Throws {@link IllegalArgumentException} for an input that is not {@code (N, in)}; flatten
 * images first.
 */
public final class Dense extends AbstractLayer {
    private final int in;
    private final int units;
    private Init init = Init.GLOROT;
    private List<Parameter> params;

    public Dense(int in, int units) {
        super("dense");
        positive("in", in, "the previous layer's output size");
        positive("units", units, "10 units for 10 classes");
        this.in = in;
        this.units = units;
    }

    /** Re-creates a saved layer: {@code units}, optional {@code init}; needs a flat input. */
    static Dense fromConfig(LayerConfig c, Shape in) {
        if (in.rank() != 2) {
            throw new LayerArgumentException("dense", "Dense", "expected a flat input (N, features) but got " + in
                    + "; add .flatten() before .dense(" + c.integer("units") + ")");
        }
        return new Dense(in.dim(1), c.integer("units")).init(c.init());
    }

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("units", units).put("init", init.name());
    }

    @Override
    public void followedByRectifier() {
        init(Init.HE);
    }

    public Dense init(Init init) {
        this.init = init;
        params = null;
        return this;
    }

    public int in() {
        return in;
    }

    public int units() {
        return units;
    }

    public Init init() {
        return init;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 2) {
            throw mismatch("(N, " + in + ")", input, input.rank() > 2 ? "add .flatten() before .dense(...)" : "layers work on batches");
        }
        if (input.dim(1) != in) {
            throw mismatch("(N, " + in + ")", input, "the weight has " + in + " inputs");
        }
        return Shape.of(input.dim(0), units);
    }

    @Override
    public List<Parameter> parameters() {
        if (params == null) {
            params = List.of(new Parameter(name() + ".weight", Parameter.Kind.WEIGHT, Shape.of(units, in), init, in, units),
                    new Parameter(name() + ".bias", Parameter.Kind.BIAS, Shape.of(units), Init.ZEROS, in, units));
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
        return units + "·" + in + "+" + units;
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return F.linear(x, parameters().get(0).tensor(), parameters().get(1).tensor());
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
        return "Dense(" + in + ", " + units + ")";
    }
}
