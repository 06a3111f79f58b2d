package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sgemm against a double-precision triple loop, on both kernels, every transpose combination,
 * edge tiles, strided operands and tiny sizes; plus thread-count determinism.
 */
class SgemmTest {
    private final Sgemm.Kernel initialKernel = Sgemm.currentKernel();
    private final int initialThreads = Parallel.threads();

    @AfterEach
    void restore() {
        Sgemm.useKernel(initialKernel);
        Parallel.setThreads(initialThreads);
        GemmDriver.packing = GemmDriver.Packing.AUTO;
    }

    /** One GEMM problem with padded, offset operands so that strides and offsets are exercised. */
    static final class Problem {
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final float alpha;
        final float beta;
        final float[] a;
        final float[] b;
        final float[] c;
        final int aOff = 3;
        final int bOff = 5;
        final int cOff = 7;
        final int lda;
        final int ldb;
        final int ldc;

        Problem(long seed, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            SplittableRandom random = new SplittableRandom(seed);
            lda = (transA ? m : k) + 2;
            ldb = (transB ? k : n) + 1;
            ldc = n + 3;
            a = randomArray(random, aOff + (transA ? k : m) * lda);
            b = randomArray(random, bOff + (transB ? n : k) * ldb);
            c = randomArray(random, cOff + m * ldc);
        }

        float a(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float b(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run() {
            float[] out = c.clone();
            Sgemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        /** Reference in double; returns {value, bound} per element where bound = sum of |terms|. */
        double[][] reference() {
            double[] value = new double[m * n];
            double[] magnitude = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double term = (double) a(i, p) * b(p, j);
                        sum += term;
                        abs += Math.abs(term);
                    }
                    double old = beta == 0f ? 0 : (double) beta * c[cOff + i * ldc + j];
                    value[i * n + j] = alpha * sum + old;
                    magnitude[i * n + j] = Math.abs(alpha) * abs + Math.abs(old);
                }
            }
            return new double[][] {value, magnitude};
        }

        /**
         * Null when {@code out} matches the reference within float rounding ((k + 2) ulp-scale
         * relative to the sum of absolute terms) and leaves everything outside C untouched;
         * otherwise a description of the first mismatch.
         */
        String mismatch(float[] out) {
            double[][] ref = reference();
            double eps = (k + 2) * 1.2e-7;
            for (int idx = 0; idx < out.length; idx++) {
                int rel = idx - cOff;
                int i = rel >= 0 ? rel / ldc : -1;
                int j = rel >= 0 ? rel % ldc : -1;
                boolean inside = rel >= 0 && i < m && j < n;
                if (!inside) {
                    if (Float.floatToRawIntBits(out[idx]) != Float.floatToRawIntBits(c[idx])) {
                        return "element " + idx + " outside C changed from " + c[idx] + " to " + out[idx];
                    }
                    continue;
                }
                double want = ref[0][i * n + j];
                double tol = eps * ref[1][i * n + j] + 1e-30;
                if (!(Math.abs(out[idx] - want) <= tol)) {
                    return this + ": C(" + i + ", " + j + ") = " + out[idx] + " but the double loop gives " + want
                            + " (tolerance " + tol + ")";
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "gemm(transA=" + transA + ", transB=" + transB + ", m=" + m + ", n=" + n + ", k=" + k
                    + ", alpha=" + alpha + ", beta=" + beta + ")";
        }
    }

    static float[] randomArray(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** Shapes: tiny (direct path), exact tiles, ragged edges, k spanning several k blocks. */
    static List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>();
        int[][] fixed = {
            {1, 1, 1}, {2, 3, 4}, {3, 1, 7}, {1, 50, 9}, {4, 64, 1}, {4, 64, 128}, {8, 128, 64},
            {5, 65, 33}, {13, 70, 9}, {31, 127, 300}, {64, 33, 513}, {9, 200, 17}, {100, 7, 40},
            {37, 300, 260}, {33, 17, 1000}, {300, 70, 20}, {6, 1100, 30}, {64, 196, 288}, {64, 1200, 9},
        };
        for (int[] s : fixed) {
            shapes.add(s);
        }
        return shapes;
    }

    /** Every shape and transpose combination, with operands packed, read in place, or chosen by size. */
    void checkAllShapes(Sgemm.Kernel kernel) {
        Sgemm.useKernel(kernel);
        float[][] scalars = {{1f, 0f}, {-0.5f, 1f}, {2f, -0.25f}, {1f, 1f}};
        long seed = 1;
        for (GemmDriver.Packing packing : GemmDriver.Packing.values()) {
            GemmDriver.packing = packing;
            for (int[] s : shapes()) {
                for (int t = 0; t < 4; t++) {
                    float[] ab = scalars[(int) (seed % scalars.length)];
                    Problem problem = new Problem(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1]);
                    String mismatch = problem.mismatch(problem.run());
                    assertEquals(null, mismatch, kernel + " kernel, packing " + packing);
                }
            }
        }
    }

