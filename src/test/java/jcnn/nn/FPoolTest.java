package jcnn.nn;

import static jcnn.testing.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import jcnn.tensor.Tensor;
import jcnn.testing.GradientCheck;
import jcnn.testing.Reference;
import org.junit.jupiter.api.Test;

class FPoolTest {
    @Test
    void maxPoolTakesEachWindowsMaximum() {
        Tensor x = Tensor.of(new float[] {
            1, 1, 2, 4,
            5, 6, 7, 8,
            3, 2, 1, 0,
            1, 2, 3, 4}, 1, 1, 4, 4);
        assertArrayEquals(new float[] {6, 8, 3, 4}, F.maxPool2d(x, 2, 2).toArray());
    }

    @Test
    void maxPoolBackwardSendsEachGradientToItsWindowsMaximumAndNothingElsewhere() {
        Tensor x = Tensor.of(new float[] {
            1, 1, 2, 4,
            5, 6, 7, 8,
            3, 2, 1, 0,
            1, 2, 3, 4}, 1, 1, 4, 4).requiresGrad();
        Tensor y = F.maxPool2d(x, 2, 2);
        y.backward(Tensor.of(new float[] {10, 20, 30, 40}, 1, 1, 2, 2));
        assertArrayEquals(new float[] {
            0, 0, 0, 0,
            0, 10, 0, 20,
            30, 0, 0, 0,
            0, 0, 0, 40}, x.grad().toArray());
    }

    @Test
    void averagePoolBackwardGivesAQuarterToEachInputOfA2x2Window() {
        Tensor x = Tensor.randn(3, 1, 2, 4, 4).requiresGrad();
        Tensor y = F.avgPool2d(x, 2, 2);
        float[] upstream = new float[y.numel()];
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = i + 1;
        }
        y.backward(Tensor.of(upstream, y.shape()));
        float[] g = x.grad().toArray();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    float window = upstream[c * 4 + (i / 2) * 2 + j / 2];
                    org.junit.jupiter.api.Assertions.assertEquals(window / 4f, g[(c * 4 + i) * 4 + j], 0f);
                }
            }
        }
    }

    @Test
    void poolsMatchTheDirectLoopIncludingOverlappingWindows() {
        int[][] cases = {
            // N, C, H, W, kernel, stride
            {2, 3, 8, 8, 2, 2},
            {1, 2, 7, 9, 3, 2},
            {3, 1, 6, 5, 2, 1},
            {2, 2, 5, 5, 5, 1},
        };
        long seed = 300;
        for (int[] c : cases) {
            Tensor x = Tensor.randn(seed++, c[0], c[1], c[2], c[3]);
            assertClose(Reference.maxPool2d(x, c[4], c[5]), F.maxPool2d(x, c[4], c[5]), 0);
            assertClose(Reference.avgPool2d(x, c[4], c[5]), F.avgPool2d(x, c[4], c[5]), 1e-6);
        }
    }

    @Test
    void poolBackwardsMatchCentralDifferences() {
        Tensor x = distinct(2, 2, 6, 5);
        GradientCheck.check(t -> F.maxPool2d(t[0], 3, 1), x);
        GradientCheck.check(t -> F.maxPool2d(t[0], 2, 2), distinct(1, 2, 4, 6));
        GradientCheck.check(t -> F.avgPool2d(t[0], 3, 2), Tensor.randn(5, 2, 2, 7, 5));
        GradientCheck.check(t -> F.avgPool2d(t[0], 2, 1), Tensor.randn(6, 1, 2, 4, 4));
    }

    /** A permutation of 0.1, 0.2, ...: values 0.1 apart, so a 1e-2 perturbation never changes a window's maximum. */
    static Tensor distinct(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(99);
        for (int i = 0; i < n; i++) {
            v[i] = (i + 1) * 0.1f;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape);
    }
}
