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
        int n = w.length;
        if (g.length != n || m.length != n || v.length != n) {
            throw new IllegalArgumentException("adam: the weights (" + n + "), gradient (" + g.length + ") and moments ("
                    + m.length + ", " + v.length + ") must have the same length");
        }
        if (n < PARALLEL_MIN) {
            adamRange(w, g, m, v, b1, ob1, b2, ob2, step, eps, 0, n);
        } else {
            Parallel.forChunks(n, GRAIN, (from, to) -> adamRange(w, g, m, v, b1, ob1, b2, ob2, step, eps, from, to));
        }
    }

    private static void adamRange(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                                  float step, float eps, int from, int to) {
        int i = from;
        if (VECTOR) {
            i = VectorOptimizerKernels.adam(w, g, m, v, b1, ob1, b2, ob2, step, eps, from, to);
        }
        for (; i < to; i++) {
            float gi = g[i];
            m[i] = b1 * m[i] + ob1 * gi;
            v[i] = b2 * v[i] + ob2 * gi * gi;
            w[i] -= step * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }

    /** Scalar reference, for tests: the loop above alone. */
    static void adamScalar(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                           float step, float eps) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            m[i] = b1 * m[i] + ob1 * gi;
            v[i] = b2 * v[i] + ob2 * gi * gi;
            w[i] -= step * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}
