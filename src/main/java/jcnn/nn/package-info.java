/**
 * Layers and the operations they are made of; public. {@link jcnn.nn.F} holds the functional
 * ops (each with its hand-written backward), {@link jcnn.nn.Layer} is what every layer is (one
 * class per layer: its arguments, shape inference with the formula, parameters and saved
 * configuration), {@link jcnn.nn.Parameter} a weight, bias or state tensor,
 * {@link jcnn.nn.Init} the initialisations, {@link jcnn.nn.Option} a builder option such as
 * {@code padding(1)}, {@link jcnn.nn.Conv} and {@link jcnn.nn.Params} the lecture's arithmetic,
 * {@link jcnn.nn.LayerRegistry} the kinds a model file can name.
 *
 * <p>Uses only {@code jcnn.tensor}; networks, training and pictures sit above it
 * ({@code jcnn.model}, {@code jcnn.optim}, {@code jcnn.plot}; docs/ARCHITECTURE.md).
 */
package jcnn.nn;
