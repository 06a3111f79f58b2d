package jcnn.tensor.backend;

/**
 * The blocked GEMM loop nest shared by the scalar and Vector API paths (GotoBLAS/BLIS
 * structure): C is cut into blocks of {@code mc x nc}, one task per block; a task walks k in
 * blocks of at most {@link #KC}, packs its A block ({@code mc x kc}, scaled by alpha) and B block
 * ({@code kc x nc}) into reusable thread-local buffers where packing pays (otherwise the kernel
 * reads the operand in place and only a ragged edge sliver is packed, zero-padded), and runs
 * the micro-kernel over {@code mr x nr} tiles, accumulating into C: all row slivers over one
 * L2-sized panel of B's columns, then the next panel.
 *
 * <p>Determinism: k is never split across tasks and the k blocks depend only on k, so each
 * element of C is the same sum in the same order whatever the thread count or the m/n
 * blocking.
 */
final class GemmDriver {
    /**
     * Largest k block: the A sliver in use (mr x KC) stays in L1. 384 keeps the lecture's
     * 3x3x32 convolution (k = 288) in one block, about 8% faster there than 256 in a test.
     */
    static final int KC = Integer.getInteger("jcnn.gemm.kc", 384);
    /*
     * Large m and n blocks: packing is what costs (the kernel alone runs near peak), and each
     * A block is packed once per n block, each B block once per m block. The A sliver in use
     * (mr x kc) stays in L1 while the B block is swept one L2-sized panel at a time
     * ({@link #PANEL_BYTES}).
     */
    static final int MC = Integer.getInteger("jcnn.gemm.mc", 1024);
    static final int NC = Integer.getInteger("jcnn.gemm.nc", 1024);
    /**
     * Bytes of B that the row slivers of a block sweep before moving on ({@link #panelColumns}):
     * the kernel reloads its B sliver from there on every k step, so it must stay in L2 (1 MiB a
     * core on the machine of docs/BENCHMARKS.md; 512 KiB on older x86 still holds most of it).
     * Swept whole, a block's B of kc x nc (1.4 MB at 1024^3) came from L3: 1024^3 at one thread
     * ran at 139 against 177 GFLOPS (medians of 4 alternated processes).
     */
    static final int PANEL_BYTES = Integer.getInteger("jcnn.gemm.panelBytes", 384 << 10);
    /**
     * Where only B is packed, m is not cut into blocks of fewer rows than this once n is cut to
     * single slivers: each m block packs its columns of B again, and with few rows the packing
     * costs about what the block computes. The lecture's dense layer (y^T = w x^T, 128 x 64 x
     * 3136, x^T packed) ran as 4 tasks of 32 rows, each packing all of x^T; as 2 tasks of 64 its
     * region took 0.80 against 0.97 ms a step at two threads (busy 1.33 against 1.64 thread-ms;
     * medians of 6 alternated processes, {@code FusionStep}).
     */
    static final int MIN_MC_REPACKING_B = Integer.getInteger("jcnn.gemm.minMcRepackingB", 64);
    /** Tasks per worker thread: more balances a loaded machine, fewer repacks less. */
    private static final int TASKS_PER_THREAD = Integer.getInteger("jcnn.gemm.tasksPerThread", 2);
    /** Flops per task below which a product is not cut further (keeps task overhead small). */
    private static final long MIN_TASK_FLOPS = Long.getLong("jcnn.gemm.taskflops", 4L << 20);
    private static final int MAX_TASKS = 64;

    /**
     * Whether operands are packed: {@code AUTO} decides from the sizes (tests force the
     * others to exercise every path).
     */
    enum Packing { AUTO, ALWAYS, NEVER }

    static volatile Packing packing = Packing.valueOf(System.getProperty("jcnn.gemm.packing", "auto").toUpperCase(java.util.Locale.ROOT));

