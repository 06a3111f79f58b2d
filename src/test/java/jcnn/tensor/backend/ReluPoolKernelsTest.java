package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import jcnn.testing.ConvolutionSettingsRestored;
import org.junit.jupiter.api.Test;

/**
 * The ReLU loops and the 2 x 2 max pooling, on whichever path this JVM takes (the Vector API
 * kernels of {@link VectorElementwise}, or the scalar loops under {@code -Djcnn.gemm=scalar} in
 * the second surefire run), against direct scalar loops written here: same bits, same argmax,
 * on shapes whose rows do and do not fill whole vectors, at 1, 2 and 3 threads (the vector
 * stores' garbage must stay inside each thread's chunk), with ties, NaN, infinities and -0.
 */
class ReluPoolKernelsTest extends ConvolutionSettingsRestored {
    /** Few distinct values (many ties, zeros of both signs) and some NaN and infinities. */
    private static float[] awkward(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(100);
            x[i] = r < 2 ? Float.NaN : r < 4 ? Float.POSITIVE_INFINITY : r < 6 ? Float.NEGATIVE_INFINITY
                    : r < 16 ? -0.0f : r < 26 ? 0.0f : random.nextInt(5) - 2 + (r < 60 ? 0f : 0.5f);
        }
        return x;
    }

    /** The bits, every NaN as one (Java leaves a NaN's sign and payload to the hardware and the JIT's operand order); -0 stays apart from +0. */
    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToIntBits(a[i]);
        }
        return out;
    }

    @Test
    void maxPoolTwoByTwoMatchesTheDirectLoop() {
        int[][] shapes = {{37, 28, 28}, {19, 14, 14}, {13, 7, 7}, {9, 5, 9}, {5, 3, 33}, {3, 2, 2}, {7, 9, 40}, {2, 64, 66}};
        int tiesThatDecide = 0;
        for (int[] shape : shapes) {
            int planes = shape[0];
            int height = shape[1];
            int width = shape[2];
            int outHeight = height / 2;
            int outWidth = width / 2;
            float[] x = awkward(planes * height * width, 31L * height + width);
            float[] expected = new float[planes * outHeight * outWidth];
            int[] expectedArgmax = new int[expected.length];
            for (int plane = 0, o = 0; plane < planes; plane++) {
                for (int i = 0; i < outHeight; i++) {
                    for (int j = 0; j < outWidth; j++, o++) {
                        int best = -1;
                        int last = -1;
                        float max = 0;
                        for (int u = 0; u < 2; u++) {
                            for (int v = 0; v < 2; v++) {
                                int idx = plane * height * width + (2 * i + u) * width + 2 * j + v;
                                if (best < 0 || !(x[idx] <= max)) {   // a later element takes over unless <= (so NaN does)
                                    max = x[idx];
                                    best = idx;
                                }
                            }
                        }
                        for (int u = 1; u >= 0 && last < 0; u--) {   // the last maximum, for the count below
                            for (int v = 1; v >= 0; v--) {
                                int idx = plane * height * width + (2 * i + u) * width + 2 * j + v;
                                if (x[idx] == max && Float.floatToRawIntBits(x[idx]) == Float.floatToRawIntBits(max)) {
                                    last = idx;
                                    break;
                                }
                            }
                        }
                        if (last >= 0 && last != best) {
                            tiesThatDecide++;
                        }
                        expected[o] = max;
                        expectedArgmax[o] = best;
                    }
                }
            }
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                String where = planes + "x" + height + "x" + width + " at " + threads + " thread(s)";
                float[] y = new float[expected.length];
                int[] argmax = new int[expected.length];
                Pooling.maxForward(x, planes, height, width, 2, 2, outHeight, outWidth, y, argmax);
                assertArrayEquals(bits(expected), bits(y), where);
                assertArrayEquals(expectedArgmax, argmax, where);
                float[] inference = new float[expected.length];
                Pooling.maxForward(x, planes, height, width, 2, 2, outHeight, outWidth, inference, null);
                assertArrayEquals(bits(expected), bits(inference), where + ", without argmax");
            }
        }
        // the data really tests the tie rule: a last-maximum rule would route these elsewhere
        assertTrue(tiesThatDecide > 1000, "windows whose first and last maximum differ: " + tiesThatDecide);
    }

    @Test
    void reluForwardAndBackwardMatchTheScalarFormulas() {
        int n = 1000;
        float[] x = awkward(n, 3);
        float[] dy = awkward(n, 4);
        for (int from : new int[] {0, 1, 5, 17}) {
            for (int to : new int[] {from, from + 3, 333, n}) {
                float[] y = new float[n];
                Elementwise.relu(x, y, from, to);
                float[] gx = awkward(n, 5);
                float[] expectedGx = gx.clone();
                float[] expectedY = new float[n];
                for (int i = from; i < to; i++) {
                    expectedY[i] = x[i] > 0f ? x[i] : 0f;   // +0 for -0 and NaN
                    expectedGx[i] += dy[i] * (expectedY[i] > 0f ? 1f : 0f);
                }
                Elementwise.reluBackward(dy, y, gx, from, to);
                String where = "[" + from + ", " + to + ")";
                assertArrayEquals(bits(expectedY), bits(y), where);
                assertArrayEquals(bits(expectedGx), bits(gx), where + " backward");
            }
        }
        assertEquals(0, Float.floatToRawIntBits(Elementwise.relu(-0.0f)));
    }
}