    @Test
    void scalarKernelMatchesDoubleLoopForEveryTransposeAndEdge() {
        checkAllShapes(Sgemm.Kernel.SCALAR);
    }

    @Test
    void vectorKernelMatchesDoubleLoopForEveryTransposeAndEdge() {
        checkAllShapes(Sgemm.Kernel.VECTOR);
    }

    @Test
    void comparisonRejectsAPerturbedResult() {
        Problem problem = new Problem(99, false, true, 37, 70, 260, 1f, 0f);
        float[] out = problem.run();
        assertEquals(null, problem.mismatch(out));
        int idx = problem.cOff + 20 * problem.ldc + 51;
        out[idx] += 1e-3f * Math.max(1f, Math.abs(out[idx]));
        String mismatch = problem.mismatch(out);
        assertNotNull(mismatch);
        assertTrue(mismatch.contains("C(20, 51)"), mismatch);
        float[] clobbered = problem.run();
        clobbered[problem.cOff + 5 * problem.ldc + problem.n] = 42f;   // padding between rows
        assertNotNull(problem.mismatch(clobbered));
    }

    @Test
    void scalarAndVectorKernelsAgreeWithinRounding() {
        Problem problem = new Problem(7, true, false, 70, 300, 600, 1f, 0f);
        Sgemm.useKernel(Sgemm.Kernel.SCALAR);
        float[] scalar = problem.run();
        Sgemm.useKernel(Sgemm.Kernel.VECTOR);
        float[] vector = problem.run();
        for (int i = 0; i < scalar.length; i++) {
            assertEquals(scalar[i], vector[i], 1e-4f * Math.max(1f, Math.abs(scalar[i])), "element " + i);
        }
    }

    @Test
    void productsAreCutIntoBlocksOfNearlyEqualSize() {
        // the lecture's dense-layer gradients at 2 threads: 4 column blocks of 832, 832, 832 and
        // 640 (not 1024, 1024, 1024 and 64, which left one thread twice the other's work)
        for (int[] shape : new int[][] {{64, 3136, 128}, {128, 3136, 64}, {1000, 3000, 300}, {37, 5000, 64}, {4096, 64, 64}}) {
            for (int threads : new int[] {1, 2, 3, 16}) {
                int m = shape[0], n = shape[1], k = shape[2];
                long sizes = GemmDriver.blockSizes(4, 64, m, n, k, false, true, threads);
                int mc = (int) (sizes >>> 32), nc = (int) sizes;
                int mBlocks = GemmDriver.blocks(m, mc), nBlocks = GemmDriver.blocks(n, nc);
                String what = m + " x " + n + " x " + k + " at " + threads + " threads: blocks of " + mc + " x " + nc;
                assertTrue(mc % 4 == 0 && nc % 64 == 0, what);
                if (threads == 1) {   // one task: the widest blocks
                    assertEquals(GemmDriver.roundUp(Math.min(GemmDriver.MC, m), 4), mc, what);
                    assertEquals(GemmDriver.roundUp(Math.min(GemmDriver.NC, n), 64), nc, what);
                    continue;
                }
                // the last block is at most one sliver (kernel row or column group) short of the others by block count
                assertTrue(m - (mBlocks - 1) * mc > mc - 4 * mBlocks, what + ", last row block " + (m - (mBlocks - 1) * mc));
                assertTrue(n - (nBlocks - 1) * nc > nc - 64 * nBlocks, what + ", last column block " + (n - (nBlocks - 1) * nc));
                if (2L * m * n * k >= (64L << 20)) {
                    assertTrue(mBlocks * nBlocks >= threads, what + ": a block for every thread");
                }
            }
        }
        assertEquals(832, (int) GemmDriver.blockSizes(4, 64, 64, 3136, 128, false, true, 2));
    }

