package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link ConvKernels#gather}, which moves values between Winograd's polyphase planes and the
 * maps in the backward pass: each mode against a plain loop written here, bit for bit (NaN, -0
 * and infinities included), for lengths below, at and past a vector's lanes and an index offset; and
 * the two gather maps of {@link Winograd} against their definitions. Runs on the Vector API
 * kernel and, in the second surefire run ({@code -Djcnn.gemm=scalar}), on the scalar loop.
 */
class GatherKernelTest {
    private static final int[] LENGTHS = {0, 1, 3, 15, 16, 17, 49, 196, 200};

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        a[1] = Float.NaN;
        a[2] = -0f;
        a[3] = 0f;
        a[4] = Float.NEGATIVE_INFINITY;
        a[5] = Float.POSITIVE_INFINITY;
        return a;
    }

    @Test
    void everyModeMatchesAPlainLoopBitForBit() {
        float[] src = values(700, 1);
        SplittableRandom r = new SplittableRandom(2);
        for (int n : LENGTHS) {
            int[] idx = new int[n + 9];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i < 12 ? i % 6 : r.nextInt(600);   // NaN, -0, 0, infinities among the first
            }
            for (int mode : new int[] {ConvKernels.STORE, ConvKernels.ADD}) {
                float[] dst = values(n + 20, 3);
                float[] expected = dst.clone();
                for (int p = 0; p < n; p++) {
                    float v = src[50 + idx[9 + p]];
                    expected[7 + p] = mode == ConvKernels.STORE ? v : expected[7 + p] + v;
                }
                ConvKernels.gather(src, 50, idx, 9, dst, 7, n, mode);
                for (int i = 0; i < dst.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(dst[i]),
                            () -> "mode " + mode + ", n " + n + " (" + ConvKernels.kernelName() + "): element differs");
                }
            }
        }
    }

    @Test
    void theMapsPutEachValueWhereThePolyphaseLayoutHasIt() {
        // 14x14 (the lecture's second layer): 7x7 tiles, planes 100 apart
        int oh = 14, ow = 14, tilesH = 7, tilesW = 7, ps = 100;
        int[] inter = Winograd.interleaveMap(tilesW, oh, ow, ps).clone();
        int[] poly = Winograd.polyphaseMap(tilesH, tilesW, ow).clone();
        float[] map = values(oh * ow, 4);
        float[] planes = new float[4 * ps];
        // polyphase layout by its definition: plane (a, b) holds map[2u + a][2t + b] at u*tilesW + t
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                planes[((i % 2) * 2 + j % 2) * ps + (i / 2) * tilesW + j / 2] = map[i * ow + j];
            }
        }
        float[] back = new float[oh * ow];
        ConvKernels.gather(planes, 0, inter, 0, back, 0, oh * ow, ConvKernels.STORE);
        assertArrayEquals(map, back, 0f);
        float[] gathered = new float[4 * ps];
        int perImage = tilesH * tilesW;
        for (int q = 0; q < 4; q++) {
            ConvKernels.gather(map, 0, poly, q * perImage, gathered, q * ps, perImage, ConvKernels.STORE);
        }
        assertArrayEquals(planes, gathered, 0f);
    }
}
