/**
 * Tensors with define-by-run autograd: {@link jcnn.tensor.Tensor} (float32, row-major, images
 * NCHW), its shapes and the errors that name them, and {@code Tensor.noGrad()}. Public API for
 * cells: what a student types after {@code tensor.} is here. {@link jcnn.tensor.TensorInternals}
 * is internal: the hooks for writing new operations ({@code fromOp}, {@code data},
 * {@code gradBuffer}, {@code freshGradBuffer}), used by {@code jcnn.nn.F}, the backend, optimizers and loaders.
 * Depends on nothing else in jcnn but {@code jcnn.tensor.backend}.
 */
package jcnn.tensor;
