package jcnn.model.onnx;

import jcnn.io.AtomicFile;
import jcnn.tensor.TensorInternals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcnn.nn.AvgPool2d;
import jcnn.nn.BatchNorm;
import jcnn.nn.BatchNorm1d;
import jcnn.nn.BatchNorm2d;
import jcnn.nn.Conv2d;
import jcnn.nn.Dense;
import jcnn.nn.Dropout;
import jcnn.nn.ELU;
import jcnn.nn.Flatten;
import jcnn.nn.GlobalAvgPool2d;
import jcnn.nn.Layer;
import jcnn.nn.LeakyReLU;
import jcnn.nn.LocallyConnected2d;
import jcnn.nn.MaxPool2d;
import jcnn.nn.Maxout;
import jcnn.nn.ReLU;
import jcnn.nn.Residual;
import jcnn.nn.Sigmoid;
import jcnn.nn.Softmax;
import jcnn.nn.Tanh;
import jcnn.tensor.Shape;

/**
 * Writes a net (its input shape and layers) as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}),
 * for ONNX Runtime, Netron, or PyTorch/TensorFlow converters: {@code net.exportOnnx(path)}.
 *
 * <p>Graph input {@code input (N, C, H, W)} (or {@code (N, features)}), output {@code output};
 * {@code N} is symbolic, so any batch size runs. Every layer maps to ONNX operators through one
 * small method, registered by layer class:
 * <pre>
 *   Conv2d             Conv (kernel_shape, strides, pads), weight (F, C, k, k) as in jcnn
 *   MaxPool2d          MaxPool        AvgPool2d   AveragePool   (floor mode, no padding, as in jcnn)
 *   ReLU Sigmoid Tanh  Relu Sigmoid Tanh           LeakyReLU   LeakyRelu(alpha = slope)
 *   ELU                Elu(alpha)     Softmax      Softmax(axis = -1)
 *   Maxout             Reshape (N, C, pieces, ...) then ReduceMax over the pieces
 *   LocallyConnected2d Conv with one-hot kernels (patches), MatMul per position, Add bias
 *   Flatten            Flatten(axis = 1)           Dense   Gemm(transB = 1)
 *   Dropout            Identity (evaluation mode: inverted dropout changes nothing)
 *   BatchNorm1d/2d     BatchNormalization(epsilon) with the running mean and variance (evaluation mode)
 *   GlobalAvgPool2d    GlobalAveragePool, then Flatten(axis = 1): (N, C, 1, 1) becomes jcnn's (N, C)
 *   Residual           the branch's layers, the 1×1 projection Conv on the shortcut if any, then Add
 * </pre>
 * A new layer kind needs one method {@code (TheLayer layer, Scope s) -> void} that writes its
 * result to {@link Scope#output()}, added in the constructor; a block that contains layers
 * exports them with {@link Scope#layer}. A layer without a mapping is refused with its name.
 *
 * <p>Opset 13 is read by ONNX Runtime (1.x), Debian 12's python3-onnx (1.12, opsets up to 17)
 * and current converters; {@code ReduceMax} keeps its {@code axes} attribute there.
 */
public final class OnnxExporter {
    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 13;
    /** The ONNX file format version (IR 7 came with opset 13). */
    public static final int IR_VERSION = 7;

    /** How one layer kind becomes ONNX nodes. */
    @FunctionalInterface
    interface Mapping<L extends Layer> {
        void emit(L layer, Scope scope);
    }

    private final Map<Class<?>, Mapping<?>> mappings = new LinkedHashMap<>();