    /**
     * B is read in place (not packed) when it is not transposed and at most this many rows of
     * A reuse it: packing costs about as much as a few dozen multiply-adds per element.
     */
    static final int DIRECT_B_MAX_M = Integer.getInteger("jcnn.gemm.directBMaxM", 256);
    /** A is read in place when alpha is 1 and at most this many columns of B reuse it. */
    static final int DIRECT_A_MAX_N = Integer.getInteger("jcnn.gemm.directAMaxN", 1024);
    /** A block checks for an interrupt per row panel when a panel row holds at least this many multiply-adds. */
    static final long CHECK_MACS = 1L << 15;

    /**
     * A register-blocked micro-kernel computing one {@code mr x nr} tile of C from an A sliver
     * (element (r, p) at {@code a[ai + r*ars + p*acs]}) and a B sliver (row p at
     * {@code b[bi + p*brs] ..}, {@code nr} wide).
     */
    abstract static class MicroKernel {
        final int mr;
        final int nr;

        MicroKernel(int mr, int nr) {
            this.mr = mr;
            this.nr = nr;
        }

        /**
         * {@code C[tile] (+)= A(sliver) * B(sliver)} over {@code kc} steps; the tile's top-left
         * element is {@code c[cIdx]}, rows {@code ldc} apart. {@code overwrite}: store instead of
         * accumulate. Computes a full tile (the driver handles ragged edges).
         */
        abstract void tile(float[] a, int ai, int ars, int acs, float[] b, int bi, int brs, int kc,
                           float[] c, int cIdx, int ldc, boolean overwrite);

        /** The kernel for a last sliver of {@code cols < nr} columns (its nr may be narrower). */
        MicroKernel forEdge(int cols) {
            return this;
        }
    }

    private GemmDriver() {
    }

    static void gemm(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        Packing mode = packing;
        boolean directA = alpha == 1f && (mode == Packing.NEVER || mode == Packing.AUTO && n <= DIRECT_A_MAX_N);
        boolean directB = !transB && (mode == Packing.NEVER || mode == Packing.AUTO && m <= DIRECT_B_MAX_M);
        long sizes = blockSizes(mr, nr, m, n, k, directA, directB, Parallel.threads());
        int mc = (int) (sizes >>> 32);
        int nc = (int) sizes;
        int kBlocks = Math.max(1, blocks(k, KC));
        int kc = blocks(k, kBlocks);
        int mBlocks = blocks(m, mc);
        int nBlocks = blocks(n, nc);
        // one Operands per calling thread, reused (a training step makes hundreds of products:
        // Winograd runs one per transform position); a product started while the thread's own
        // is still running (not done today: a chunk never starts another product) gets a new one
        Operands ops = SPARE.get();
        if (ops.inUse) {
            ops = new Operands();
        }
        ops.set(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                directA, directB, mc, nc, kc, nBlocks);
        try {
            Parallel.forChunks(mBlocks * nBlocks, 1, ops);
        } finally {
            ops.clear();
        }
    }

    /**
     * The (m, n) block sizes of a product, {@code mc << 32 | nc} (no array: a training step makes
     * hundreds of products): enough blocks for the threads (the blocking never changes a result:
     * each element's k order is fixed by kc, so it may depend on the thread count), of nearly
     * equal size when there is more than one.
     */
    static long blockSizes(int mr, int nr, int m, int n, int k, boolean directA, boolean directB, int threads) {
        int mc = roundUp(Math.min(MC, m), mr);
        int nc = roundUp(Math.min(NC, n), nr);
        long flops = 2L * m * n * k;
        long byWork = Math.max(1, flops / MIN_TASK_FLOPS);
        int wanted = (int) Math.min(Math.min(MAX_TASKS, byWork), threads == 1 ? 1L : (long) threads * TASKS_PER_THREAD);
        // where B is packed and A is not, cutting n gives each task its own columns of B to pack;
        // cutting m would have every task pack all of B (1024^3 at 2 threads: 4 tasks packing all
        // of B, 186 GFLOPS against 251 with n cut, medians of 4 alternated processes)
        boolean cutNFirst = directA && !directB;
        while (blocks(m, mc) * blocks(n, nc) < wanted) {
            if (cutNFirst && nc > nr) {
                nc = roundUp(nc / 2, nr);
            } else if (cutNFirst && mc / 2 < MIN_MC_REPACKING_B) {
                break;   // fewer tasks: each m block would pack its columns of B again
            } else if (mc > mr && (mc >= nc / 4 || nc <= nr)) {
                mc = roundUp(mc / 2, mr);
            } else if (nc > nr) {
                nc = roundUp(nc / 2, nr);
            } else {
                break;
            }
        }
        // blocks of (nearly) equal size where threads share them: 3136 columns as 1024 + 1024 +
        // 1024 + 64 gave one of two threads twice the other's work (the lecture's dense layer's
        // gradients, 64 x 3136 x 128 and 128 x 3136 x 64: 233 -> 190 us each at 2 threads); never
        // more blocks than before. One thread keeps the widest blocks.
        if (wanted > 1) {
            mc = roundUp(blocks(m, blocks(m, mc)), mr);
            nc = roundUp(blocks(n, blocks(n, nc)), nr);
        }
        return (long) mc << 32 | nc;
    }

