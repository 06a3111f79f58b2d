package jcnn.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
    /** x^2 with a backward scaled by {@code factor} (1 is correct). */
    private static Tensor square(Tensor x, float factor) {
        float[] in = TensorInternals.data(x);
        float[] y = new float[in.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = in[i] * in[i];
        }
        return TensorInternals.fromOp("square", y, x.shape(), g -> {
            float[] gx = TensorInternals.gradBuffer(x);
            for (int i = 0; i < g.length; i++) {
                gx[i] += factor * 2f * in[i] * g[i];
            }
        }, x);
    }

    @Test
    void passesOnACorrectGradient() {
        double worst = GradientCheck.check(t -> square(t[0], 1f), Tensor.randn(1, 3, 4));
        assertTrue(worst < 1e-3, "worst " + worst);
    }

    @Test
    void failsOnAGradientThatIsFivePercentOff() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradientCheck.check(t -> square(t[0], 1.05f), Tensor.randn(1, 3, 4)));
        assertTrue(e.getMessage().contains("gradient check failed"), e.getMessage());
    }

    @Test
    void failsWhenAnInputsGradientIsMissing() {
        // a + b whose backward forgets b
        Tensor a = Tensor.randn(2, 4);
        Tensor b = Tensor.randn(3, 4);
        assertThrows(AssertionError.class, () -> GradientCheck.check(t -> {
            float[] y = new float[4];
            for (int i = 0; i < 4; i++) {
                y[i] = TensorInternals.data(t[0])[i] + TensorInternals.data(t[1])[i];
            }
            return TensorInternals.fromOp("add", y, new int[] {4}, g -> {
                float[] ga = TensorInternals.gradBuffer(t[0]);
                for (int i = 0; i < 4; i++) {
                    ga[i] += g[i];
                }
            }, t[0], t[1]);
        }, a, b));
    }

    @Test
    void failsWhenTheGradientGoesToTheWrongElement() {
        // max pooling that routes to the window's first element instead of its maximum
        Tensor x = Tensor.of(new float[] {1, 5, 2, 3}, 4);
        assertThrows(AssertionError.class, () -> GradientCheck.check(t -> {
            float[] in = TensorInternals.data(t[0]);
            float m = Math.max(Math.max(in[0], in[1]), Math.max(in[2], in[3]));
            return TensorInternals.fromOp("max", new float[] {m}, new int[0], g -> TensorInternals.gradBuffer(t[0])[0] += g[0], t[0]);
        }, x));
    }
}
