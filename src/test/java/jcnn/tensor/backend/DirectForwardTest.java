package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import jcnn.tensor.Tensor;
import jcnn.testing.ConvolutionSettingsRestored;
import jcnn.testing.Reference;
import org.junit.jupiter.api.Test;

/**
 * The direct forward pass of convolutions with few column rows ({@link Convolution#forwardDirect}):
 * the same bits as im2col + SGEMM (which it replaces, so a model's outputs do not depend on the
 * path), and close to {@link Reference#conv2d}, the direct loop in double, at 1 and 2 threads; with bias or without,
 * ReLU on the store or not. Under {@code -Djcnn.gemm=scalar} (the second surefire run) the direct
 * path is off and the test checks that it is.
 */
class DirectForwardTest extends ConvolutionSettingsRestored {
    /** {batch, cin, h, w, cout, kh, kw, pad}. */
    private static final int[][] SHAPES = {
        {6, 1, 28, 28, 32, 3, 3, 1},    // the lecture's first convolution
        {5, 1, 28, 28, 6, 5, 5, 2},     // LeNet-5's first
        {3, 3, 13, 17, 8, 3, 3, 0},     // k = 27, rows that are not whole vectors
        {4, 2, 9, 35, 5, 4, 4, 1},      // k = 32, an even kernel
        {2, 1, 40, 20, 7, 3, 2, 2},     // a tall image, padding wider than needed
        {3, 1, 6, 6, 4, 3, 3, 1},       // one image's GEMM takes SGEMM's direct loop: im2col stays
    };

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void directForwardHasIm2colsBitsAndMatchesADoubleLoop() {
        boolean vector = ConvKernels.vector() && Sgemm.vectorKernel();
        for (int[] s : SHAPES) {
            int batch = s[0], cin = s[1], h = s[2], w = s[3], co = s[4], kh = s[5], kw = s[6], pad = s[7];
            int oh = h + 2 * pad - kh + 1;
            int ow = w + 2 * pad - kw + 1;
            Convolution.Geometry g = new Convolution.Geometry(batch, cin, h, w, co, kh, kw, 1, pad, oh, ow);
            Convolution.setAlgorithm(Convolution.Algorithm.AUTO);
            assertEquals(vector && !Convolution.perImageGemmIsDirect(g), Convolution.directForward(g), "direct path taken for " + g);
            float[] x = random(batch * cin * h * w, 1);
            float[] wt = random(co * cin * kh * kw, 2);
            float[] bias = random(co, 3);
            double worst = 0;
            for (boolean relu : new boolean[] {false, true}) {
                for (float[] b : new float[][] {null, bias}) {
                    Convolution.setAlgorithm(Convolution.Algorithm.IM2COL);
                    float[] expected = new float[batch * co * oh * ow];
                    Convolution.forward(g, x, wt, b, expected, relu);
                    for (int threads : new int[] {1, 2}) {
                        Parallel.setThreads(threads);
                        Convolution.setAlgorithm(Convolution.Algorithm.AUTO);
                        float[] y = new float[expected.length];
                        java.util.Arrays.fill(y, Float.NaN);   // every element must be written
                        Convolution.forward(g, x, wt, b, y, relu);
                        assertArrayEquals(expected, y, g + " relu " + relu + " bias " + (b != null) + ", " + threads + " thread(s)");
                    }
                    // an independent reference: the definition in double, and the same sum over |terms| for the scale
                    Tensor bt = b == null ? null : Tensor.of(b, co);
                    double[] exact = Reference.conv2d(Tensor.of(x, batch, cin, h, w), Tensor.of(wt, co, cin, kh, kw), bt, 1, pad).values();
                    double[] scale = Reference.conv2d(abs(Tensor.of(x, batch, cin, h, w)), abs(Tensor.of(wt, co, cin, kh, kw)),
                            bt == null ? null : abs(bt), 1, pad).values();
                    for (int i = 0; i < exact.length; i++) {
                        double want = relu ? Math.max(exact[i], 0) : exact[i];
                        worst = Math.max(worst, Math.abs(expected[i] - want) / Math.max(scale[i], 1e-30));
                    }
                }
            }
            // float32 sums of at most 33 terms: relative to the sum of magnitudes, a few ulps
            assertTrue(worst < 1e-6, g + ": error relative to the sum of magnitudes " + worst);
        }
    }
}
