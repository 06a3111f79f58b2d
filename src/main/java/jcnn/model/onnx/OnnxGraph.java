package jcnn.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph under construction and its encoding as a {@code ModelProto}: nodes, initializers
 * (the weights), the graph's input and output. Field numbers are those of {@code onnx.proto}
 * (onnx/onnx on GitHub, IR version 7), named here so the encoding can be read against it.
 */
final class OnnxGraph {
    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto and its AttributeType values
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int TYPE_FLOAT = 1;
    private static final int TYPE_INT = 2;
    private static final int TYPE_INTS = 7;
    // TensorProto and its DataType values
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    static final int FLOAT = 1;
    static final int INT64 = 7;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto(.Dimension)
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Set<String> values = new HashSet<>();

    /** One node: {@code op_type}, inputs, outputs, then attributes named after AttributeProto's fields ({@code i}, {@code f}, {@code ints}). */
    final class Node {
        private final ProtoWriter proto = new ProtoWriter();

        private Node(String opType, String name, List<String> in, List<String> out) {
            for (String v : in) {
                proto.string(NODE_INPUT, v);
            }
            for (String v : out) {
                define(v);
                proto.string(NODE_OUTPUT, v);
            }
            proto.string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
        }

        Node i(String name, long value) {
            proto.message(NODE_ATTRIBUTE, new ProtoWriter().string(ATTRIBUTE_NAME, name).varint(ATTRIBUTE_I, value)
                    .varint(ATTRIBUTE_TYPE, TYPE_INT));
            return this;
        }

        Node f(String name, float value) {
            proto.message(NODE_ATTRIBUTE, new ProtoWriter().string(ATTRIBUTE_NAME, name).float32(ATTRIBUTE_F, value)
                    .varint(ATTRIBUTE_TYPE, TYPE_FLOAT));
            return this;
        }

        Node ints(String name, long... values) {
            ProtoWriter a = new ProtoWriter().string(ATTRIBUTE_NAME, name);
            for (long v : values) {
                a.varint(ATTRIBUTE_INTS, v);
            }
            proto.message(NODE_ATTRIBUTE, a.varint(ATTRIBUTE_TYPE, TYPE_INTS));
            return this;
        }
    }

    /** Adds a node computing {@code outputs} from {@code inputs}; each output name is new. */
    Node node(String opType, String name, List<String> inputs, String... outputs) {
        Node n = new Node(opType, name, inputs, List.of(outputs));
        nodes.add(n.proto);
        return n;
    }

    /** A float32 initializer of shape {@code dims} holding {@code data} row-major. */
    void floats(String name, float[] data, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalStateException("initializer " + name + ": shape " + java.util.Arrays.toString(dims)
                    + " holds " + count + " values but " + data.length + " were given");
        }
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        initializer(name, FLOAT, raw.array(), dims);
    }

    /** A 1-D int64 initializer, e.g. the target shape of a Reshape. */
    void int64s(String name, long... data) {
        ByteBuffer raw = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(data);
        initializer(name, INT64, raw.array(), data.length);
    }

    private void initializer(String name, int dataType, byte[] raw, long... dims) {
        define(name);
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(TENSOR_DIMS, d);
        }
        t.varint(TENSOR_DATA_TYPE, dataType).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw);
        initializers.add(t);
    }

    /** A graph input of float32 values; a negative dimension becomes the symbolic {@code N}. */
    void input(String name, int[] dims) {
        define(name);
        inputs.add(valueInfo(name, dims));
    }

    /** A graph output of float32 values (produced by a node). */
    void output(String name, int[] dims) {
        outputs.add(valueInfo(name, dims));
    }

    /** True if a node, initializer or input already defines {@code name}. */
    boolean defines(String name) {
        return values.contains(name);
    }

    private void define(String name) {
        if (!values.add(name)) {
            // NOTE: ONNX graphs are in SSA form; a second definition is a bug in a layer mapping
            throw new IllegalStateException("ONNX value '" + name + "' is defined twice; each layer mapping must use fresh names");
        }
    }

    private static ProtoWriter valueInfo(String name, int[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (int d : dims) {
            shape.message(SHAPE_DIM, d < 0 ? new ProtoWriter().string(DIM_PARAM, "N") : new ProtoWriter().varint(DIM_VALUE, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(TENSOR_TYPE_ELEM_TYPE, FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_INFO_NAME, name)
                .message(VALUE_INFO_TYPE, new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType));
    }

    /** The whole file: a ModelProto with this graph, the default ONNX domain at {@code opset}. */
    byte[] model(String graphName, String docString, long irVersion, long opset, String producerVersion) {
        ProtoWriter graph = new ProtoWriter();
        for (ProtoWriter n : nodes) {
            graph.message(GRAPH_NODE, n);
        }
        graph.string(GRAPH_NAME, graphName);
        for (ProtoWriter t : initializers) {
            graph.message(GRAPH_INITIALIZER, t);
        }
        for (ProtoWriter v : inputs) {
            graph.message(GRAPH_INPUT, v);
        }
        for (ProtoWriter v : outputs) {
            graph.message(GRAPH_OUTPUT, v);
        }
        return new ProtoWriter()
                .varint(MODEL_IR_VERSION, irVersion)
                .string(MODEL_PRODUCER_NAME, "jcnn")
                .string(MODEL_PRODUCER_VERSION, producerVersion)
                .string(MODEL_DOC_STRING, docString)
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, opset))
                .toByteArray();
    }
}