    OnnxExporter() {
        register(Conv2d.class, OnnxExporter::conv);
        register(LocallyConnected2d.class, OnnxExporter::locallyConnected);
        register(MaxPool2d.class, (l, s) -> pool("MaxPool", l.kernelSize(), l.stride(), s));
        register(AvgPool2d.class, (l, s) -> pool("AveragePool", l.kernelSize(), l.stride(), s));
        register(ReLU.class, (l, s) -> s.node("Relu", s.input()));
        register(Sigmoid.class, (l, s) -> s.node("Sigmoid", s.input()));
        register(Tanh.class, (l, s) -> s.node("Tanh", s.input()));
        register(LeakyReLU.class, (l, s) -> s.node("LeakyRelu", s.input()).f("alpha", l.slope()));
        register(ELU.class, (l, s) -> s.node("Elu", s.input()).f("alpha", l.alpha()));
        register(Softmax.class, (l, s) -> s.node("Softmax", s.input()).i("axis", -1));
        register(Maxout.class, OnnxExporter::maxout);
        register(Dropout.class, (l, s) -> s.node("Identity", s.input()));
        register(Flatten.class, (l, s) -> s.node("Flatten", s.input()).i("axis", 1));
        register(Dense.class, OnnxExporter::dense);
        register(BatchNorm2d.class, OnnxExporter::batchNorm);
        register(BatchNorm1d.class, OnnxExporter::batchNorm);
        register(GlobalAvgPool2d.class, OnnxExporter::globalAvgPool);
        register(Residual.class, OnnxExporter::residual);
    }

    /** Adds or replaces the mapping of one layer class. */
    <L extends Layer> OnnxExporter register(Class<L> kind, Mapping<L> mapping) {
        mappings.put(kind, mapping);
        return this;
    }

    /** The layer classes this exporter maps, in registration order. */
    java.util.Set<Class<?>> mappedKinds() {
        return java.util.Collections.unmodifiableSet(mappings.keySet());
    }

    /**
     * Writes the net of input shape {@code input} and {@code layers} ({@code net.inputShape()},
     * {@code net.layers()}: this package knows layers, not Net) to {@code file} atomically
     * (a temporary file, then a move).
     *
     * @throws IllegalStateException        if a layer has no ONNX mapping or the net was not built
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public static void export(Shape input, List<Layer> layers, Path file) {
        new OnnxExporter().write(input, layers, file);
    }

    void write(Shape input, List<Layer> layers, Path file) {
        byte[] model = toBytes(input, layers);
        try {
            AtomicFile.write(file, model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ONNX model to " + file + ": " + e, e);
        }
    }

    /** The encoded ModelProto. */
    byte[] toBytes(Shape input, List<Layer> layers) {
        OnnxGraph graph = new OnnxGraph();
        Shape shape = input;
        graph.input("input", shape.dims());
        String value = "input";
        if (layers.isEmpty()) {
            graph.node("Identity", "identity", List.of(value), "output");
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String out = i == layers.size() - 1 ? "output" : layer.name();
            new Scope(graph, layer, value, shape, out).emit();
            value = out;
            shape = layer.outputShape(shape);
        }
        graph.output("output", shape.dims());
        String doc = "jcnn net, input " + input + ", layers: " + String.join(" ", layers.stream().map(Layer::toString).toList());
        return graph.model("jcnn", doc, IR_VERSION, OPSET, "0.1.0");
    }

    /**
     * What a layer's mapping works with: its input value and shape, the name its result must
     * have, and helpers that name nodes and initializers after the layer ({@code conv1},
     * {@code conv1.weight}, {@code local1/patches}).
     */
    final class Scope {
        private final OnnxGraph graph;
        private final Layer layer;
        private final String input;
        private final Shape inputShape;
        private final String output;
        private int nodes;

        private Scope(OnnxGraph graph, Layer layer, String input, Shape inputShape, String output) {
            this.graph = graph;
            this.layer = layer;
            this.input = input;
            this.inputShape = inputShape;
            this.output = output;
        }

        @SuppressWarnings("unchecked")
        private void emit() {
            Mapping<Layer> mapping = (Mapping<Layer>) mappings.get(layer.getClass());
            if (mapping == null) {
                throw new IllegalStateException("exportOnnx: " + layer.type() + " '" + layer.name()
                        + "' has no ONNX mapping yet; the exportable layers are "
                        + String.join(", ", mappings.keySet().stream().map(Class::getSimpleName).toList())
                        + " (a mapping is one method in jcnn.model.onnx.OnnxExporter)");
            }
            mapping.emit(layer, this);
            if (!graph.defines(output)) {
                throw new IllegalStateException("the ONNX mapping of " + layer.type() + " '" + layer.name()
                        + "' did not produce its output '" + output + "'");
            }
        }

