package jcnn.nn;

import static jcnn.testing.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jcnn.tensor.Tensor;
import jcnn.testing.GradientCheck;
import jcnn.testing.Reference;
import org.junit.jupiter.api.Test;

class FConvTest {
    private static final float[] LECTURE_IMAGE = {
        1, 1, 1, 0, 0,
        0, 1, 1, 1, 0,
        0, 0, 1, 1, 1,
        0, 0, 1, 1, 0,
        0, 1, 1, 0, 0};
    private static final float[] LECTURE_KERNEL = {
        1, 0, 1,
        0, 1, 0,
        1, 0, 1};

    @Test
    void lectureBinaryImageConvolvedWithTheXKernelGivesTheLectureFeatureMap() {
        Tensor image = Tensor.of(LECTURE_IMAGE, 1, 1, 5, 5);
        Tensor kernel = Tensor.of(LECTURE_KERNEL, 1, 1, 3, 3);
        Tensor map = F.conv2d(image, kernel, null, 1, 0);
        assertArrayEquals(new int[] {1, 1, 3, 3}, map.shape());
        assertArrayEquals(new float[] {4, 3, 4, 2, 4, 3, 2, 3, 4}, map.toArray());
        assertEquals("4 3 4\n2 4 3\n2 3 4", map.reshape(3, 3).toString());
    }

    @Test
    void lectureRgbImageWithOneFilterGives28x28x1AndTwoFiltersGive28x28x2() {
        Tensor image = Tensor.randn(1, 1, 3, 32, 32);
        Tensor one = Tensor.randn(2, 1, 3, 5, 5);
        Tensor two = Tensor.randn(3, 2, 3, 5, 5);
        Tensor b = Tensor.of(new float[] {0.5f, -1f}, 2);
        Tensor y1 = F.conv2d(image, one, null, 1, 0);
        Tensor y2 = F.conv2d(image, two, b, 1, 0);
        assertArrayEquals(new int[] {1, 1, 28, 28}, y1.shape());
        assertArrayEquals(new int[] {1, 2, 28, 28}, y2.shape());
        assertClose(Reference.conv2d(image, one, null, 1, 0), y1, 1e-5);
        assertClose(Reference.conv2d(image, two, b, 1, 0), y2, 1e-5);
    }

    @Test
    void lecturePaddedStrideTwoExampleGives3x3x2MatchingADirectLoop() {
        // the lecture's figure: a 5x5x3 input of small integers, two 3x3x3 filters of -1/0/1,
        // biases 1 and 0, padding 1, stride 2
        Tensor x = integers(7, 3, 0, 2, 1, 3, 5, 5);
        Tensor w = integers(8, 3, -1, 1, 2, 3, 3, 3);
        Tensor b = Tensor.of(new float[] {1, 0}, 2);
        Tensor y = F.conv2d(x, w, b, 2, 1);
        assertArrayEquals(new int[] {1, 2, 3, 3}, y.shape());
        // an independent loop for the first output: sum over depth slices plus bias
        float[] xv = x.toArray();
        float[] wv = w.toArray();
        double first = 1;
        for (int c = 0; c < 3; c++) {
            for (int u = 0; u < 3; u++) {
                for (int v = 0; v < 3; v++) {
                    int yy = u - 1;
                    int xx = v - 1;
                    if (yy >= 0 && xx >= 0) {
                        first += wv[(c * 3 + u) * 3 + v] * xv[(c * 5 + yy) * 5 + xx];
                    }
                }
            }
        }
        assertEquals(first, y.get(0, 0, 0, 0), 0.0);
        // integer inputs: the sums are exact in float, so equality is exact
        assertArrayEquals(Reference.conv2d(x, w, b, 2, 1).toFloats(), y.toArray());
    }

    @Test
    void fastPathMatchesTheDirectLoopOnRandomShapes() {
        int[][] cases = {
            // N, C, H, W, C_out, kH, kW, stride, padding
            {1, 1, 5, 5, 1, 3, 3, 1, 0},
            {2, 3, 7, 7, 4, 3, 3, 2, 0},
            {3, 2, 6, 9, 3, 3, 2, 1, 1},
            {2, 3, 9, 7, 2, 5, 3, 2, 2},
            {1, 4, 8, 8, 5, 1, 1, 1, 0},
            {4, 1, 11, 5, 2, 3, 5, 2, 1},
            {2, 2, 4, 4, 3, 4, 4, 1, 0},
        };
        long seed = 100;
        for (int[] c : cases) {
            Tensor x = Tensor.randn(seed++, c[0], c[1], c[2], c[3]);
            Tensor w = Tensor.randn(seed++, c[4], c[1], c[5], c[6]);
            Tensor b = Tensor.randn(seed++, c[4]);
            assertClose(Reference.conv2d(x, w, b, c[7], c[8]), F.conv2d(x, w, b, c[7], c[8]), 1e-5);
            assertClose(Reference.conv2d(x, w, null, c[7], c[8]), F.conv2d(x, w, null, c[7], c[8]), 1e-5);
        }
    }

    @Test
    void conv2dBackwardMatchesTheDirectLoopOnLargerShapes() {
        int[][] cases = {
            // N, C, H, W, C_out, kH, kW, stride, padding
            {3, 3, 9, 11, 4, 3, 3, 2, 1},
            {2, 2, 8, 6, 3, 5, 3, 1, 2},
            {5, 1, 28, 28, 4, 3, 3, 1, 1},
        };
        assertConv2dMatchesDirectLoops(cases, 500, 1e-4);
    }

