package jcnn.tensor.backend;

/**
 * Runs element-wise work, in parallel only when it is large enough to pay for the fork.
 *
 * <p>Element-wise bodies write each output element from its own inputs only, so the result does
 * not depend on how the range is cut: sequential and parallel runs are bit-identical.
 */
public final class Elementwise {
    /** Below this many elements a loop runs on the calling thread (forking costs more). */
    public static final int PARALLEL_THRESHOLD = 32_768;
    /** The smallest chunk a parallel element-wise loop hands to a worker. */
    static final int MIN_GRAIN = 8_192;

    private Elementwise() {
    }

    /**
     * {@code max(0, v)} as {@code jcnn.nn.F.relu} computes it, bit for bit: {@code relu(NaN) = 0}
     * and {@code relu(-0) = +0}; for the fused stores (convolution + bias + ReLU), which must give
     * the same bits as the separate ReLU.
     */
    public static float relu(float v) {
        float r = Math.max(v, 0f);
        return r == r ? r : 0f;
    }

    /** Runs {@code body} over {@code [0, n)}: directly when small, else in parallel chunks. */
    public static void forEach(int n, Parallel.RangeBody body) {
        if (n <= 0) {
            return;
        }
        if (n < PARALLEL_THRESHOLD) {
            body.run(0, n);
        } else {
            Parallel.forRange(n, MIN_GRAIN, body);
        }
    }
}
