package jcnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcnn.testing.GradientCheck;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void ofCopiesTheDataAndKeepsTheShape() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        data[0] = 99;
        assertEquals(1f, t.get(0, 0));
        assertEquals(6f, t.get(1, 2));
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(2, t.rank());
        assertEquals(3, t.size(-1));
        assertEquals(6, t.numel());
        assertNotSame(t.toArray(), t.toArray());
        assertEquals(0, Tensor.scalar(2.5f).rank());
        assertEquals(2.5f, Tensor.scalar(2.5f).item());
    }

    @Test
    void factoriesFillAsNamed() {
        assertArrayEquals(new float[4], Tensor.zeros(2, 2).toArray());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).toArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 1, 2).toArray());
    }

    @Test
    void seededRandomTensorsRepeatAndHaveTheRightMoments() {
        assertArrayEquals(Tensor.randn(5, 1000).toArray(), Tensor.randn(5, 1000).toArray());
        assertFalse(java.util.Arrays.equals(Tensor.randn(5, 10).toArray(), Tensor.randn(6, 10).toArray()));
        float[] n = Tensor.randn(1, 20000).toArray();
        double mean = 0;
        double sq = 0;
        for (float v : n) {
            mean += v;
            sq += v * v;
        }
        mean /= n.length;
        double variance = sq / n.length - mean * mean;
        assertEquals(0, mean, 0.03);   // 3 standard errors of 1/sqrt(20000)
        assertEquals(1, variance, 0.05);
        for (float v : Tensor.uniform(2, -2f, 3f, 10000).toArray()) {
            assertTrue(v >= -2f && v < 3f, "value " + v);
        }
    }

    @Test
    void randnIsTheSameOnEveryJdk() {
        // pinned value, recorded on JDK 17: the generator is SplittableRandom's specified 64-bit
        // stream + Box-Muller (no JDK-specific nextGaussian), so JDK 25 must give the same bits
        float[] v = Tensor.randn(42, 3).toArray();
        float[] again = Tensor.randn(42, 3).toArray();
        assertArrayEquals(v, again);
        assertEquals(Float.floatToIntBits(v[0]), 1063377680, "randn(42)[0] = " + v[0]);
    }

    @Test
    void reshapeInfersOneDimAndCopies() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor r = t.reshape(3, -1);
        assertArrayEquals(new int[] {3, 2}, r.shape());
        assertArrayEquals(t.toArray(), r.toArray());
        r.data()[0] = 100;
        assertEquals(1f, t.get(0, 0));
        assertThrows(ShapeMismatchException.class, () -> t.reshape(4, -1));
        assertThrows(ShapeMismatchException.class, () -> t.reshape(5));
    }

    @Test
    void elementWiseArithmeticWithTensorsAndScalars() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {2, 2, 2, 8}, 2, 2);
        assertArrayEquals(new float[] {3, 4, 5, 12}, a.add(b).toArray());
        assertArrayEquals(new float[] {-1, 0, 1, -4}, a.sub(b).toArray());
        assertArrayEquals(new float[] {2, 4, 6, 32}, a.mul(b).toArray());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 0.5f}, a.div(b).toArray());
        assertArrayEquals(new float[] {11, 12, 13, 14}, a.add(10).toArray());
        assertArrayEquals(new float[] {2, 4, 6, 8}, a.mul(Tensor.scalar(2)).toArray());
        assertArrayEquals(new float[] {2, 4, 6, 8}, Tensor.scalar(2).mul(a).toArray());
        assertArrayEquals(new float[] {-1, -2, -3, -4}, a.neg().toArray());
        assertArrayEquals(new float[] {1, 4, 9, 16}, a.square().toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, a.square().sqrt().toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, a.neg().abs().toArray());
        assertEquals(10f, a.sum().item());
        assertEquals(2.5f, a.mean().item());
        assertEquals((float) Math.exp(2), a.exp().get(0, 1));
        assertEquals((float) Math.log(3), a.log().get(1, 0));
    }

    @Test
    void matmulAndTranspose() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, a.matmul(b).toArray());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, a.transpose().toArray());
        assertArrayEquals(new int[] {3, 2}, a.transpose().shape());
        assertThrows(ShapeMismatchException.class, () -> a.matmul(a));
    }

    @Test
    void backwardAccumulatesIntoLeavesThroughSharedSubexpressions() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad();
        Tensor y = w.mul(w).add(w);          // w^2 + w, w used three times
        y.sum().backward();
        assertArrayEquals(new float[] {3, 5, 7}, w.grad().toArray());
        y.sum().backward();                  // a second pass accumulates
        assertArrayEquals(new float[] {6, 10, 14}, w.grad().toArray());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void backwardWithAnUpstreamGradientAndDiamondGraph() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad();
        Tensor a = x.mul(3f);
        Tensor b = a.mul(a);                 // 9 x^2
        Tensor c = a.add(b);                 // 3x + 9x^2
        c.backward(Tensor.of(new float[] {1, 10}, 2));
        assertArrayEquals(new float[] {21, 390}, x.grad().toArray());   // (3 + 18x) * upstream
        assertArrayEquals(new float[] {7, 130}, a.grad().toArray());    // (1 + 2a) * upstream
    }

    @Test
    void noGradRecordsNothingAndNests() {
        Tensor w = Tensor.ones(2).requiresGrad();
        try (var g = Tensor.noGrad()) {
            assertFalse(Tensor.isGradEnabled());
            try (var inner = Tensor.noGrad()) {
                assertFalse(Tensor.isGradEnabled());
            }
            assertFalse(Tensor.isGradEnabled());
            assertFalse(w.mul(2f).isRequiresGrad());
        }
        assertTrue(Tensor.isGradEnabled());
        assertTrue(w.mul(2f).isRequiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).sum().backward());
        assertTrue(e.getMessage().contains("requiresGrad()"), e.getMessage());
    }

    @Test
    void detachAndCopyCutTheTape() {
        Tensor w = Tensor.ones(2).requiresGrad();
        Tensor d = w.mul(2f).detach();
        assertFalse(d.isRequiresGrad());
        assertArrayEquals(new float[] {2, 2}, d.toArray());
        assertFalse(w.copy().isRequiresGrad());
    }

    @Test
    void tensorOpBackwardsMatchCentralDifferences() {
        Tensor a = Tensor.uniform(1, 0.5f, 2f, 2, 3);
        Tensor b = Tensor.uniform(2, 0.5f, 2f, 2, 3);
        Tensor s = Tensor.scalar(1.3f);
        GradientCheck.check(t -> t[0].add(t[1]), a, b);
        GradientCheck.check(t -> t[0].sub(t[1]), a, b);
        GradientCheck.check(t -> t[0].mul(t[1]), a, b);
        GradientCheck.check(t -> t[0].div(t[1]), a, b);
        GradientCheck.check(t -> t[0].mul(t[1]), a, s);
        GradientCheck.check(t -> t[1].div(t[0]), a, s);
        GradientCheck.check(t -> t[0].add(2f).mul(-1.5f).neg(), a);
        GradientCheck.check(t -> t[0].exp(), a);
        GradientCheck.check(t -> t[0].log(), a);
        GradientCheck.check(t -> t[0].sqrt(), a);
        GradientCheck.check(t -> t[0].square(), a);
        GradientCheck.check(t -> t[0].sub(t[1]).abs(), a, a.add(0.2f));
        GradientCheck.check(t -> t[0].sum(), a);
        GradientCheck.check(t -> t[0].mean(), a);
        GradientCheck.check(t -> t[0].reshape(3, 2), a);
        GradientCheck.check(t -> t[0].transpose(), a);
        GradientCheck.check(t -> t[0].matmul(t[1]), a, Tensor.randn(3, 3, 4));
    }

    @Test
    void errorsNameTheOperationAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.add(Tensor.zeros(3, 2)));
        assertEquals("add: expected (2, 3) or a scalar but got (3, 2); element-wise operations need equal shapes; "
                + "reshape one side or use a scalar", e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> Tensor.of(new float[5], 2, 3));
        assertEquals("Tensor.of: expected a shape holding 5 values (data.length) but got (2, 3); that shape holds 6; "
                + "the product of the dims must equal data.length", e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> a.item());
        assertTrue(s.getMessage().contains("(2, 3)"), s.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> a.requiresGrad().backward(Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3)"), e.getMessage());
    }

    @Test
    void shapeMismatchMessageHasTheContractFormat() {
        ShapeMismatchException e = new ShapeMismatchException("conv2d", "input (N, 3, H, W)", new int[] {32, 1, 28, 28},
                "the weight has 3 input channels");
        assertEquals("conv2d: expected input (N, 3, H, W) but got (32, 1, 28, 28); the weight has 3 input channels",
                e.getMessage());
    }
}
