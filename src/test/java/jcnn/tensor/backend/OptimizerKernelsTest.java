package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The optimizer kernels (Vector API when the module is present, else scalar; this class also runs
 * in the scalar-GEMM surefire execution) give the same bits as the plain scalar loop, for lengths
 * with a ragged vector tail and for parameters large enough to be split across threads, with 1
 * and 2 threads.
 */
class OptimizerKernelsTest {
    @Test
    void adamMatchesTheScalarLoopBitForBitWithOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                for (int n : new int[] {1, 15, 17, 1000, OptimizerKernels.PARALLEL_MIN + 37, 401_408}) {
                    Random r = new Random(n);
                    float[] w = random(r, n, 1);
                    float[] m = random(r, n, 0.01f);
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.abs(r.nextFloat()) * 1e-4f;
                    }
                    float[] w2 = w.clone();
                    float[] m2 = m.clone();
                    float[] v2 = v.clone();
                    for (int step = 0; step < 3; step++) {
                        float[] g = random(r, n, 0.1f);
                        OptimizerKernels.adam(w, g, m, v, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1e-8f);
                        OptimizerKernels.adamScalar(w2, g, m2, v2, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1e-8f);
                    }
                    String what = OptimizerKernels.kernelName() + " kernel, n = " + n + ", threads " + threads;
                    assertArrayEquals(w2, w, what + ": weights");
                    assertArrayEquals(m2, m, what + ": first moments");
                    assertArrayEquals(v2, v, what + ": second moments");
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void adamWAndRmspropMatchTheirScalarLoopsBitForBitWithOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                for (int n : new int[] {1, 15, 17, 1000, OptimizerKernels.PARALLEL_MIN + 37}) {
                    Random r = new Random(n);
                    float[] w = random(r, n, 1);
                    float[] m = random(r, n, 0.01f);
                    float[] v = new float[n];
                    float[] b = random(r, n, 0.01f);
                    float[] w2 = w.clone(), m2 = m.clone(), v2 = v.clone(), b2 = b.clone();
                    float[] w3 = w.clone(), s3 = new float[n], w4 = w.clone(), s4 = new float[n];
                    for (int step = 0; step < 3; step++) {
                        float[] g = random(r, n, 0.1f);
                        OptimizerKernels.adamW(w, g, m, v, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1e-8f, 0.999f);
                        OptimizerKernels.adamWScalar(w2, g, m2, v2, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1e-8f, 0.999f);
                        OptimizerKernels.rmsprop(w3, g, s3, b, 0.9f, 0.1f, 0.5f, 1e-2f, 1e-8f);
                        OptimizerKernels.rmspropScalar(w4, g, s4, b2, 0.9f, 0.1f, 0.5f, 1e-2f, 1e-8f, 0, n);
                    }
                    String what = OptimizerKernels.kernelName() + " kernel, n = " + n + ", threads " + threads;
                    assertArrayEquals(w2, w, what + ": adamW weights");
                    assertArrayEquals(v2, v, what + ": adamW second moments");
                    assertArrayEquals(w4, w3, what + ": rmsprop weights");
                    assertArrayEquals(s4, s3, what + ": rmsprop mean squares");
                    assertArrayEquals(b2, b, what + ": rmsprop momentum");
                    float[] w5 = w3.clone(), s5 = s3.clone(), w6 = w3.clone(), s6 = s3.clone();
                    float[] g = random(r, n, 0.1f);
                    OptimizerKernels.rmsprop(w5, g, s5, null, 0.99f, 0.01f, 0, 1e-2f, 1e-8f);
                    OptimizerKernels.rmspropScalar(w6, g, s6, null, 0.99f, 0.01f, 0, 1e-2f, 1e-8f, 0, n);
                    assertArrayEquals(w6, w5, what + ": rmsprop without momentum");
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void mismatchedLengthsAreAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerKernels.adam(new float[3], new float[2], new float[3], new float[3], 0.9f, 0.1f, 0.999f, 0.001f, 1, 1e-8f));
        org.junit.jupiter.api.Assertions.assertEquals(
                "adam: the weights (3), gradient (2) and moments (3, 3) must have the same length", e.getMessage());
    }

    private static float[] random(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian() * scale;
        }
        return a;
    }
}
