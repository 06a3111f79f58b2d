package jcnn.tensor.backend;

/**
 * Packing of GEMM operands into contiguous panels, shared by the scalar and the Vector API
 * kernels (no Vector API reference here, so the scalar path never loads it).
 *
 * <p>An A block of {@code mc x kc} is stored as slivers of {@code mr} rows:
 * {@code packed[s*kc*mr + p*mr + r] = alpha * A(i0 + s*mr + r, p0 + p)}, rows past the end of
 * A padded with zeros. A B block of {@code kc x nc} is stored as slivers of {@code nr}
 * columns: {@code packed[s*kc*nr + p*nr + c] = B(p0 + p, j0 + s*nr + c)}, zero-padded.
 * Transposition is handled here, so the kernels see one layout only.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /** Per-thread reusable buffers: packed A block, packed B block, one C tile for edges. */
    static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }

        float[] tile(int size) {
            if (tile.length < size) {
                tile = new float[size];
            }
            return tile;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** The calling thread's workspace; buffers grow once and are reused by later calls. */
    static Workspace workspace() {
        return WORKSPACE.get();
    }

    /** Packs {@code alpha * op(A)[i0 .. i0+mc, p0 .. p0+kc]} into {@code dst} (see class doc). */
    static void packA(boolean transA, float alpha, float[] a, int aOff, int lda,
                      int i0, int mc, int p0, int kc, int mr, float[] dst) {
        int slivers = (mc + mr - 1) / mr;
        for (int s = 0; s < slivers; s++) {
            int base = s * kc * mr;
            int rows = Math.min(mr, mc - s * mr);
            int iStart = i0 + s * mr;
            if (!transA && mr == 4 && rows == 4 && alpha == 1f) {
                // four source rows read side by side, the packed sliver written sequentially
                int r0 = aOff + iStart * lda + p0;
                int r1 = r0 + lda;
                int r2 = r1 + lda;
                int r3 = r2 + lda;
                for (int p = 0, d = base; p < kc; p++, d += 4) {
                    dst[d] = a[r0 + p];
                    dst[d + 1] = a[r1 + p];
                    dst[d + 2] = a[r2 + p];
                    dst[d + 3] = a[r3 + p];
                }
            } else if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (iStart + r) * lda + p0;
                    int d = base + r;
                    if (alpha == 1f) {
                        for (int p = 0; p < kc; p++, d += mr) {
                            dst[d] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++, d += mr) {
                            dst[d] = alpha * a[src + p];
                        }
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + iStart;
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = alpha == 1f ? a[src + r] : alpha * a[src + r];
                    }
                }
            }
            if (rows < mr) {
                for (int p = 0; p < kc; p++) {
                    int d = base + p * mr;
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[p0 .. p0+kc, j0 .. j0+nc]} into {@code dst} (see class doc); a last,
     * partial sliver is stored {@code lastWidth} wide (so a narrower kernel can run it).
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb,
                      int p0, int kc, int j0, int nc, int nr, int lastWidth, float[] dst) {
        int slivers = (nc + nr - 1) / nr;
        for (int s = 0; s < slivers; s++) {
            int base = s * kc * nr;
            int cols = Math.min(nr, nc - s * nr);
            int width = cols == nr ? nr : lastWidth;
            int jStart = j0 + s * nr;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (p0 + p) * ldb + jStart, dst, base + p * width, cols);
                }
            } else {
                for (int col = 0; col < cols; col++) {
                    int src = bOff + (jStart + col) * ldb + p0;
                    int d = base + col;
                    for (int p = 0; p < kc; p++, d += width) {
                        dst[d] = b[src + p];
                    }
                }
            }
            if (cols < width) {
                for (int p = 0; p < kc; p++) {
                    int d = base + p * width;
                    for (int col = cols; col < width; col++) {
                        dst[d + col] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Scales the C block {@code [i0, i0+mc) x [j0, j0+nc)} by beta before the kernels
     * accumulate into it; beta 0 writes zeros (so NaN in C is ignored), beta 1 does nothing.
     */
    static void scaleC(float beta, float[] c, int cOff, int ldc, int i0, int mc, int j0, int nc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < mc; i++) {
            int row = cOff + (i0 + i) * ldc + j0;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + nc, 0f);
            } else {
                for (int j = 0; j < nc; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }
}