        /** The value this layer reads. */
        String input() {
            return input;
        }

        /** Its shape, batch {@code -1}. */
        Shape inputShape() {
            return inputShape;
        }

        /** The layer's output shape. */
        Shape outputShape() {
            return layer.outputShape(inputShape);
        }

        /** The name the layer's result must be given. */
        String output() {
            return output;
        }

        /** A fresh intermediate value name, {@code layer/what}. */
        String temp(String what) {
            return layer.name() + "/" + what;
        }

        /** A node writing the layer's {@link #output()}. */
        OnnxGraph.Node node(String opType, String... inputs) {
            return nodeTo(output, opType, inputs);
        }

        /** A node writing an intermediate value (from {@link #temp}). */
        OnnxGraph.Node nodeTo(String result, String opType, String... inputs) {
            String name = layer.name() + (nodes++ == 0 ? "" : "/" + opType + nodes);
            return graph.node(opType, name, List.of(inputs), result);
        }

        /** A float initializer {@code layer.what} holding {@code data} in shape {@code dims}; returns its name. */
        String floats(String what, float[] data, long... dims) {
            String name = layer.name() + "." + what;
            graph.floats(name, data, dims);
            return name;
        }

        /** A 1-D int64 initializer {@code layer.what} (e.g. a Reshape target); returns its name. */
        String int64s(String what, long... data) {
            String name = layer.name() + "." + what;
            graph.int64s(name, data);
            return name;
        }

        /**
         * Exports {@code inner}, a layer inside this one (a block's branch), reading {@code value}
         * of shape {@code shape}; returns the name of its result ({@code inner.name()}).
         */
        String layer(Layer inner, String value, Shape shape) {
            new Scope(graph, inner, value, shape, inner.name()).emit();
            return inner.name();
        }
    }

    // ---- one method per layer kind ----

    private static void conv(Conv2d c, Scope s) {
        int k = c.kernelSize();
        String weight = s.floats("weight", TensorInternals.data(c.weights()), c.filters(), c.inChannels(), k, k);
        String bias = s.floats("bias", TensorInternals.data(c.bias()), c.filters());
        int p = c.padding();
        s.node("Conv", s.input(), weight, bias).ints("kernel_shape", k, k).ints("strides", c.stride(), c.stride())
                .ints("pads", p, p, p, p);
    }

    private static void pool(String opType, int kernelSize, int stride, Scope s) {
        s.node(opType, s.input()).ints("kernel_shape", kernelSize, kernelSize).ints("strides", stride, stride);
    }

    private static void dense(Dense d, Scope s) {
        String weight = s.floats("weight", TensorInternals.data(d.weights()), d.units(), d.in());
        String bias = s.floats("bias", TensorInternals.data(d.bias()), d.units());
        s.node("Gemm", s.input(), weight, bias).i("transB", 1);
    }

    /** {@code (N, C·pieces, d...)} reshaped to {@code (N, C, pieces, d...)}, then the max over axis 2. */
    private static void maxout(Maxout m, Scope s) {
        int[] in = s.inputShape().dims();
        long[] target = new long[in.length + 1];
        target[0] = 0; // Reshape: 0 copies the (dynamic) batch size
        target[1] = in[1] / m.pieces();
        target[2] = m.pieces();
        for (int i = 2; i < in.length; i++) {
            target[i + 1] = in[i];
        }
        String groups = s.temp("groups");
        s.nodeTo(groups, "Reshape", s.input(), s.int64s("groups_shape", target));
        s.node("ReduceMax", groups).ints("axes", 2).i("keepdims", 0);
    }

