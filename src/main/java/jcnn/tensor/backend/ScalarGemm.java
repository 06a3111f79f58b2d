package jcnn.tensor.backend;

/**
 * The scalar GEMM path, used when the Vector API module is absent or when
 * {@code -Djcnn.gemm=scalar} forces it: the same packed, blocked loop nest as the vector path
 * ({@link GemmDriver}) with a 4 x 4 register-blocked scalar micro-kernel.
 */
final class ScalarGemm {
    private ScalarGemm() {
    }

    static final GemmDriver.MicroKernel KERNEL = new Kernel4x4();

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        GemmDriver.gemm(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** 4 rows x 4 columns held in 16 scalar accumulators. */
    static final class Kernel4x4 extends GemmDriver.MicroKernel {
        Kernel4x4() {
            super(4, 4);
        }

        @Override
        void tile(float[] a, int ai, int ars, int acs, float[] b, int bi, int brs, int kc,
                  float[] c, int cIdx, int ldc, boolean overwrite) {
            float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
            float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
            float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            int s1 = ars;
            int s2 = 2 * ars;
            int s3 = 3 * ars;
            for (int p = 0; p < kc; p++, ai += acs, bi += brs) {
                float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
                float a0 = a[ai], a1 = a[ai + s1], a2 = a[ai + s2], a3 = a[ai + s3];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            int r0 = cIdx, r1 = cIdx + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
            if (overwrite) {
                c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
                c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
                c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
                c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
            } else {
                c[r0] += c00; c[r0 + 1] += c01; c[r0 + 2] += c02; c[r0 + 3] += c03;
                c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
                c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
                c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
            }
        }
    }
}
