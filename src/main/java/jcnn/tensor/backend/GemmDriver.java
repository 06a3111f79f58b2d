package jcnn.tensor.backend;

/**
 * The blocked GEMM loop nest shared by the scalar and Vector API paths (GotoBLAS/BLIS
 * structure): C is cut into blocks of {@code mc x nc}, one task per block; a task walks k in
 * blocks of at most {@link #KC}, packs its A block ({@code mc x kc}, scaled by alpha) and B block
 * ({@code kc x nc}) into thread-local buffers, and runs the micro-kernel over
 * {@code mr x nr} tiles, accumulating into C.
 *
 * <p>Determinism: k is never split across tasks and the k blocks depend only on k, so each
 * element of C is the same sum in the same order whatever the thread count or the m/n
 * blocking.
 */
final class GemmDriver {
    /** Largest k block: A sliver (mr x KC) stays in L1, the B block (KC x NC) in L2. */
    static final int KC = Integer.getInteger("jcnn.gemm.kc", 256);
    /*
     * Large m and n blocks: packing is what costs (the kernel alone runs near peak), and each
     * A block is packed once per n block, each B block once per m block. The A sliver in use
     * (mr x kc) stays in L1 while the B block streams from L2/L3.
     */
    static final int MC = Integer.getInteger("jcnn.gemm.mc", 1024);
    static final int NC = Integer.getInteger("jcnn.gemm.nc", 1024);
    /** Tasks per worker thread: more balances a loaded machine, fewer repacks less. */
    private static final int TASKS_PER_THREAD = Integer.getInteger("jcnn.gemm.tasksPerThread", 2);
    /** Flops per task below which a product is not cut further (keeps task overhead small). */
    private static final long MIN_TASK_FLOPS = Long.getLong("jcnn.gemm.taskflops", 4L << 20);
    private static final int MAX_TASKS = 64;

    /** A register-blocked micro-kernel computing one {@code mr x nr} tile. */
    abstract static class MicroKernel {
        final int mr;
        final int nr;

        MicroKernel(int mr, int nr) {
            this.mr = mr;
            this.nr = nr;
        }

        /**
         * {@code C[tile] (+)= Apacked(sliver) * Bpacked(sliver)} over {@code kc} steps; the tile's
         * top-left element is {@code c[cIdx]}, rows {@code ldc} apart. {@code overwrite}: store
         * instead of accumulate. Must handle a full tile only (the driver handles edges).
         */
        abstract void tile(float[] ap, int aBase, float[] bp, int bBase, int kc,
                           float[] c, int cIdx, int ldc, boolean overwrite);
    }

    private GemmDriver() {
    }

    static void gemm(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        int mc = roundUp(Math.min(MC, m), mr);
        int nc = roundUp(Math.min(NC, n), nr);
        // enough tasks to keep every core busy; the m/n blocking never changes any result (each
        // element's k order is fixed by kc), so it may depend on the thread count
        long flops = 2L * m * n * k;
        long byWork = Math.max(1, flops / MIN_TASK_FLOPS);
        int wanted = (int) Math.min(Math.min(MAX_TASKS, byWork), Parallel.threads() == 1 ? 1L : (long) Parallel.threads() * TASKS_PER_THREAD);
        while (blocks(m, mc) * blocks(n, nc) < wanted) {
            if (mc > mr && (mc >= nc / 4 || nc <= nr)) {
                mc = roundUp(mc / 2, mr);
            } else if (nc > nr) {
                nc = roundUp(nc / 2, nr);
            } else {
                break;
            }
        }
        int kBlocks = Math.max(1, blocks(k, KC));
        int kc = blocks(k, kBlocks);
        int mBlocks = blocks(m, mc);
        int nBlocks = blocks(n, nc);
        int mcF = mc;
        int ncF = nc;
        Parallel.forChunks(mBlocks * nBlocks, 1, (from, to) -> {
            GemmPacking.Workspace ws = GemmPacking.workspace();
            float[] ap = ws.a(mcF * kc);
            float[] bp = ws.b(kc * ncF);
            float[] tile = ws.tile(mr * nr);
            for (int t = from; t < to; t++) {
                int i0 = (t / nBlocks) * mcF;
                int j0 = (t % nBlocks) * ncF;
                int mcCur = Math.min(mcF, m - i0);
                int ncCur = Math.min(ncF, n - j0);
                if (k == 0) {
                    GemmPacking.scaleC(beta, c, cOff, ldc, i0, mcCur, j0, ncCur);
                    continue;
                }
                if (beta != 0f) {
                    GemmPacking.scaleC(beta, c, cOff, ldc, i0, mcCur, j0, ncCur);
                }
                for (int p0 = 0; p0 < k; p0 += kc) {
                    int kcCur = Math.min(kc, k - p0);
                    boolean overwrite = p0 == 0 && beta == 0f;
                    GemmPacking.packA(transA, alpha, a, aOff, lda, i0, mcCur, p0, kcCur, mr, ap);
                    GemmPacking.packB(transB, b, bOff, ldb, p0, kcCur, j0, ncCur, nr, bp);
                    macro(kernel, ap, bp, kcCur, mcCur, ncCur, c, cOff + i0 * ldc + j0, ldc, overwrite, tile);
                }
            }
        });
    }

    private static void macro(MicroKernel kernel, float[] ap, float[] bp, int kc, int mc, int nc,
                              float[] c, int cBase, int ldc, boolean overwrite, float[] tile) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        for (int ir = 0, sa = 0; ir < mc; ir += mr, sa++) {
            int rows = Math.min(mr, mc - ir);
            int aBase = sa * kc * mr;
            for (int jr = 0, sb = 0; jr < nc; jr += nr, sb++) {
                int cols = Math.min(nr, nc - jr);
                int bBase = sb * kc * nr;
                int cIdx = cBase + ir * ldc + jr;
                if (rows == mr && cols == nr) {
                    kernel.tile(ap, aBase, bp, bBase, kc, c, cIdx, ldc, overwrite);
                } else {
                    kernel.tile(ap, aBase, bp, bBase, kc, tile, 0, nr, true);
                    for (int r = 0; r < rows; r++) {
                        int row = cIdx + r * ldc;
                        int t = r * nr;
                        if (overwrite) {
                            System.arraycopy(tile, t, c, row, cols);
                        } else {
                            for (int j = 0; j < cols; j++) {
                                c[row + j] += tile[t + j];
                            }
                        }
                    }
                }
            }
        }
    }

    static int blocks(int size, int block) {
        return (size + block - 1) / block;
    }

    static int roundUp(int x, int multiple) {
        return Math.max(multiple, (x + multiple - 1) / multiple * multiple);
    }
}
