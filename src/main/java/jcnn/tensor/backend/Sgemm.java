package jcnn.tensor.backend;

/**
 * Single-precision general matrix multiply, row-major, BLAS-style:
 * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(A)} of shape (m, k) and
 * {@code op(B)} of shape (k, n).
 *
 * <p>{@code A} is read at {@code a[aOff + i*lda + p]} (or {@code a[aOff + p*lda + i]} when
 * {@code transA}); {@code B} likewise with {@code ldb}; {@code C} at {@code c[cOff + i*ldc + j]}.
 * When {@code beta == 0}, C is overwritten (its old contents, even NaN, are ignored).
 *
 * <p>Parallel over blocks of C only, never over k, and every C element sums its k products in
 * the same order whatever the thread count: results are bit-identical for any thread count.
 *
 * <p>This is the entry point every op uses; the implementation behind it may change (a
 * register-blocked Vector API kernel with a scalar fallback).
 */
public final class Sgemm {
    private Sgemm() {
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        int rowsPerChunk = Math.max(1, (int) Math.min(m, 16_384L / Math.max(1, (long) n + k)));
        Parallel.forChunks(m, rowsPerChunk, (from, to) -> {
            float[] row = new float[n];
            for (int i = from; i < to; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (transB) {
                        for (int j = 0; j < n; j++) {
                            row[j] += av * b[bOff + j * ldb + p];
                        }
                    } else {
                        int base = bOff + p * ldb;
                        for (int j = 0; j < n; j++) {
                            row[j] += av * b[base + j];
                        }
                    }
                }
                int cBase = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[cBase + j] = beta == 0f ? alpha * row[j] : alpha * row[j] + beta * c[cBase + j];
                }
            }
        });
    }
}