    private static final ThreadLocal<Operands> SPARE = ThreadLocal.withInitial(Operands::new);

    /**
     * One product's operands and the choices made for it; runs its chunks of (m, n) blocks. Set
     * before the product and cleared after it (no operand array stays reachable from the thread).
     */
    private static final class Operands implements Parallel.RangeBody, ParallelProfile.GemmDriverBody {
        boolean inUse;
        MicroKernel kernel;
        boolean transA;
        boolean transB;
        int m;
        int n;
        int k;
        float alpha;
        float[] a;
        int aOff;
        int lda;
        float[] b;
        int bOff;
        int ldb;
        float beta;
        float[] c;
        int cOff;
        int ldc;
        boolean directA;
        boolean directB;
        int mc;
        int nc;
        int kc;
        int nBlocks;

        void set(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                 boolean directA, boolean directB, int mc, int nc, int kc, int nBlocks) {
            this.inUse = true;
            this.kernel = kernel;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.directA = directA;
            this.directB = directB;
            this.mc = mc;
            this.nc = nc;
            this.kc = kc;
            this.nBlocks = nBlocks;
        }

        void clear() {
            kernel = null;
            a = null;
            b = null;
            c = null;
            inUse = false;
        }

        @Override
        public void run(int from, int to) {
            int mr = kernel.mr;
            int nr = kernel.nr;
            GemmPacking.Workspace ws = GemmPacking.workspace();
            float[] ap = ws.a(mc * kc);
            float[] bp = ws.b(kc * nc);
            float[] tile = ws.tile(mr * nr);
            for (int t = from; t < to; t++) {
                int i0 = (t / nBlocks) * mc;
                int j0 = (t % nBlocks) * nc;
                int mcCur = Math.min(mc, m - i0);
                int ncCur = Math.min(nc, n - j0);
                if (k == 0 || beta != 0f) {
                    GemmPacking.scaleC(beta, c, cOff, ldc, i0, mcCur, j0, ncCur);
                }
                if (k == 0) {
                    continue;
                }
                for (int p0 = 0; p0 < k; p0 += kc) {
                    int kcCur = Math.min(kc, k - p0);
                    boolean overwrite = p0 == 0 && beta == 0f;
                    block(i0, mcCur, j0, ncCur, p0, kcCur, overwrite, ap, bp, tile);
                }
            }
        }

