/**
 * Optimizers and learning-rate schedules, one class each; public. {@link jcnn.optim.Optimizers}
 * holds the short verbs a cell types ({@code sgd(0.01).momentum(0.9).nesterov()},
 * {@code adam(1e-3)}, {@code adamW(1e-3).weightDecay(0.01)}, {@code rmsprop(1e-3)},
 * {@code cosine(epochs)}, {@code reduceOnPlateau(0.5, 2)}); an {@link jcnn.optim.Optimizer}
 * updates {@link jcnn.nn.Parameter}s from their gradients (decay on weights only, never on state).
 *
 * <p>Uses {@code jcnn.nn} and {@code jcnn.tensor} only; the trainer that drives them is in
 * {@code jcnn.model} (docs/ARCHITECTURE.md).
 */
package jcnn.optim;
