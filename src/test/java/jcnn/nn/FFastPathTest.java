package jcnn.nn;

import static jcnn.testing.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;

/**
 * The speed-oriented code paths (convolution over chunks of several images, branch-free relu and
 * dropout, the unrolled 2x2 max-pool) against direct definitions, on the sizes that select them.
 */
class FFastPathTest {
    @Test
    void convolutionOverChunksOfSeveralImagesMatchesTheDirectLoopForwardAndBackward() {
        // batch 37: chunks of 3 images (the last one has 1), so images sit side by side in one GEMM;
        // batch 18 and 20: chunks of 2 images
        int[][] cases = {
            // N, C, H, W, C_out, kH, kW, stride, padding
            {37, 2, 9, 7, 5, 3, 3, 1, 1},
            {20, 3, 9, 11, 4, 3, 3, 2, 1},
            // 24x24 outputs: the forward pass computes each image straight into y
            {18, 2, 24, 24, 3, 3, 3, 1, 1},
            // more filters (12) than weights per filter (9): the weight gradient as its transpose
            {21, 1, 8, 8, 12, 3, 3, 1, 1},
        };
        FConvTest.assertConv2dMatchesDirectLoops(cases, 900, 2e-4);
    }

    @Test
    void reluOfSpecialValuesAndItsGradientFollowTheDefinition() {
        float tiny = Float.MIN_VALUE;
        float[] x = {Float.NaN, -0f, 0f, tiny, -tiny, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2.5f, -3f};
        Tensor t = Tensor.of(x, x.length).requiresGrad();
        Tensor y = F.relu(t);
        float[] expectedY = {0f, 0f, 0f, tiny, 0f, Float.POSITIVE_INFINITY, 0f, 2.5f, 0f};
        for (int i = 0; i < x.length; i++) {
            // bit patterns: relu(-0) must be +0, not -0
            assertEquals(Float.floatToIntBits(expectedY[i]), Float.floatToIntBits(TensorInternals.data(y)[i]), "relu(" + x[i] + ")");
        }
        y.backward(Tensor.full(3f, x.length));
        assertArrayEquals(new float[] {0f, 0f, 0f, 3f, 0f, 3f, 0f, 3f, 0f}, t.grad().toArray());
    }

    @Test
    void dropoutKeepsExactlyTheUnitsWhoseUniformNumberIsAtLeastP() {
        int n = 20_000;   // large enough for the parallel path
        Tensor x = Tensor.ones(n);
        for (float p : new float[] {0.5f, 0.3f, 0.1f, 0.9f, 1e-7f}) {
            float[] y = F.dropout(x, p, true, 77L).toArray();
            float scale = 1f / (1f - p);
            for (int i = 0; i < n; i++) {
                float expected = F.uniform(77L, i) >= p ? scale : 0f;
                if (expected != y[i]) {
                    assertEquals(expected, y[i], "p = " + p + ", element " + i);
                }
            }
        }
    }

    @Test
    void maxPool2x2FollowsTheWindowRuleOnTiesSignedZerosAndNaN() {
        // the rule of the general window loop: scan row by row, a value replaces the current
        // maximum unless it is <= it (so ties keep the first, +0 then -0 keeps +0, and a NaN
        // wins when it comes later but is replaced by the next number)
        float nan = Float.NaN;
        float[] x = {
            1, 1, 5, 2, 0, -0f, nan, 7,
            1, 0, 5, 3, -0f, 0, 1, 2,
            -1, -2, 4, 4, 2, nan, 3, 3,
            -3, -1, 4, 4, 2, 1, 3, 9,
        };
        Tensor t = Tensor.of(x, 1, 1, 4, 8).requiresGrad();
        Tensor y = F.maxPool2d(t, 2, 2);
        assertArrayEquals(new float[] {1, 5, 0, 7, -1, 4, 2, 9}, y.toArray());
        y.backward(Tensor.ones(1, 1, 2, 4));
        float[] expectedGrad = new float[x.length];
        for (int i : new int[] {0, 2, 4, 7, 16, 18, 28, 31}) {
            expectedGrad[i] = 1f;
        }
        assertArrayEquals(expectedGrad, t.grad().toArray());
    }

