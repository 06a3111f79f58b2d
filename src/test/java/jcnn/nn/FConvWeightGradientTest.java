package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import jcnn.tensor.Tensor;
import jcnn.tensor.backend.Convolution;
import jcnn.tensor.backend.Convolution.Algorithm;
import jcnn.tensor.backend.Parallel;
import jcnn.testing.ConvolutionSettingsRestored;
import jcnn.testing.Reference;
import org.junit.jupiter.api.Test;

/**
 * The three ways the weight gradient of a convolution is computed, each against the
 * double-precision direct loops of {@link Reference}: im2col + SGEMM, Winograd F(3x3, 2x2)
 * (3x3 stride-1 kernels: the lecture's second convolution) and direct correlations of whole planes
 * (stride 1, at most 32 rows in the column matrix: the lecture's first convolution, LeNet-5's
 * first). Which one runs: {@code IM2COL} forces im2col; {@code WINOGRAD_2X2} takes Winograd for
 * every 3x3 stride-1 kernel; {@code AUTO} takes Winograd where the forward pass does, else the
 * direct correlations where they apply, else im2col. Runs on both GEMM kernels and on the scalar
 * transforms (surefire's engine-on-scalar-gemm execution).
 */
class FConvWeightGradientTest extends ConvolutionSettingsRestored {
    // N, C, H, W, C_out, kH, kW, stride, padding
    private static final int[] LECTURE_CONV1 = {8, 1, 28, 28, 32, 3, 3, 1, 1};
    private static final int[] LECTURE_CONV2 = {8, 32, 14, 14, 64, 3, 3, 1, 1};
    private static final int[] LENET_CONV1 = {8, 1, 28, 28, 6, 5, 5, 1, 2};

    /** Shapes the direct correlations take under AUTO: kernels 1, 2, 3, 5, 7, odd sizes, padding 0-3. */
    private static final int[][] DIRECT = {
        LECTURE_CONV1,
        LENET_CONV1,
        {3, 2, 9, 7, 5, 3, 3, 1, 0},
        {2, 3, 11, 13, 4, 3, 3, 1, 2},
        {4, 7, 6, 5, 3, 2, 2, 1, 1},
        {2, 30, 5, 9, 6, 1, 1, 1, 0},
        {1, 1, 12, 10, 2, 5, 5, 1, 3},
        {3, 1, 9, 9, 2, 7, 3, 1, 1},
        {2, 4, 6, 6, 3, 2, 3, 1, 0},
    };

    /** 3x3 stride-1 shapes for Winograd: not multiples of a tile, padding 0-2, one image. */
    private static final int[][] WINOGRAD = {
        LECTURE_CONV2,
        {3, 5, 9, 7, 6, 3, 3, 1, 1},
        {2, 17, 11, 13, 18, 3, 3, 1, 0},
        {1, 20, 6, 5, 24, 3, 3, 1, 2},
        {5, 2, 3, 3, 3, 3, 3, 1, 1},
        {2, 4, 3, 4, 2, 3, 3, 1, 0},
    };

    @Test
    void everyPathMatchesTheDirectLoops() {
        for (Algorithm a : new Algorithm[] {Algorithm.AUTO, Algorithm.IM2COL}) {
            Convolution.setAlgorithm(a);
            FConvTest.assertConv2dMatchesDirectLoops(DIRECT, 300, 1e-4);
        }
        for (Algorithm a : new Algorithm[] {Algorithm.AUTO, Algorithm.WINOGRAD_2X2, Algorithm.IM2COL}) {
            Convolution.setAlgorithm(a);
            FConvTest.assertConv2dMatchesDirectLoops(WINOGRAD, 400, 1e-4);
        }
    }

    /**
     * The error of each path relative to {@code sum |dy| |x|} over the terms of each weight's
     * gradient (the scale at which a float sum of those products is rounded), on the lecture's
     * shapes, batch 8: measured 4.8e-8 (im2col, conv2), 4.3e-8 (Winograd, conv2), 1.1e-8 and
     * 1.2e-8 (direct, conv1 and LeNet-5's conv1) with the vector kernels; stated bound 2e-7.
     */
    @Test
    void eachPathStaysWithinItsStatedErrorBound() {
        double bound = 2e-7;
        Convolution.setAlgorithm(Algorithm.IM2COL);
        double im2col = scaledError(LECTURE_CONV2, 500);
        double im2colSmall = scaledError(LECTURE_CONV1, 510);
        Convolution.setAlgorithm(Algorithm.WINOGRAD_2X2);
        double winograd = scaledError(LECTURE_CONV2, 500);
        Convolution.setAlgorithm(Algorithm.AUTO);
        double direct = scaledError(LECTURE_CONV1, 510);
        double directLenet = scaledError(LENET_CONV1, 520);
        String measured = "im2col " + im2col + " / " + im2colSmall + ", Winograd " + winograd + ", direct " + direct
                + " / " + directLenet;
        for (double e : new double[] {im2col, im2colSmall, winograd, direct, directLenet}) {
            assertTrue(e > 0 && e <= bound, "error of sum|dy||x| above the bound " + bound + ": " + measured);
        }
    }