    /**
     * {@code F.conv2d}'s output and its three gradients against the direct loops of
     * {@link Reference}, for each case {@code {N, C, H, W, C_out, kH, kW, stride, padding}}.
     */
    static void assertConv2dMatchesDirectLoops(int[][] cases, long seed, double weightGradTolerance) {
        assertConv2dMatchesDirectLoops(cases, seed, 1e-4, weightGradTolerance);
    }

    /** As above with {@code tolerance} for the output, the input gradient and the bias gradient. */
    static void assertConv2dMatchesDirectLoops(int[][] cases, long seed, double tolerance, double weightGradTolerance) {
        for (int[] c : cases) {
            Tensor x = Tensor.randn(seed++, c[0], c[1], c[2], c[3]).requiresGrad();
            Tensor w = Tensor.randn(seed++, c[4], c[1], c[5], c[6]).requiresGrad();
            Tensor b = Tensor.randn(seed++, c[4]).requiresGrad();
            Tensor y = F.conv2d(x, w, b, c[7], c[8]);
            assertClose(Reference.conv2d(x, w, b, c[7], c[8]), y, tolerance);
            Tensor dy = Tensor.randn(seed++, y.shape());
            y.backward(dy);
            double[][] expected = Reference.conv2dBackward(x, w, dy, c[7], c[8]);
            assertClose(expected[0], x.grad().toArray(), tolerance);
            assertClose(expected[1], w.grad().toArray(), weightGradTolerance);
            assertClose(expected[2], b.grad().toArray(), tolerance);
        }
    }

    @Test
    void conv2dBackwardMatchesCentralDifferences() {
        Tensor x = Tensor.randn(21, 2, 2, 5, 4);
        Tensor w = Tensor.randn(22, 3, 2, 3, 2);
        Tensor b = Tensor.randn(23, 3);
        GradientCheck.check(t -> F.conv2d(t[0], t[1], t[2], 1, 1), x, w, b);
    }

    @Test
    void conv2dBackwardWithStrideTwoAndPaddingMatchesCentralDifferences() {
        Tensor x = Tensor.randn(24, 2, 2, 7, 5);
        Tensor w = Tensor.randn(25, 2, 2, 3, 3);
        Tensor b = Tensor.randn(26, 2);
        GradientCheck.check(t -> F.conv2d(t[0], t[1], t[2], 2, 1), x, w, b);
    }

    @Test
    void conv2dInputGradientIsTheFullCorrelationWithTheFlippedKernel() {
        // independent of col2im: for stride 1, no padding, dL/dx = sum over windows covering x
        Tensor x = Tensor.randn(27, 1, 1, 4, 4).requiresGrad();
        Tensor w = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        F.conv2d(x, w, null, 1, 0).sum().backward();
        // each input gets the sum of the kernel weights that touch it
        float[] expected = {
            1, 3, 3, 2,
            4, 10, 10, 6,
            4, 10, 10, 6,
            3, 7, 7, 4};
        assertArrayEquals(expected, x.grad().toArray());
    }

    @Test
    void locallyConnectedMatchesTheDirectLoop() {
        int[][] cases = {
            // N, C, H, W, C_out, kH, kW, stride, padding
            {2, 2, 5, 5, 3, 3, 3, 1, 0},
            {1, 3, 6, 7, 2, 2, 3, 2, 1},
        };
        long seed = 200;
        for (int[] c : cases) {
            int ho = Conv.outSize(c[2], c[5], c[8], c[7]);
            int wo = Conv.outSize(c[3], c[6], c[8], c[7]);
            Tensor x = Tensor.randn(seed++, c[0], c[1], c[2], c[3]);
            Tensor w = Tensor.randn(seed++, ho, wo, c[4], c[1], c[5], c[6]);
            Tensor b = Tensor.randn(seed++, c[4], ho, wo);
            assertClose(Reference.locallyConnected2d(x, w, b, c[7], c[8]), F.locallyConnected2d(x, w, b, c[7], c[8]), 1e-5);
        }
    }

    @Test
    void locallyConnectedWithIdenticalWeightsEverywhereEqualsConvolution() {
        Tensor x = Tensor.randn(31, 2, 2, 5, 5);
        Tensor kernel = Tensor.randn(32, 3, 2, 3, 3);
        float[] shared = new float[3 * 3 * kernel.numel()];
        for (int p = 0; p < 9; p++) {
            System.arraycopy(kernel.toArray(), 0, shared, p * kernel.numel(), kernel.numel());
        }
        Tensor local = Tensor.of(shared, 3, 3, 3, 2, 3, 3);
        assertArrayEquals(F.conv2d(x, kernel, null, 1, 0).toArray(), F.locallyConnected2d(x, local, null, 1, 0).toArray(), 1e-5f);
    }

    @Test
    void locallyConnectedBackwardMatchesCentralDifferences() {
        Tensor x = Tensor.randn(41, 2, 2, 4, 5);
        Tensor w = Tensor.randn(42, 3, 3, 2, 2, 2, 3);
        Tensor b = Tensor.randn(43, 2, 3, 3);
        GradientCheck.check(t -> F.locallyConnected2d(t[0], t[1], t[2], 2, 1), x, w, b);
    }

    /** Seeded integers in [low, high]. */
    static Tensor integers(long seed, int unused, int low, int high, int... shape) {
        Tensor u = Tensor.rand(seed, shape);
        float[] v = u.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (float) Math.floor(v[i] * (high - low + 1));
        }
        return Tensor.of(v, shape);
    }
}