    @Test
    void maxPool2x2MatchesTheWindowRuleOnRandomMapsWithNaNsAndInfinities() {
        int n = 3, c = 5, h = 12, w = 10;
        float[] x = Tensor.randn(41, n, c, h, w).toArray();
        for (int i = 0; i < x.length; i += 17) {
            x[i] = Float.NaN;
        }
        for (int i = 5; i < x.length; i += 23) {
            x[i] = i % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        // a window of four -infinity and one of two +infinity: the first one wins
        for (int i : new int[] {0, 1, 10, 11}) {
            x[i] = Float.NEGATIVE_INFINITY;
        }
        x[13] = Float.POSITIVE_INFINITY;
        x[22] = Float.POSITIVE_INFINITY;
        x[12] = 1f;
        x[23] = 2f;
        Tensor t = Tensor.of(x, n, c, h, w).requiresGrad();
        Tensor pooled = F.maxPool2d(t, 2, 2);
        float[] y = pooled.toArray();
        pooled.backward(Tensor.ones(pooled.shape()));
        float[] grad = t.grad().toArray();
        float[] expectedGrad = new float[x.length];
        int ho = h / 2;
        int wo = w / 2;
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    int best = p * h * w + 2 * i * w + 2 * j;
                    float max = x[best];
                    for (int u = 0; u < 2; u++) {
                        for (int v = 0; v < 2; v++) {
                            int idx = p * h * w + (2 * i + u) * w + 2 * j + v;
                            if (!(x[idx] <= max)) {
                                max = x[idx];
                                best = idx;
                            }
                        }
                    }
                    expectedGrad[best] = 1f;
                    assertEquals(Float.floatToIntBits(max), Float.floatToIntBits(y[(p * ho + i) * wo + j]),
                            "plane " + p + " window " + i + "," + j);
                }
            }
        }
        assertArrayEquals(expectedGrad, grad, "the gradient goes to the window's first maximum");
    }

    @Test
    void linearMatchesADoubleLoopWhenOutputsOutnumberTheBatchAndWhenNot() {
        // (batch, in, out): the first two take the transposed product, the last two the direct one
        int[][] cases = {{8, 50, 40}, {5, 7, 5}, {40, 30, 8}, {2, 6, 9}};
        long seed = 70;
        for (int[] c : cases) {
            Tensor x = Tensor.randn(seed++, c[0], c[1]);
            Tensor w = Tensor.randn(seed++, c[2], c[1]);
            Tensor b = Tensor.randn(seed++, c[2]);
            for (Tensor bias : new Tensor[] {b, null}) {
                double[] expected = new double[c[0] * c[2]];
                for (int i = 0; i < c[0]; i++) {
                    for (int j = 0; j < c[2]; j++) {
                        double s = bias == null ? 0 : TensorInternals.data(bias)[j];
                        for (int p = 0; p < c[1]; p++) {
                            s += (double) TensorInternals.data(x)[i * c[1] + p] * TensorInternals.data(w)[j * c[1] + p];
                        }
                        expected[i * c[2] + j] = s;
                    }
                }
                assertClose(expected, F.linear(x, w, bias).toArray(), 1e-4);
            }
        }
    }

    @Test
    void anImagesConvolutionDoesNotDependOnTheBatchItCameIn() {
        // C_in 8 -> 16: one image is already a blocked GEMM, so a batch of 40 is folded into
        // chunks of 3; C_in 3 -> 8: a single image takes SGEMM's direct loop, so no folding
        for (int[] c : new int[][] {{8, 16}, {3, 8}}) {
            Tensor batch = Tensor.randn(c[0], 40, c[0], 10, 10);
            Tensor w = Tensor.randn(c[0] + 1, c[1], c[0], 3, 3);
            Tensor b = Tensor.randn(c[0] + 2, c[1]);
            float[] all = F.conv2d(batch, w, b, 1, 1).toArray();
            int size = c[0] * 100;
            int outSize = c[1] * 100;
            for (int n : new int[] {0, 37, 39}) {
                Tensor one = Tensor.of(java.util.Arrays.copyOfRange(batch.toArray(), n * size, (n + 1) * size), 1, c[0], 10, 10);
                assertArrayEquals(java.util.Arrays.copyOfRange(all, n * outSize, (n + 1) * outSize),
                        F.conv2d(one, w, b, 1, 1).toArray(), "image " + n + ", " + c[0] + " -> " + c[1] + " channels");
            }
        }
    }
}
