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

    /**
     * Whether the ReLU and pooling loops run on the Vector API ({@link VectorElementwise}): the
     * module is present and {@code -Djcnn.gemm=scalar} (which selects every scalar loop) is not set.
     */
    static final boolean VECTOR = Sgemm.VECTOR_MODULE_PRESENT
            && !"scalar".equals(System.getProperty("jcnn.gemm", "").trim()) && VectorElementwise.usable();

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

    /**
     * {@code y[i] = relu(in[i])} for {@code i} in {@code [from, to)}, {@link #relu(float)}'s bits;
     * whole vectors with the Vector API when it is there.
     */
    public static void relu(float[] in, float[] y, int from, int to) {
        int i = VECTOR ? VectorElementwise.relu(in, y, from, to) : from;
        for (; i < to; i++) {
            y[i] = relu(in[i]);
        }
    }

    /**
     * ReLU's backward step {@code gx[i] += dy[i]·step(y[i])} for {@code i} in {@code [from, to)},
     * with {@code step(r) = min(r·2¹⁰⁰·2¹⁰⁰, 1)}: 1 for {@code r > 0}, 0 for {@code r = +0}
     * (a ReLU's output {@code y} is never negative or NaN), without a branch.
     */
    public static void reluBackward(float[] dy, float[] y, float[] gx, int from, int to) {
        int i = VECTOR ? VectorElementwise.reluBackward(dy, y, gx, from, to) : from;
        for (; i < to; i++) {
            gx[i] += dy[i] * Math.min(y[i] * 0x1p100f * 0x1p100f, 1f);
        }
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