    @Test
    void blocksWiderThanAnL2PanelAreSweptPanelByPanel() {
        // at one thread a block keeps all of n (up to 1024 columns); GemmDriver.panelColumns cuts
        // it into panels of B (320 columns at kc = 257 with 64-column slivers), the last one ragged
        assertTrue(GemmDriver.panelColumns(257, 64) < 700 && GemmDriver.panelColumns(257, 4) < 700);
        Parallel.setThreads(1);
        long seed = 500;
        for (Sgemm.Kernel kernel : Sgemm.Kernel.values()) {
            Sgemm.useKernel(kernel);
            for (GemmDriver.Packing packing : GemmDriver.Packing.values()) {
                GemmDriver.packing = packing;
                for (int[] s : new int[][] {{21, 700, 770}, {300, 701, 400}}) {
                    for (int t = 0; t < 4; t++) {
                        Problem problem = new Problem(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, t < 2 ? 0f : 0.5f);
                        assertEquals(null, problem.mismatch(problem.run()), kernel + " kernel, packing " + packing);
                    }
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalResults() {
        for (Sgemm.Kernel kernel : Sgemm.Kernel.values()) {
            Sgemm.useKernel(kernel);
            for (int t = 0; t < 8; t++) {
                // alpha 1 lets A be read in place; other alphas pack it
                Problem problem = new Problem(11 + t, (t & 1) != 0, (t & 2) != 0, 203, 301, 517, t < 4 ? 0.75f : 1f, 0.5f);
                Parallel.setThreads(1);
                float[] one = problem.run();
                Parallel.setThreads(2);
                float[] two = problem.run();
                Parallel.setThreads(3);
                float[] three = problem.run();
                assertArrayEquals(one, two, kernel + " " + problem);
                assertArrayEquals(one, three, kernel + " " + problem);
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNAndInfinity() {
        for (Sgemm.Kernel kernel : Sgemm.Kernel.values()) {
            Sgemm.useKernel(kernel);
            for (int size : new int[] {3, 40}) {
                float[] a = new float[size * size];
                float[] b = new float[size * size];
                java.util.Arrays.fill(a, 1f);
                java.util.Arrays.fill(b, 2f);
                float[] c = new float[size * size];
                java.util.Arrays.fill(c, Float.NaN);
                c[1] = Float.POSITIVE_INFINITY;
                Sgemm.gemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
                for (float v : c) {
                    assertEquals(2f * size, v, kernel + " size " + size);
                }
            }
        }
    }

    @Test
    void emptyInnerDimensionScalesC() {
        for (Sgemm.Kernel kernel : Sgemm.Kernel.values()) {
            Sgemm.useKernel(kernel);
            float[] c = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
            Sgemm.gemm(false, false, 4, 4, 0, 1f, new float[0], 0, 1, new float[0], 0, 4, 0.5f, c, 0, 4);
            assertEquals(0.5f, c[0]);
            assertEquals(8f, c[15]);
        }
    }

    @Test
    void kernelFollowsTheSystemProperty() {
        String forced = System.getProperty("jcnn.gemm", "");
        String expected = forced.equals("scalar") || !Sgemm.VECTOR_MODULE_PRESENT ? "scalar" : "vector";
        assertEquals(expected, initialKernel.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void badArgumentsAreRefusedWithTheNumbers() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, -1, 2, 2, 1f, new float[4], 0, 2, new float[4], 0, 2, 0f, new float[4], 0, 2));
        assertTrue(negative.getMessage().contains("m=-1"), negative.getMessage());
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 3, 1f, new float[5], 0, 3, new float[6], 0, 2, 0f, new float[4], 0, 2));
        assertTrue(tooSmall.getMessage().contains("A (2 x 3, ld 3, offset 0) needs 6 elements but its array has 5"),
                tooSmall.getMessage());
        IllegalArgumentException badLd = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 2, 1f, new float[4], 0, 2, new float[4], 0, 1, 0f, new float[4], 0, 2));
        assertTrue(badLd.getMessage().contains("leading dimension of B is 1"), badLd.getMessage());
        assertFalse(badLd.getMessage().isEmpty());
    }

    @Test
    void aProductRunInOneChunkAllocatesNothingOnceWarm() {
        // 64 x 64 x 64: packed or read in place by the driver, in one chunk (below its task size), so on the calling
        // thread; before the driver reused its operands, each product allocated two objects (about 160 bytes)
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        float[] a = new float[64 * 64];
        float[] b = new float[64 * 64];
        float[] c = new float[64 * 64];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        for (Sgemm.Kernel kernel : Sgemm.VECTOR_MODULE_PRESENT ? List.of(Sgemm.Kernel.SCALAR, Sgemm.Kernel.VECTOR)
                : List.of(Sgemm.Kernel.SCALAR)) {
            Sgemm.useKernel(kernel);
            for (int i = 0; i < 20_000; i++) {   // warm: compiled, thread-local buffers made
                Sgemm.gemm(false, false, 64, 64, 64, 1f, a, 0, 64, b, 0, 64, 0f, c, 0, 64);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) {
                Sgemm.gemm(false, i % 2 == 1, 64, 64, 64, 1f, a, 0, 64, b, 0, 64, 0f, c, 0, 64);
            }
            long bytes = mx.getCurrentThreadAllocatedBytes() - before;
            assertEquals(8f, c[0], kernel + ": 64 products of 0.5 and 0.25");
            // a little slack for a stray allocation of the JVM itself; 1,000 products at 160 bytes would be 160,000
            assertTrue(bytes < 16_000, kernel + ": 1,000 products allocated " + bytes + " bytes on the calling thread");
        }
    }
}
