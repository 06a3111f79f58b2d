/**
 * Internal: the compute kernels under the tensor operations, not for notebook users. SGEMM
 * (Vector API when {@code jdk.incubator.vector} is present, else scalar), im2col, Winograd and
 * direct convolution kernels, pooling, element-wise loops and reductions, the optimizers' update kernels, the
 * fork-join pool ({@link jcnn.tensor.backend.Parallel}, {@code -Djcnn.threads}) and the per-step
 * scratch arena. Results are bit-identical for any thread count; a cell's interrupt stops work
 * at the next chunk. Knows no tensors: it works on {@code float[]}.
 */
package jcnn.tensor.backend;
