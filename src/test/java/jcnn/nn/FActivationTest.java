package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jcnn.tensor.Tensor;
import jcnn.testing.GradientCheck;
import org.junit.jupiter.api.Test;

class FActivationTest {
    private static final Tensor X = Tensor.of(new float[] {-3f, -1.5f, -0.25f, 0.3f, 1f, 2.5f}, 2, 3);

    @Test
    void activationsMatchTheirFormulas() {
        float[] x = X.toArray();
        float[] relu = F.relu(X).toArray();
        float[] leaky = F.leakyRelu(X, 0.01f).toArray();
        float[] sigmoid = F.sigmoid(X).toArray();
        float[] tanh = F.tanh(X).toArray();
        float[] elu = F.elu(X, 1.5f).toArray();
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            assertEquals(Math.max(0, v), relu[i], 1e-7);
            assertEquals(v > 0 ? v : 0.01 * v, leaky[i], 1e-7);
            assertEquals(1 / (1 + Math.exp(-v)), sigmoid[i], 1e-7);
            assertEquals(Math.tanh(v), tanh[i], 1e-7);
            assertEquals(v > 0 ? v : 1.5 * (Math.exp(v) - 1), elu[i], 1e-6);
        }
    }

    @Test
    void sigmoidDoesNotOverflowForLargeInputs() {
        float[] y = F.sigmoid(Tensor.of(new float[] {-1000f, 1000f}, 2)).toArray();
        assertArrayEquals(new float[] {0f, 1f}, y);
    }

    @Test
    void eluDerivativeIsFPlusAlphaForNonPositiveInputs() {
        float alpha = 0.7f;
        Tensor x = Tensor.of(new float[] {-2f, -0.5f, 0f, 0.5f, 3f}, 5).requiresGrad();
        Tensor y = F.elu(x, alpha);
        y.sum().backward();
        float[] f = y.toArray();
        float[] g = x.grad().toArray();
        for (int i = 0; i < 3; i++) {   // x <= 0
            assertEquals(f[i] + alpha, g[i], 1e-7);
            assertEquals(alpha * Math.exp(x.get(i)), g[i], 1e-6);
        }
        assertEquals(1f, g[3]);
        assertEquals(1f, g[4]);
    }

    @Test
    void activationBackwardsMatchCentralDifferences() {
        GradientCheck.check(t -> F.relu(t[0]), X);
        GradientCheck.check(t -> F.leakyRelu(t[0], 0.1f), X);
        GradientCheck.check(t -> F.sigmoid(t[0]), X);
        GradientCheck.check(t -> F.tanh(t[0]), X);
        GradientCheck.check(t -> F.elu(t[0], 1f), X);
    }

    @Test
    void maxoutTakesTheMaximumOfEachGroupOfPieces() {
        // (N=1, C*pieces = 4, 2): groups {0,1} and {2,3}
        Tensor x = Tensor.of(new float[] {
            1, 8,
            3, 2,
            -1, -5,
            -2, 4}, 1, 4, 2);
        Tensor y = F.maxout(x, 2);
        assertArrayEquals(new int[] {1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {3, 8, -1, 4}, y.toArray());
    }

    @Test
    void maxoutBackwardMatchesCentralDifferences() {
        GradientCheck.check(t -> F.maxout(t[0], 3), FPoolTest.distinct(2, 6, 2, 2));
        GradientCheck.check(t -> F.maxout(t[0], 2), FPoolTest.distinct(3, 4));
    }
}
