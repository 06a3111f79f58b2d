package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcnn.tensor.Tensor;
import jcnn.testing.GradientCheck;
import org.junit.jupiter.api.Test;

class FLossTest {
    @Test
    void softmaxRowsSumToOneAndMatchTheFormula() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 1000}, 2, 3);
        float[] y = F.softmax(x).toArray();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / z, y[0], 1e-7);
        assertEquals(Math.exp(3) / z, y[2], 1e-7);
        assertEquals(1f, y[5], 0f);       // 1000 would overflow e^x without the max shift
        assertEquals(0f, y[3], 0f);
    }

    @Test
    void logSoftmaxIsStableForHugeLogits() {
        float[] y = F.logSoftmax(Tensor.of(new float[] {1000f, 0f}, 1, 2)).toArray();
        assertEquals(0f, y[0], 0f);
        assertEquals(-1000f, y[1], 1e-3f);
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogProbabilityOfTheLabels() {
        Tensor logits = Tensor.of(new float[] {2, 1, 0.1f, 0.5f, 2.5f, 0.3f}, 2, 3);
        double row0 = -(2 - Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.1f)));
        double row1 = -(0.3f - Math.log(Math.exp(0.5f) + Math.exp(2.5f) + Math.exp(0.3f)));
        assertEquals((row0 + row1) / 2, F.crossEntropy(logits, new int[] {0, 2}).item(), 1e-6);
        assertEquals(0, F.crossEntropy(logits, new int[] {0, 2}).rank());
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverN() {
        Tensor logits = Tensor.randn(4, 3, 5).requiresGrad();
        int[] labels = {4, 0, 2};
        F.crossEntropy(logits, labels).backward();
        float[] p = F.softmax(logits.detach()).toArray();
        float[] g = logits.grad().toArray();
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 5; j++) {
                assertEquals((p[r * 5 + j] - (j == labels[r] ? 1 : 0)) / 3, g[r * 5 + j], 1e-7);
            }
        }
    }

    @Test
    void labelSmoothingMatchesPyTorchsCrossEntropyLoss() {
        // torch 1.13, float64: CrossEntropyLoss(label_smoothing=0.1)(x, [0, 2, 2]) and x.grad
        Tensor logits = Tensor.of(new float[] {2, 1, 0.1f, 0.5f, 0.5f, 2.5f, 0.3f, -1, -0.2f, 0, 3, 1}, 3, 4).requiresGrad();
        Tensor loss = F.crossEntropy(logits, new int[] {0, 2, 2}, 0.1);
        assertEquals(1.1631244581122355, loss.item(), 1e-6);
        loss.backward();
        double[] torchGrad = {-0.1168260920043919, 0.06211824358704219, 0.020310140323372385, 0.03439770809397738,
            0.027011409166642554, 0.2528309518012469, -0.27939550568898075, -0.0004468552789086997,
            0.002750419426454054, 0.005204392858236377, -0.036420834056555135, 0.028466021771864688};
        float[] g = logits.grad().toArray();
        for (int i = 0; i < g.length; i++) {
            assertEquals(torchGrad[i], g[i], 1e-6, "gradient " + i);
        }
        // not plain cross-entropy: the same logits without smoothing give a different loss
        assertTrue(Math.abs(F.crossEntropy(logits.detach(), new int[] {0, 2, 2}).item() - 1.1631244581122355) > 1e-2);
    }

    @Test
    void labelSmoothingZeroIsBitForBitPlainCrossEntropyAndBadValuesAreRefused() {
        Tensor a = Tensor.randn(5, 4, 6).requiresGrad();
        Tensor b = a.detach().requiresGrad();
        int[] labels = {5, 0, 3, 3};
        Tensor plain = F.crossEntropy(a, labels);
        Tensor zero = F.crossEntropy(b, labels, 0);
        assertEquals(plain.item(), zero.item(), 0f);
        plain.backward();
        zero.backward();
        assertArrayEquals(a.grad().toArray(), b.grad().toArray(), 0f);
        for (double bad : new double[] {-0.1, 1, Double.NaN}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> F.crossEntropy(a, labels, bad));
            assertTrue(e.getMessage().contains("label smoothing must be in [0, 1) but got " + bad), e.getMessage());
        }
    }

    @Test
    void lossAndDenseBackwardsMatchCentralDifferences() {
        Tensor x = Tensor.randn(1, 3, 4);
        GradientCheck.check(t -> F.softmax(t[0]), x);
        GradientCheck.check(t -> F.logSoftmax(t[0]), x);
        GradientCheck.check(t -> F.crossEntropy(t[0], new int[] {1, 3, 0}), x);
        GradientCheck.check(t -> F.crossEntropy(t[0], new int[] {1, 3, 0}, 0.2), x);
        GradientCheck.check(t -> F.linear(t[0], t[1], t[2]), x, Tensor.randn(2, 5, 4), Tensor.randn(3, 5));
        GradientCheck.check(t -> F.linear(t[0], t[1], null), x, Tensor.randn(2, 5, 4));
        GradientCheck.check(t -> F.flatten(t[0]), Tensor.randn(5, 2, 3, 2));
        GradientCheck.check(t -> F.l2(t[0]), x);
        GradientCheck.check(t -> F.l1(t[0]), Tensor.of(new float[] {-2f, -0.5f, 0.3f, 1.2f}, 2, 2));
        GradientCheck.check(t -> F.dropout(t[0], 0.5f, true, 7L), x);
    }

    @Test
    void linearComputesXTimesWTransposedPlusB() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor b = Tensor.of(new float[] {10, 20}, 2);
        assertArrayEquals(new float[] {8, 24, 8, 33}, F.linear(x, w, b).toArray());
    }

    @Test
    void flattenKeepsTheBatchAxis() {
        Tensor x = Tensor.randn(9, 4, 3, 7, 7);
        Tensor y = F.flatten(x);
        assertArrayEquals(new int[] {4, 147}, y.shape());
        assertArrayEquals(x.toArray(), y.toArray());
    }

    @Test
    void dropoutDropsAboutPAndScalesTheRestAndIsIdentityWhenNotTraining() {
        Tensor x = Tensor.ones(100, 100);
        float[] y = F.dropout(x, 0.5f, true, 42L).toArray();
        int dropped = 0;
        for (float v : y) {
            if (v == 0f) {
                dropped++;
            } else {
                assertEquals(2f, v, 0f);
            }
        }
        // 10,000 fair coins: 5000 +- 3 standard deviations (50)
        assertTrue(dropped > 4850 && dropped < 5150, "dropped " + dropped);
        assertArrayEquals(y, F.dropout(x, 0.5f, true, 42L).toArray(), "same seed, same mask");
        assertSame(x, F.dropout(x, 0.5f, false, 42L));
    }

    @Test
    void penaltiesAreSumsOfAbsoluteValuesAndSquares() {
        Tensor t = Tensor.of(new float[] {-2, 1, 3}, 3);
        assertEquals(6f, F.l1(t).item());
        assertEquals(14f, F.l2(t).item());
    }
}
