package jcnn.tensor.backend;

import java.util.Locale;

/**
 * Single-precision general matrix multiply, row-major, BLAS-style:
 * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(A)} of shape (m, k) and
 * {@code op(B)} of shape (k, n).
 *
 * <p>{@code A} is read at {@code a[aOff + i*lda + p]} (or {@code a[aOff + p*lda + i]} when
 * {@code transA}); {@code B} likewise with {@code ldb}; {@code C} at {@code c[cOff + i*ldc + j]}.
 * When {@code beta == 0}, C is overwritten (its old contents, even NaN, are ignored).
 *
 * <p>Three paths, chosen from the sizes alone: tiny products ({@code m*n*k <= 32768}, or
 * {@code m} or {@code n} below 4) run a direct loop on the calling thread; larger ones run a
 * packed, cache-blocked loop nest ({@link GemmDriver}) with a register-blocked Vector API
 * micro-kernel ({@code jdk.incubator.vector}, 16 float lanes on AVX-512), or a scalar
 * micro-kernel when that module is absent. {@code -Djcnn.gemm=scalar|vector} forces one.
 *
 * <p>Parallel over blocks of C only, never over k, and every C element sums its k products in
 * the same order whatever the thread count: results are bit-identical for any thread count.
 * Packing buffers are per thread and reused, so steady-state calls allocate nothing but the
 * parallel tasks.
 */
public final class Sgemm {
    /** Which kernel the blocked path uses. */
    enum Kernel { SCALAR, VECTOR }

    /** Products with at most this many multiply-adds take the direct loop. */
    static final long DIRECT_MAX_MACS = 32_768;

    static final boolean VECTOR_MODULE_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static volatile Kernel kernel = initialKernel();

    private Sgemm() {
    }

    private static Kernel initialKernel() {
        String forced = System.getProperty("jcnn.gemm", "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("scalar")) {
            return Kernel.SCALAR;
        }
        if (!forced.isEmpty() && !forced.equals("vector")) {
            System.err.println("jcnn: ignoring -Djcnn.gemm=" + forced + " (expected scalar or vector)");
        }
        if (!VECTOR_MODULE_PRESENT) {
            if (forced.equals("vector")) {
                System.err.println("jcnn: -Djcnn.gemm=vector but the module jdk.incubator.vector is absent;"
                        + " start the JVM with --add-modules jdk.incubator.vector. Using the scalar GEMM.");
            }
            return Kernel.SCALAR;
        }
        // only touched when the module is present: VectorGemm refers to jdk.incubator.vector
        return VectorGemm.usable() ? Kernel.VECTOR : Kernel.SCALAR;
    }

    /** The kernel the blocked path uses now: {@code "vector"} or {@code "scalar"}. */
    public static String kernelName() {
        return kernel.name().toLowerCase(Locale.ROOT);
    }

    /** Whether the blocked path runs the Vector API kernel now. */
    static boolean vectorKernel() {
        return kernel == Kernel.VECTOR;
    }

    /** Selects the kernel (tests compare both); VECTOR needs the module. */
    static void useKernel(Kernel k) {
        if (k == Kernel.VECTOR && !VECTOR_MODULE_PRESENT) {
            throw new IllegalStateException("gemm: the vector kernel needs --add-modules jdk.incubator.vector");
        }
        kernel = k;
    }

    static Kernel currentKernel() {
        return kernel;
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k
                    + "; sizes must be >= 0");
        }
        if (m == 0 || n == 0) {
            return;
        }
        checkOperand("A", transA ? k : m, transA ? m : k, a, aOff, lda);
        checkOperand("B", transB ? n : k, transB ? k : n, b, bOff, ldb);
        checkOperand("C", m, n, c, cOff, ldc);
        if ((long) m * n * k <= DIRECT_MAX_MACS || m < 4 || n < 4) {
            direct(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (kernel == Kernel.VECTOR) {
            VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            ScalarGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** Checks that a rows x cols operand stored with leading dimension ld fits its array. */
    private static void checkOperand(String name, int rows, int cols, float[] x, int off, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld
                    + " but its stored rows have " + cols + " columns; ld must be >= " + cols);
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + " x " + cols + ", ld " + ld
                    + ", offset " + off + ") needs " + last + " elements but its array has " + x.length);
        }
    }

    /** Straight loops for tiny products, on the calling thread (packing would cost more). */
    static void direct(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    for (int j = 0, bi = bOff + p; j < n; j++, bi += ldb) {
                        c[row + j] += av * b[bi];
                    }
                } else {
                    int base = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[row + j] += av * b[base + j];
                    }
                }
            }
        }
    }
}