        void block(int i0, int mc, int j0, int nc, int p0, int kcCur, boolean overwrite,
                   float[] ap, float[] bp, float[] tile) {
            int mr = kernel.mr;
            int nr = kernel.nr;
            int lastCols = nc % nr;
            MicroKernel edge = lastCols == 0 ? kernel : kernel.forEdge(lastCols);
            int edgeSliver = nc / nr;
            if (!directA) {
                GemmPacking.packA(transA, alpha, a, aOff, lda, i0, mc, p0, kcCur, mr, ap);
            }
            if (!directB) {
                GemmPacking.packB(transB, b, bOff, ldb, p0, kcCur, j0, nc, nr, edge.nr, bp);
            } else if (lastCols != 0) {
                // only the ragged last sliver is packed (zero-padded to the edge kernel's width)
                GemmPacking.packB(false, b, bOff, ldb, p0, kcCur, j0 + edgeSliver * nr, lastCols, nr, edge.nr, bp);
            }
            // The row slivers sweep B one panel of columns at a time, so that the panel stays in
            // L2 while every row sliver passes over it (the same tiles, each computed as before).
            // A large block (one chunk of a big product can take seconds on a loaded machine)
            // checks for an interrupt once per row sliver of a panel, so an interrupted cell stops
            // inside the chunk; that is then at least mr * CHECK_MACS multiply-adds, so the check (a
            // few loads) costs nothing measurable. Small blocks rely on the check at the chunk's start.
            int panel = panelColumns(kcCur, nr);
            boolean check = (long) Math.min(panel, nc) * kcCur >= CHECK_MACS;
            for (int jj = 0; jj < nc; jj += panel) {
                sweep(jj, Math.min(nc, jj + panel), i0, mc, j0, p0, kcCur, overwrite, ap, bp, tile, edge, check);
            }
        }

        /** The row slivers of the block over its columns {@code [jFrom, jTo)} (multiples of nr but the last). */
        private void sweep(int jFrom, int jTo, int i0, int mc, int j0, int p0, int kcCur, boolean overwrite,
                           float[] ap, float[] bp, float[] tile, MicroKernel edge, boolean check) {
            int mr = kernel.mr;
            int nr = kernel.nr;
            int cBase = cOff + i0 * ldc + j0;
            for (int ir = 0, sa = 0; ir < mc; ir += mr, sa++) {
                if (check) {
                    Parallel.checkInterrupted();
                }
                int rows = Math.min(mr, mc - ir);
                float[] aArr;
                int ai;
                int ars;
                int acs;
                if (!directA) {
                    aArr = ap;
                    ai = sa * kcCur * mr;
                    ars = 1;
                    acs = mr;
                } else if (rows < mr) {
                    GemmPacking.packA(transA, alpha, a, aOff, lda, i0 + ir, rows, p0, kcCur, mr, ap);
                    aArr = ap;
                    ai = 0;
                    ars = 1;
                    acs = mr;
                } else {
                    aArr = a;
                    ai = transA ? aOff + p0 * lda + i0 + ir : aOff + (i0 + ir) * lda + p0;
                    ars = transA ? 1 : lda;
                    acs = transA ? lda : 1;
                }
                for (int jr = jFrom, sb = jFrom / nr; jr < jTo; jr += nr, sb++) {
                    int cols = Math.min(nr, jTo - jr);
                    MicroKernel kern = cols == nr ? kernel : edge;
                    int width = kern.nr;
                    float[] bArr;
                    int bi;
                    int brs;
                    if (!directB) {
                        bArr = bp;
                        bi = sb * kcCur * nr;
                        brs = width;
                    } else if (cols < nr) {
                        bArr = bp;
                        bi = 0;
                        brs = width;
                    } else {
                        bArr = b;
                        bi = bOff + p0 * ldb + j0 + jr;
                        brs = ldb;
                    }
                    int cIdx = cBase + ir * ldc + jr;
                    if (rows == mr && cols == width) {
                        kern.tile(aArr, ai, ars, acs, bArr, bi, brs, kcCur, c, cIdx, ldc, overwrite);
                    } else {
                        kern.tile(aArr, ai, ars, acs, bArr, bi, brs, kcCur, tile, 0, width, true);
                        for (int r = 0; r < rows; r++) {
                            int row = cIdx + r * ldc;
                            int t = r * width;
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
    }

    /**
     * Columns of B (a multiple of nr, at least nr) whose {@code kc} rows fill at most
     * {@link #PANEL_BYTES}.
     */
    static int panelColumns(int kc, int nr) {
        return Math.max(nr, PANEL_BYTES / (4 * Math.max(1, kc)) / nr * nr);
    }

    static int blocks(int size, int block) {
        return (size + block - 1) / block;
    }

    static int roundUp(int x, int multiple) {
        return Math.max(multiple, (x + multiple - 1) / multiple * multiple);
    }
}
