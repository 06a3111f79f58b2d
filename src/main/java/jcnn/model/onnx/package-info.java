/**
 * ONNX export of a {@link jcnn.model.Net} ({@code net.exportOnnx(path)}): {@link jcnn.model.onnx.OnnxExporter}
 * maps each layer to ONNX operators; the protobuf encoding is written by hand
 * ({@code ProtoWriter}, {@code OnnxGraph}), so jcnn needs no protobuf library. Only
 * {@code OnnxExporter.export} is public. Internal: it reads an input shape and layers
 * ({@code jcnn.nn}), not a Net, so that {@code Net.exportOnnx} can call it without a cycle.
 */
package jcnn.model.onnx;
