package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The branch-free 2 x 2 max-pool path gives the same maxima and argmax as a direct loop. */
class PoolingFastPathTest {
    @Test
    void twoByTwoMaxPoolMatchesTheDirectLoopIncludingTiesAndArgmax() {
        int planes = 3;
        int height = 6;
        int width = 8;
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[planes * height * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(4);   // few distinct values: many ties
        }
        x[10] = Float.NaN;
        x[20] = -0.0f;
        x[21] = 0.0f;
        x[28] = 0.0f;
        x[29] = 0.0f;
        int outHeight = height / 2;
        int outWidth = width / 2;
        float[] y = new float[planes * outHeight * outWidth];
        int[] argmax = new int[y.length];
        Pooling.maxForward(x, planes, height, width, 2, 2, outHeight, outWidth, y, argmax);

        float[] expectedY = new float[y.length];
        int[] expectedArgmax = new int[y.length];
        for (int plane = 0, o = 0; plane < planes; plane++) {
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++, o++) {
                    int best = -1;
                    float max = 0;
                    for (int u = 0; u < 2; u++) {
                        for (int v = 0; v < 2; v++) {
                            int idx = plane * height * width + (2 * i + u) * width + 2 * j + v;
                            // first element, or strictly greater (a NaN also takes over, as in the general path)
                            if (best < 0 || !(x[idx] <= max)) {
                                max = x[idx];
                                best = idx;
                            }
                        }
                    }
                    expectedY[o] = max;
                    expectedArgmax[o] = best;
                }
            }
        }
        assertArrayEquals(expectedY, y);
        assertArrayEquals(expectedArgmax, argmax);
    }
}
