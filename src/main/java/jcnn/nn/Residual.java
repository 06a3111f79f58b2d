package jcnn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * A residual block (He et al. 2016): {@code y = branch(x) + shortcut(x)}. The shortcut is the
 * identity when the branch keeps the shape, else a 1×1 convolution {@code proj} with stride
 * {@code s} chosen so that {@code (H − 1)/s + 1 = H_out} (and likewise W): the "projection
 * shortcut" of the paper. Made by the builder:
 * <pre>{@code
 * .residual(b -> b.conv(64, 3, padding(1)).batchNorm().relu().conv(64, 3, padding(1)).batchNorm()).relu()
 * }</pre>
 *
 * <p>Input {@code (N, C, H, W)}, output the branch's {@code (N, C', H', W')}. Parameters: the
 * branch's, plus {@code C·C' + C'} for a projection. Inner layers are named inside the block
 * ({@code block1.conv1}, {@code block1.bn1}, {@code block1.proj}); {@code net.layer("block1.conv1")},
 * {@code net.activations(x).get("block1.conv1")} and the summary reach them.
 */
public final class Residual extends AbstractLayer {
    private final List<Layer> branch;
    private final List<String> localNames = new ArrayList<>();
    private final Conv2d projection;

    private Residual(Shape in, List<Layer> branch, String name) {
        super(name);
        if (branch.isEmpty()) {
            throw error("the branch is empty; give it layers, e.g. b -> b.conv(64, 3, padding(1)).relu()");
        }
        this.branch = List.copyOf(branch);
        Shape out = in;
        for (Layer layer : branch) {
            out = layer.outputShape(out);
        }
        if (out.equals(in)) {
            projection = null;
        } else {
            if (in.rank() != 4 || out.rank() != 4) {
                throw error("the branch turns " + in + " into " + out + ", which no 1×1 convolution can match; "
                        + "keep images (N, C, H, W) inside a residual block");
            }
            int stride = strideFor(in.dim(2), out.dim(2));
            if (stride < 1 || stride != strideFor(in.dim(3), out.dim(3))) {
                throw error("the branch turns " + in + " into " + out + ", and no stride of a 1×1 projection maps "
                        + in.dim(2) + "×" + in.dim(3) + " to " + out.dim(2) + "×" + out.dim(3)
                        + "; use padding so the branch keeps the size or divides it evenly");
            }
            projection = new Conv2d(in.dim(1), out.dim(1), 1).stride(stride);
        }
        for (Layer layer : children()) {
            String n = layer.name();
            localNames.add(layer == projection ? "proj" : n.substring(n.lastIndexOf('.') + 1));
        }
        named(name);
    }

    /** The smallest s with (in − 1)/s + 1 == out, or 0. */
    private static int strideFor(int in, int out) {
        for (int s = 1; s <= in; s++) {
            if ((in - 1) / s + 1 == out) {
                return s;
            }
        }
        return 0;
    }

    /** A block over input {@code in} with the given (built, named) branch layers. */
    public static Residual of(Shape in, List<Layer> branch, String name) {
        return new Residual(in, branch, name);
    }

    /** Re-creates a saved block: its branch layers in order (the projection, if saved, is made again and checked). */
    static Residual fromSaved(LayerRegistry.Saved saved, Shape in) {
        int count = saved.config().integer("branch", saved.children().size());
        List<Layer> layers = new ArrayList<>();
        Shape shape = in;
        for (LayerRegistry.Saved child : saved.children().subList(0, count)) {
            Layer layer = LayerRegistry.create(child, shape);
            shape = layer.outputShape(shape);
            layers.add(layer);
        }
        Residual r = new Residual(in, layers, saved.name());
        if (r.children().size() != saved.children().size()) {
            throw new IllegalArgumentException(saved.name() + " (Residual): the file lists " + saved.children().size()
                    + " inner layers but the block makes " + r.children().size());
        }
        return r;
    }

    /** The branch's layers, then the projection if there is one. */
    @Override
    public List<Layer> children() {
        List<Layer> all = new ArrayList<>(branch);
        if (projection != null) {
            all.add(projection);
        }
        return all;
    }

    /** The 1×1 projection of the shortcut, or null for the identity. */
    public Conv2d projection() {
        return projection;
    }

    @Override
    public String kind() {
        return "residual";
    }

    @Override
    public String namePrefix() {
        return "block";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("branch", branch.size());
    }

    @Override
    public AbstractLayer named(String name) {
        super.named(name);
        List<Layer> all = children();
        for (int i = 0; i < localNames.size(); i++) {
            all.get(i).named(name + "." + localNames.get(i));
        }
        return this;
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape out = input;
        for (Layer layer : branch) {
            out = layer.outputShape(out);
        }
        if (projection != null) {
            projection.outputShape(input);
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : children()) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    @Override
    public String formula() {
        StringBuilder sb = new StringBuilder();
        for (Layer layer : children()) {
            if (layer.parameterCount() > 0) {
                sb.append(sb.length() == 0 ? "" : " + ").append(layer.parameterCount());
            }
        }
        return sb.toString();
    }

    @Override
    public void initialize(SplittableRandom random) {
        for (Layer layer : children()) {
            layer.initialize(random);
        }
    }

    @Override
    public void reseed(SplittableRandom random) {
        for (Layer layer : children()) {
            layer.reseed(random);
        }
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        return forward(x, mode, (name, y) -> { });
    }

    @Override
    public Tensor forward(Tensor x, Mode mode, BiConsumer<String, Tensor> observer) {
        outputShape(Shape.of(x.shape()));
        Tensor y = x;
        for (Layer layer : branch) {
            y = layer.forward(y, mode, observer);
        }
        Tensor shortcut = projection == null ? x : projection.forward(x, mode, observer);
        Tensor out = y.add(shortcut);
        observer.accept(name(), out);
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Residual(");
        for (int i = 0; i < branch.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(branch.get(i));
        }
        return sb.append(projection != null ? "; proj " + projection : "").append(")").toString();
    }
}
