package jcnn.tensor.backend;

/**
 * Ordered reductions: the range is cut into fixed chunks (depending only on its length), each
 * chunk sums in double, and the partial sums are combined in chunk order, so the result is
 * bit-identical for any thread count.
 */
public final class Reduce {
    /** Elements per chunk of a reduction (fixed: never derived from the thread count). */
    public static final int GRAIN = 16_384;

    private Reduce() {
    }

    /** Sum of {@code a[off .. off+n)} in double. */
    public static double sum(float[] a, int off, int n) {
        return reduce(n, (from, to) -> {
            double s = 0;
            for (int i = off + from, end = off + to; i < end; i++) {
                s += a[i];
            }
            return s;
        });
    }

    /**
     * Sum of {@code a[off .. off+n)} in double on the calling thread, in four interleaved partial
     * sums combined as {@code (s0 + s1) + (s2 + s3)}: four independent chains of additions run
     * about four times faster than one (each addition waits for the previous one otherwise). A
     * fixed order, so the same bits every time.
     */
    public static double sum4(float[] a, int off, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = off;
        for (int end = off + (n & ~3); i < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (int end = off + n; i < end; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of {@code |a[i]|} in double. */
    public static double sumAbs(float[] a, int off, int n) {
        return reduce(n, (from, to) -> {
            double s = 0;
            for (int i = off + from, end = off + to; i < end; i++) {
                s += Math.abs(a[i]);
            }
            return s;
        });
    }

    /** Sum of {@code a[i]^2} in double. */
    public static double sumSquares(float[] a, int off, int n) {
        return reduce(n, (from, to) -> {
            double s = 0;
            for (int i = off + from, end = off + to; i < end; i++) {
                double v = a[i];
                s += v * v;
            }
            return s;
        });
    }

    /** A chunk's partial result over {@code [from, to)}. */
    @FunctionalInterface
    public interface Partial {
        double over(int from, int to);
    }

    /** Combines {@code partial} over fixed chunks of {@code [0, n)} in chunk order. */
    public static double reduce(int n, Partial partial) {
        int chunks = Parallel.chunkCount(n, GRAIN);
        if (chunks <= 1) {
            return n <= 0 ? 0.0 : partial.over(0, n);
        }
        double[] partials = new double[chunks];
        Parallel.forChunks(n, GRAIN, (from, to) -> partials[from / GRAIN] = partial.over(from, to));
        double s = 0;
        for (double p : partials) {
            s += p;
        }
        return s;
    }
}
