package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import jcnn.nn.F;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.testing.Reference;
import org.junit.jupiter.api.Test;

/**
 * A backward step stores (instead of adding into zeros) the first gradient that flows into a
 * tensor in a pass ({@link TensorInternals#freshGradBuffer}): the convolution's input gradient
 * in both its paths, the dense layer's, a reshape's copy. Checked against adding into zeros and
 * against the direct loops, on arrays full of NaN where the stored gradient goes, and a second
 * consumer of the same tensor still adds.
 */
class FreshGradientTest {
    private static float[] random(long seed, int n) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Convolution.backward storing dx over NaN gives the bits of adding into zeros (-0 read as +0), and the direct loop's values. */
    private static void storedInputGradientMatches(Convolution.Geometry g, Winograd.Tile expectedTile) {
        assertEquals(expectedTile, Convolution.winogradTile(g, true), "the input gradient's path");
        float[] x = random(1, g.batch() * g.imageSize());
        float[] w = random(2, g.outChannels() * g.k());
        float[] dy = random(3, g.batch() * g.outChannels() * g.outArea());
        float[] dxAdded = new float[x.length];
        float[] dwAdded = new float[w.length];
        float[] dbAdded = new float[g.outChannels()];
        Convolution.backward(g, x, w, dy, dxAdded, false, dwAdded, dbAdded);
        float[] dxStored = new float[x.length];
        Arrays.fill(dxStored, Float.NaN);
        float[] dwStored = new float[w.length];
        float[] dbStored = new float[g.outChannels()];
        Convolution.backward(g, x, w, dy, dxStored, true, dwStored, dbStored);
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToIntBits(dxStored[i] + 0f) != Float.floatToIntBits(dxAdded[i])) {
                fail(g + ": dx[" + i + "] stored " + dxStored[i] + ", added into zeros " + dxAdded[i]);
            }
        }
        assertArrayEquals(dwAdded, dwStored, "the weight gradient is added either way");
        assertArrayEquals(dbAdded, dbStored);
        double[] exact = Reference.conv2dBackward(
                Tensor.of(x, g.batch(), g.channels(), g.height(), g.width()),
                Tensor.of(w, g.outChannels(), g.channels(), g.kernelHeight(), g.kernelWidth()),
                Tensor.of(dy, g.batch(), g.outChannels(), g.outHeight(), g.outWidth()), g.stride(), g.padding())[0];
        for (int i = 0; i < x.length; i++) {
            double err = Math.abs(dxStored[i] - exact[i]) / Math.max(1, Math.abs(exact[i]));
            assertTrue(err < 1e-4, g + ": dx[" + i + "] " + dxStored[i] + " against the direct loop's " + exact[i]);
        }
    }

    @Test
    void theConvolutionsInputGradientIsStoredOverWhateverTheArrayHeld() {
        // the lecture's second convolution (Winograd F(2x2)), its first (im2col), a strided one (im2col)
        storedInputGradientMatches(new Convolution.Geometry(8, 32, 14, 14, 64, 3, 3, 1, 1, 14, 14), Winograd.Tile.F2x2);
        storedInputGradientMatches(new Convolution.Geometry(4, 1, 28, 28, 32, 3, 3, 1, 1, 28, 28), null);
        storedInputGradientMatches(new Convolution.Geometry(3, 5, 9, 9, 4, 3, 3, 2, 1, 5, 5), null);
    }

    @Test
    void winogradStoresTheInputGradientWithEitherTile() {
        Convolution.Geometry g = new Convolution.Geometry(3, 6, 11, 11, 5, 3, 3, 1, 1, 11, 11);
        float[] w = random(4, g.outChannels() * g.k());
        float[] dy = random(5, g.batch() * g.outChannels() * g.outArea());
        for (Winograd.Tile tile : Winograd.Tile.values()) {
            float[] added = new float[g.batch() * g.imageSize()];
            Winograd.inputGradient(tile, g, w, dy, added, true);
            float[] stored = new float[added.length];
            Arrays.fill(stored, Float.NaN);
            Winograd.inputGradient(tile, g, w, dy, stored, false);
            for (int i = 0; i < added.length; i++) {
                assertEquals(Float.floatToIntBits(added[i]), Float.floatToIntBits(stored[i] + 0f), tile + ": dx[" + i + "]");
            }
        }
    }

    @Test
    void theStoredInputGradientMayNotBeTheWeightGradientsArray() {
        Convolution.Geometry g = new Convolution.Geometry(1, 2, 3, 3, 2, 1, 1, 1, 0, 3, 3);
        float[] a = new float[18];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.backward(g, new float[18], new float[4], new float[18], a, true, a, null));
        assertTrue(e.getMessage().contains("same array"), e.getMessage());
    }

    @Test
    void onlyTheFirstGradientIntoATensorIsFreshAndASecondConsumerAdds() {
        Tensor w = Tensor.randn(9, 4, 3).requiresGrad();
        assertNull(w.grad());
        // a leaf's gradient: fresh once, then the same array is added into
        float[] first = TensorInternals.freshGradBuffer(w);
        assertNotNull(first);
        assertNull(TensorInternals.freshGradBuffer(w), "a gradient has flowed: add into it");
        assertSame(first, TensorInternals.gradBuffer(w));
        w.zeroGrad();
        assertNotNull(TensorInternals.freshGradBuffer(w), "after zeroGrad the next gradient is the first again");

        // an intermediate result h, and a leaf x, each feed two convolutions and two dense layers:
        // their gradients are the sums, twice those of one consumer of each kind
        Tensor k = Tensor.randn(11, 4, 3, 3, 3);
        Tensor d = Tensor.randn(12, 5, 108);
        for (boolean leaf : new boolean[] {false, true}) {
            Tensor x = Tensor.randn(10, 2, 3, 6, 6).requiresGrad();
            Tensor h = leaf ? x : x.mul(1.5f);
            F.conv2d(h, k, null, 1, 1).sum().add(F.linear(F.flatten(h), d, null).sum()).backward();
            float[] once = x.grad().toArray();
            x.zeroGrad();
            Tensor h2 = leaf ? x : x.mul(1.5f);
            F.conv2d(h2, k, null, 1, 1).add(F.conv2d(h2, k, null, 1, 1)).sum()
                    .add(F.linear(F.flatten(h2), d, null).add(F.linear(F.flatten(h2), d, null)).sum()).backward();
            float[] twice = x.grad().toArray();
            assertTrue(Arrays.stream(new double[] {once[0], once[1], once[2]}).anyMatch(v -> v != 0), "a gradient flowed");
            for (int i = 0; i < once.length; i++) {
                assertTrue(Math.abs(twice[i] - 2 * once[i]) <= 1e-4f * Math.max(1f, Math.abs(once[i])),
                        (leaf ? "leaf" : "intermediate") + " x[" + i + "]: two consumers of each kind give " + twice[i]
                                + ", one of each " + once[i]);
            }
        }
    }

    @Test
    void aDroppedInputThatRequiresAGradientOnlyAfterTheForwardPassStillGetsIt() {
        // the fused dropout + dense layer keeps its mask only when x requires a gradient in the
        // forward pass; one marked afterwards gets the mask recomputed, the same gradient
        Tensor w = Tensor.randn(13, 7, 40).requiresGrad();
        Tensor x1 = Tensor.randn(14, 5, 40).requiresGrad();
        F.dropoutLinear(x1, 0.5f, 21L, w, null).sum().backward();
        Tensor x2 = Tensor.randn(14, 5, 40);
        Tensor y = F.dropoutLinear(x2, 0.5f, 21L, w, null);
        x2.requiresGrad();
        y.sum().backward();
        assertArrayEquals(x1.grad().toArray(), x2.grad().toArray());
        boolean flowed = false;
        for (float v : x1.grad().toArray()) {
            flowed |= v != 0f;
        }
        assertTrue(flowed, "a gradient flowed");
    }
}