    /**
     * No ONNX operator shares no weights, so: a Conv with one-hot kernels cuts the
     * {@code Q = C·k·k} patch values of every position {@code P = H_out·W_out} (with jcnn's
     * padding and stride), {@code (N, Q, P)} becomes {@code (P, N, Q)}, a batched MatMul with the
     * weights {@code (P, Q, F)} gives {@code (P, N, F)}, back to {@code (N, F, H_out, W_out)}, plus
     * the bias {@code (F, H_out, W_out)}. {@code local1.weight} is jcnn's weight
     * {@code (H_out, W_out, F, C, k, k)} with the last two groups swapped: {@code (P, Q, F)}.
     */
    private static void locallyConnected(LocallyConnected2d l, Scope s) {
        int c = l.inChannels();
        int k = l.kernelSize();
        int filters = l.filters();
        Shape out = s.outputShape();
        int ho = out.dim(2);
        int wo = out.dim(3);
        int q = c * k * k;
        int positions = ho * wo;
        float[] oneHot = new float[q * q];
        for (int i = 0; i < q; i++) {
            oneHot[i * q + i] = 1f; // kernel i = (channel, row, column) picks exactly that input value
        }
        String patches = s.temp("patches");
        int p = l.padding();
        s.nodeTo(patches, "Conv", s.input(), s.floats("patch_kernels", oneHot, q, c, k, k))
                .ints("kernel_shape", k, k).ints("strides", l.stride(), l.stride()).ints("pads", p, p, p, p);
        String rows = s.temp("rows");
        s.nodeTo(rows, "Reshape", patches, s.int64s("rows_shape", 0, q, positions));
        String byPosition = s.temp("by_position");
        s.nodeTo(byPosition, "Transpose", rows).ints("perm", 2, 0, 1);
        float[] w = TensorInternals.data(l.weights()); // (P, F, Q)
        float[] wt = new float[w.length]; // (P, Q, F)
        for (int pos = 0; pos < positions; pos++) {
            for (int f = 0; f < filters; f++) {
                for (int j = 0; j < q; j++) {
                    wt[(pos * q + j) * filters + f] = w[(pos * filters + f) * q + j];
                }
            }
        }
        String products = s.temp("products");
        s.nodeTo(products, "MatMul", byPosition, s.floats("weight", wt, positions, q, filters));
        String channels = s.temp("channels");
        s.nodeTo(channels, "Transpose", products).ints("perm", 1, 2, 0);
        String maps = s.temp("maps");
        s.nodeTo(maps, "Reshape", channels, s.int64s("maps_shape", 0, filters, ho, wo));
        s.node("Add", maps, s.floats("bias", TensorInternals.data(l.bias()), filters, ho, wo));
    }

    /**
     * Evaluation mode: {@code gamma · (x − running_mean) / sqrt(running_var + eps) + beta} per
     * channel (axis 1, so {@code (N, C)} and {@code (N, C, H, W)} alike); opset 13's
     * BatchNormalization has no training mode, and momentum only matters while training.
     */
    private static void batchNorm(BatchNorm b, Scope s) {
        int c = b.channels();
        s.node("BatchNormalization", s.input(), s.floats("weight", TensorInternals.data(b.weights()), c),
                s.floats("bias", TensorInternals.data(b.bias()), c), s.floats("running_mean", TensorInternals.data(b.runningMean()), c),
                s.floats("running_var", TensorInternals.data(b.runningVar()), c)).f("epsilon", (float) b.eps());
    }

    /** GlobalAveragePool keeps {@code (N, C, 1, 1)}; jcnn's layer gives {@code (N, C)}. */
    private static void globalAvgPool(GlobalAvgPool2d g, Scope s) {
        String pooled = s.temp("pooled");
        s.nodeTo(pooled, "GlobalAveragePool", s.input());
        s.node("Flatten", pooled).i("axis", 1);
    }

    /**
     * {@code branch(x) + shortcut(x)}: each branch layer through {@link Scope#layer} (values named
     * {@code block1.conv1}, ...), the shortcut the input itself or the 1×1 projection
     * ({@code block1.proj}), then Add. The block ends at the sum; an activation after it is the
     * next layer of the net.
     */
    private static void residual(Residual r, Scope s) {
        Conv2d projection = r.projection();
        String value = s.input();
        Shape shape = s.inputShape();
        for (Layer inner : r.children()) {
            if (inner != projection) {
                value = s.layer(inner, value, shape);
                shape = inner.outputShape(shape);
            }
        }
        String shortcut = projection == null ? s.input() : s.layer(projection, s.input(), s.inputShape());
        s.node("Add", value, shortcut);
    }
}
