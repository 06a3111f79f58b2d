package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link ConvKernels#interleave}, which writes the forward pass's maps from Winograd's polyphase
 * planes: against its definition written here as a plain loop, bit for bit (NaN, -0 and
 * infinities through the ReLU included), for maps below, at and past a vector's lanes, odd and
 * even, with and without room after the planes (without, nothing may be read past them), and
 * nothing written outside the map; and against {@link ConvKernels#gather} with
 * {@link Winograd#interleaveMap}, which it replaced in the forward pass. Runs on the Vector API
 * kernel and, in the second surefire run ({@code -Djcnn.gemm=scalar}), on the scalar loop.
 */
class InterleaveKernelTest {
    private static final int[][] SHAPES = {{1, 1}, {2, 2}, {3, 5}, {4, 4}, {5, 33}, {7, 7}, {8, 16}, {14, 14}, {16, 40},
            {28, 28}, {10, 6}};
    private static final int GUARD = 40;

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        float[] special = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(8) == 0 ? special[r.nextInt(special.length)] : (float) r.nextGaussian();
        }
        return a;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            int k = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    () -> what + " (" + ConvKernels.kernelName() + "): element " + k + " differs");
        }
    }

    @Test
    void interleaveWritesEveryModeByItsDefinitionAndNothingOutsideTheMap() {
        for (int[] shape : SHAPES) {
            int oh = shape[0], ow = shape[1];
            int tilesH = (oh + 1) / 2, tilesW = (ow + 1) / 2;
            for (int slack : new int[] {0, 3, 64}) {
                int ps = tilesH * tilesW + slack;
                int srcOff = 5;
                // with slack 0 the last plane ends the array: nothing may be read past it
                float[] src = values(srcOff + 4 * ps, oh * 100 + ow);
                for (int mode : new int[] {ConvKernels.STORE, ConvKernels.STORE_RELU}) {
                    int dstOff = GUARD;
                    float[] dst = values(dstOff + oh * ow + GUARD, 7 + mode);
                    float[] expected = dst.clone();
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            float v = src[srcOff + ((i % 2) * 2 + j % 2) * ps + (i / 2) * tilesW + j / 2];
                            int at = dstOff + i * ow + j;
                            expected[at] = mode == ConvKernels.STORE ? v : Elementwise.relu(v);
                        }
                    }
                    ConvKernels.interleave(src, srcOff, ps, tilesW, dst, dstOff, oh, ow, mode);
                    assertBits(expected, dst, "interleave " + oh + "x" + ow + " slack " + slack + " mode " + mode);
                }
            }
        }
    }

    @Test
    void theReluModeGivesPositiveZeroForNanAndNegativeZero() {
        int ps = 1 + 64;
        float[] src = new float[4 * ps];
        src[0] = Float.NaN;
        src[ps] = -0f;
        src[2 * ps] = -1f;
        src[3 * ps] = 2f;
        float[] dst = {5f, 5f, 5f, 5f};
        ConvKernels.interleave(src, 0, ps, 1, dst, 0, 2, 2, ConvKernels.STORE_RELU);
        assertBits(new float[] {0f, 0f, 0f, 2f}, dst, "relu");
    }

    @Test
    void theStoreModeMatchesTheGatherItReplacedOnTheLecturesShape() {
        int oh = 14, ow = 14, tilesW = 7, images = 4, tiles = images * 49;
        float[] planes = values(4 * tiles + 64, 11);
        int[] map = Winograd.interleaveMap(tilesW, oh, ow, tiles).clone();
        for (int n = 0; n < images; n++) {
            float[] byGather = new float[oh * ow];
            float[] byZip = new float[oh * ow];
            ConvKernels.gather(planes, n * 49, map, 0, byGather, 0, oh * ow, ConvKernels.STORE);
            ConvKernels.interleave(planes, n * 49, tiles, tilesW, byZip, 0, oh, ow, ConvKernels.STORE);
            assertBits(byGather, byZip, "image " + n);
        }
    }
}
