package jcnn.tensor.backend;

/**
 * The element-wise update loops of the optimizers, as small kernels they call: a Vector API
 * version when the module {@code jdk.incubator.vector} is present (as for SGEMM), else a scalar
 * loop. Both do the same IEEE float operations in the same order (no fused multiply-add; square
 * root and division are correctly rounded in both), so the results are bit-identical whichever
 * runs, and the same as the optimizers' former scalar loops. Large parameters are updated in
 * parallel chunks (each element's update is independent, so the thread count changes nothing).
 */
public final class OptimizerKernels {
    /** Parameters at least this large are split across the pool (the lecture's dense layer: 401,408). */
    static final int PARALLEL_MIN = 1 << 16;
    /** Elements per parallel chunk: a multiple of every vector length. */
    static final int GRAIN = 1 << 15;

    private static final boolean VECTOR = Sgemm.VECTOR_MODULE_PRESENT
            && !"scalar".equals(System.getProperty("jcnn.gemm", "").trim()) && VectorOptimizerKernels.usable();

    private OptimizerKernels() {
    }

    /** Which kernel runs: {@code "vector"} or {@code "scalar"}. */
    public static String kernelName() {
        return VECTOR ? "vector" : "scalar";
    }

    /**
     * Adam's update, for every i:
     * <pre>
     *   m[i] = b1·m[i] + ob1·g[i]        v[i] = b2·v[i] + (ob2·g[i])·g[i]
     *   w[i] = w[i] − (step·m[i]) / (sqrt(v[i]) + eps)
     * </pre>
     * ({@code ob1 = 1 − β1}, {@code ob2 = 1 − β2}; the caller folds the bias corrections into
     * {@code step} and {@code eps}).
     */
    public static void adam(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                            float step, float eps) {
        adamW(w, g, m, v, b1, ob1, b2, ob2, step, eps, 1f);
    }

    /**
     * AdamW's update: Adam's with the weight first shrunk by decoupled weight decay
     * ({@code shrink = 1 − rate·decay}; 1 for parameters that are not decayed, which is
     * {@link #adam} exactly, since {@code w·1 = w} in float):
     * <pre>
     *   m[i] = b1·m[i] + ob1·g[i]        v[i] = b2·v[i] + (ob2·g[i])·g[i]
     *   w[i] = w[i]·shrink − (step·m[i]) / (sqrt(v[i]) + eps)
     * </pre>
     */
    public static void adamW(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                             float step, float eps, float shrink) {
        int n = w.length;
        if (g.length != n || m.length != n || v.length != n) {
            throw new IllegalArgumentException("adam: the weights (" + n + "), gradient (" + g.length + ") and moments ("
                    + m.length + ", " + v.length + ") must have the same length");
        }
        if (n < PARALLEL_MIN) {
            adamRange(w, g, m, v, b1, ob1, b2, ob2, step, eps, shrink, 0, n);
        } else {
            Parallel.forChunks(n, GRAIN, (from, to) -> adamRange(w, g, m, v, b1, ob1, b2, ob2, step, eps, shrink, from, to));
        }
    }

    private static void adamRange(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                                  float step, float eps, float shrink, int from, int to) {
        int i = from;
        if (VECTOR) {
            i = VectorOptimizerKernels.adam(w, g, m, v, b1, ob1, b2, ob2, step, eps, shrink, from, to);
        }
        for (; i < to; i++) {
            float gi = g[i];
            m[i] = b1 * m[i] + ob1 * gi;
            v[i] = b2 * v[i] + ob2 * gi * gi;
            w[i] = w[i] * shrink - step * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }

    /**
     * RMSprop's update (PyTorch's, not centred), for every i:
     * <pre>
     *   s[i] = alpha·s[i] + (oneMinusAlpha·g[i])·g[i]        d = g[i] / (sqrt(s[i]) + eps)
     *   without momentum (b null):  w[i] = w[i] − rate·d
     *   with momentum:              b[i] = momentum·b[i] + d;   w[i] = w[i] − rate·b[i]
     * </pre>
     */
    public static void rmsprop(float[] w, float[] g, float[] s, float[] b, float alpha, float oneMinusAlpha,
                               float momentum, float rate, float eps) {
        int n = w.length;
        if (g.length != n || s.length != n || (b != null && b.length != n)) {
            throw new IllegalArgumentException("rmsprop: the weights (" + n + "), gradient (" + g.length
                    + ") and state (" + s.length + (b == null ? "" : ", " + b.length) + ") must have the same length");
        }
        if (n < PARALLEL_MIN) {
            rmspropRange(w, g, s, b, alpha, oneMinusAlpha, momentum, rate, eps, 0, n);
        } else {
            Parallel.forChunks(n, GRAIN, (from, to) -> rmspropRange(w, g, s, b, alpha, oneMinusAlpha, momentum, rate, eps,
                    from, to));
        }
    }

    private static void rmspropRange(float[] w, float[] g, float[] s, float[] b, float alpha, float oneMinusAlpha,
                                     float momentum, float rate, float eps, int from, int to) {
        int i = from;
        if (VECTOR) {
            i = VectorOptimizerKernels.rmsprop(w, g, s, b, alpha, oneMinusAlpha, momentum, rate, eps, from, to);
        }
        rmspropScalar(w, g, s, b, alpha, oneMinusAlpha, momentum, rate, eps, i, to);
    }

    /** Scalar reference and tail of {@link #rmsprop}. */
    static void rmspropScalar(float[] w, float[] g, float[] s, float[] b, float alpha, float oneMinusAlpha,
                              float momentum, float rate, float eps, int from, int to) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            s[i] = alpha * s[i] + oneMinusAlpha * gi * gi;
            float d = gi / ((float) Math.sqrt(s[i]) + eps);
            if (b != null) {
                b[i] = momentum * b[i] + d;
                w[i] -= rate * b[i];
            } else {
                w[i] -= rate * d;
            }
        }
    }

    /** Scalar reference, for tests: the loop above alone. */
    static void adamScalar(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                           float step, float eps) {
        adamWScalar(w, g, m, v, b1, ob1, b2, ob2, step, eps, 1f);
    }

    /** Scalar reference of {@link #adamW}, for tests. */
    static void adamWScalar(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                            float step, float eps, float shrink) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            m[i] = b1 * m[i] + ob1 * gi;
            v[i] = b2 * v[i] + ob2 * gi * gi;
            w[i] = w[i] * shrink - step * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}