    private static double scaledError(int[] c, long seed) {
        Tensor x = Tensor.randn(seed, c[0], c[1], c[2], c[3]).requiresGrad();
        Tensor w = Tensor.randn(seed + 1, c[4], c[1], c[5], c[6]).requiresGrad();
        Tensor y = F.conv2d(x, w, null, c[7], c[8]);
        Tensor dy = Tensor.randn(seed + 2, y.shape());
        y.backward(dy);
        double[] exact = Reference.conv2dBackward(x, w, dy, c[7], c[8])[1];
        double[] scale = Reference.conv2dBackward(abs(x), abs(w), abs(dy), c[7], c[8])[1];
        float[] actual = w.grad().toArray();
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            worst = Math.max(worst, Math.abs(exact[i] - actual[i]) / scale[i]);
        }
        return worst;
    }

    private static float[] weightGradient(int[] c, long seed) {
        Tensor x = Tensor.randn(seed, c[0], c[1], c[2], c[3]);
        Tensor w = Tensor.randn(seed + 1, c[4], c[1], c[5], c[6]).requiresGrad();
        Tensor y = F.conv2d(x, w, null, c[7], c[8]);
        y.backward(Tensor.randn(seed + 2, y.shape()));
        return w.grad().toArray();
    }

    /** Otherwise the tests above could pass by running im2col three times. */
    @Test
    void thePathsReallyAreDifferentComputationsAndTheRulePicksTheMeasuredOne() {
        Convolution.setAlgorithm(Algorithm.IM2COL);
        String im2col1 = Arrays.toString(weightGradient(LECTURE_CONV1, 600));
        String im2col2 = Arrays.toString(weightGradient(LECTURE_CONV2, 610));
        String im2colBig = Arrays.toString(weightGradient(new int[] {4, 8, 10, 10, 8, 3, 3, 1, 1}, 620));
        Convolution.setAlgorithm(Algorithm.WINOGRAD_2X2);
        String winograd1 = Arrays.toString(weightGradient(LECTURE_CONV1, 600));
        String winograd2 = Arrays.toString(weightGradient(LECTURE_CONV2, 610));
        Convolution.setAlgorithm(Algorithm.AUTO);
        String auto1 = Arrays.toString(weightGradient(LECTURE_CONV1, 600));
        String auto2 = Arrays.toString(weightGradient(LECTURE_CONV2, 610));
        String autoBig = Arrays.toString(weightGradient(new int[] {4, 8, 10, 10, 8, 3, 3, 1, 1}, 620));
        assertNotEquals(im2col1, auto1, "conv1: AUTO takes the direct correlations, not im2col");
        assertNotEquals(winograd1, auto1, "conv1: AUTO takes the direct correlations, not Winograd");
        assertNotEquals(im2col2, winograd2, "conv2: Winograd and im2col differ");
        assertTrue(winograd2.equals(auto2), "conv2: AUTO takes Winograd");
        assertTrue(im2colBig.equals(autoBig), "8 -> 8 channels (72 rows, no Winograd): AUTO takes im2col");
    }

    @Test
    void everyPathIsBitIdenticalWithOneAndTwoThreads() {
        int[][] shapes = {{12, 2, 14, 14, 8, 3, 3, 1, 1}, {12, 1, 12, 12, 4, 5, 5, 1, 2}, {12, 16, 10, 10, 24, 3, 3, 1, 1}};
        for (Algorithm a : new Algorithm[] {Algorithm.AUTO, Algorithm.IM2COL, Algorithm.WINOGRAD_2X2}) {
            Convolution.setAlgorithm(a);
            for (int[] c : shapes) {
                Parallel.setThreads(1);
                float[] one = weightGradient(c, 700);
                Parallel.setThreads(2);
                float[] two = weightGradient(c, 700);
                assertArrayEquals(one, two, a + ", shape " + Arrays.toString(c) + ": 1 and 2 threads differ");
            }
        }
    }
}
