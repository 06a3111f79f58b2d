package jcnn.tensor;

/**
 * Internal: the hooks for writing tensor operations, kept off {@link Tensor} so that a
 * student's completion after {@code tensor.} or {@code Tensor.} offers only the operations.
 * Used by {@code jcnn.nn.F}, the backend, the optimizers and the loaders; a custom operation in
 * a notebook cell may use them too.
 *
 * <p>An operation computes its result into a new array and hands it to {@link #fromOp}, with a
 * backward step that adds into each input's {@link #gradBuffer}:
 * <pre>
 *   Tensor twice(Tensor x) {
 *       float[] in = TensorInternals.data(x), out = new float[in.length];
 *       for (int i = 0; i &lt; in.length; i++) out[i] = 2 * in[i];
 *       return TensorInternals.fromOp("twice", out, x.shape(), dy -&gt; {
 *           float[] dx = TensorInternals.gradBuffer(x);
 *           for (int i = 0; i &lt; dy.length; i++) dx[i] += 2 * dy[i];
 *       }, x);
 *   }
 * </pre>
 */
public final class TensorInternals {
    private TensorInternals() {
    }

    /**
     * An operation's hand-written backward step: given the gradient of the loss with respect
     * to the operation's output, it adds its contribution into each input's
     * {@link TensorInternals#gradBuffer} (only for inputs that {@link Tensor#isRequiresGrad()
     * require grad}).
     */
    @FunctionalInterface
    public interface Backward {
        /**
         * Adds this operation's contribution to its inputs' gradients.
         *
         * @param gradOutput the gradient of the loss with respect to the operation's output
         */
        void apply(float[] gradOutput);
    }

    /** Sees how long each backward step took (for profiling benchmarks such as {@code SpeedStep}). */
    @FunctionalInterface
    public interface BackwardObserver {
        /**
         * Called after a backward step ran.
         *
         * @param result the tensor whose backward step just ran
         * @param nanos how long it took, in nanoseconds
         */
        void finished(Tensor result, long nanos);
    }

    /**
     * The result of an operation, for implementing operations outside {@link Tensor} (see
     * {@code jcnn.nn.F}). {@code data} becomes the result's storage (no copy). When gradients
     * are enabled and any input requires them, the result records {@code backward} and its
     * inputs on the tape; otherwise it is a plain tensor and {@code backward} is dropped.
     *
     * @param operation name shown in messages, e.g. {@code "conv2d"}
     * @param data the result's values, row-major; becomes its storage
     * @param shape the result's shape; its product must be {@code data.length}
     * @param backward the backward step, or null for an operation without gradient
     * @param inputs the tensors the result was computed from (null entries are skipped)
     * @return the result tensor
     */
    public static Tensor fromOp(String operation, float[] data, int[] shape, Backward backward, Tensor... inputs) {
        return Tensor.fromOp(operation, data, shape, backward, inputs);
    }

    /**
     * A tensor that uses {@code data} itself as storage (no copy): for loaders and kernels that
     * build an array and hand it over. The caller must not write to it afterwards unless the
     * tensor is a leaf used outside autograd.
     *
     * @param data the values, row-major; becomes the tensor's storage
     * @param shape the dims; their product must be {@code data.length}
     * @return a leaf tensor over {@code data}
     * @throws ShapeMismatchException if the product of the shape is not {@code data.length}
     */
    public static Tensor wrap(float[] data, int... shape) {
        return Tensor.wrap(data, shape);
    }

    /**
     * The live backing array of {@code t} (row-major, length {@link Tensor#numel()}), for
     * kernels, optimizers and loaders. Writing into it is allowed only for leaves (parameters)
     * outside autograd; users read values with {@link Tensor#toArray()} or {@link Tensor#get}.
     *
     * @param t the tensor
     * @return its storage, not a copy
     */
    public static float[] data(Tensor t) {
        return t.data();
    }

    /**
     * The live array a backward step adds {@code t}'s gradient into (allocated with zeros on
     * first use): for implementing operations, not for users (use {@link Tensor#grad()}).
     *
     * @param t an input of the operation whose backward step runs
     * @return the gradient accumulator of {@code t}
     * @throws IllegalStateException if {@code t} requires no gradient
     */
    public static float[] gradBuffer(Tensor t) {
        return t.gradBuffer();
    }

    /**
     * The array for a backward step that writes every element of {@code t}'s gradient (a GEMM
     * with beta 0, a copy), when no gradient has flowed into {@code t} yet in this backward pass
     * (for a parameter: since its last {@link Tensor#zeroGrad()}): its contents are then undefined
     * (inside a training step, a reused array) and the step must overwrite it whole. Null when
     * {@code t} already has a gradient: the step then adds into {@link #gradBuffer}. Saves the
     * zeros {@code gradBuffer} would write and the step would read back:
     * <pre>
     *   float[] dx = TensorInternals.freshGradBuffer(x);
     *   if (dx != null) { for (...) dx[i] = 2 * dy[i]; }
     *   else { dx = TensorInternals.gradBuffer(x); for (...) dx[i] += 2 * dy[i]; }
     * </pre>
     *
     * @param t an input of the operation whose backward step runs
     * @return an array to overwrite whole, or null to add into {@link #gradBuffer} instead
     * @throws IllegalStateException if {@code t} requires no gradient
     */
    public static float[] freshGradBuffer(Tensor t) {
        return t.freshGradBuffer();
    }

    /**
     * Installs an observer told the duration of every backward step on every thread, or removes
     * it with null. Only for profiling: it adds two clock reads per step.
     *
     * @param observer the observer, or null to remove it
     */
    public static void setBackwardObserver(BackwardObserver observer) {
        Tensor.backwardObserver = observer;
    }
}
