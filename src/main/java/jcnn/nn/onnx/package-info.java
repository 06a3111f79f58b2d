/**
 * ONNX export of a {@link jcnn.nn.Net} ({@code net.exportOnnx(path)}): {@link jcnn.nn.onnx.OnnxExporter}
 * maps each layer to ONNX operators; the protobuf encoding is written by hand
 * ({@code ProtoWriter}, {@code OnnxGraph}), so jcnn needs no protobuf library. Only
 * {@code OnnxExporter.export} is public.
 */
package jcnn.nn.onnx;
