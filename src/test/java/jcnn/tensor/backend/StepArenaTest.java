package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jcnn.nn.F;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import org.junit.jupiter.api.Test;

class StepArenaTest {
    @Test
    void theNextStepGetsTheSameArraysBackZeroed() {
        StepArena arena = new StepArena();
        float[] first;
        try (var step = arena.open()) {
            first = StepArena.floats(100);
            first[3] = 7f;
        }
        try (var step = arena.open()) {
            float[] again = StepArena.floats(100);
            assertSame(first, again);
            assertEquals(0f, again[3], "a reused array is zeroed, as new float[n] would be");
            assertNotSame(again, StepArena.floats(100), "two arrays of one step are never the same");
        }
        assertEquals(1, arena.reused());
        assertEquals(2, arena.allocated());
    }

    @Test
    void doubleArraysComeBackZeroedInTheNextStepAndAreNewOutsideAStep() {
        StepArena arena = new StepArena();
        double[] first;
        try (var step = arena.open()) {
            first = StepArena.doubles(48);
            first[5] = 2.5;
        }
        try (var step = arena.open()) {
            double[] again = StepArena.doubles(48);
            assertSame(first, again);
            assertEquals(0.0, again[5], "a reused array is zeroed, as new double[n] would be");
            assertNotSame(again, StepArena.doubles(48));
        }
        assertNotSame(first, StepArena.doubles(48), "outside a step every array is new");
    }

    @Test
    void withoutAnOpenArenaAndOnOtherThreadsArraysAreNew() throws Exception {
        StepArena arena = new StepArena();
        float[] a;
        try (var step = arena.open()) {
            a = StepArena.floats(10);
            assertTrue(StepArena.isOpen());
            float[] fromOtherThread = CompletableFuture.supplyAsync(() -> StepArena.floats(10)).get();
            assertNotSame(a, fromOtherThread);
            assertThrows(IllegalStateException.class, arena::open, "one step at a time per thread");
        }
        assertFalse(StepArena.isOpen());
        assertNotSame(a, StepArena.floats(10), "after close nothing comes from the arena");
        try (var step = arena.open()) {
            assertSame(a, StepArena.floats(10));
        }
    }

    @Test
    void openOrJoinInsideAnOpenStepLeavesTheArraysToThatStep() {
        StepArena outer = new StepArena();
        StepArena inner = new StepArena();
        float[] a;
        try (var step = outer.open()) {
            try (var joined = inner.openOrJoin()) {
                a = StepArena.floats(8);
            }
            assertTrue(StepArena.isOpen(), "closing the joined scope leaves the caller's step open");
        }
        try (var step = outer.open()) {
            assertSame(a, StepArena.floats(8), "the array went back with the outer step");
        }
        try (var own = inner.openOrJoin()) {
            assertNotSame(a, StepArena.floats(8));
        }
        assertFalse(StepArena.isOpen());
    }

    /**
     * One SGD step (learning rate 0.1): zeroes the parameters' gradients, runs {@code loss} and its
     * backward pass in one scope of the arena (none when null), and updates the parameters.
     */
    private static void sgdStep(StepArena arena, List<Tensor> params, java.util.function.Supplier<Tensor> loss) {
        for (Tensor p : params) {
            p.zeroGrad();
        }
        var scope = arena == null ? null : arena.open();
        try {
            loss.get().backward();
            for (Tensor p : params) {
                float[] w = TensorInternals.data(p);
                float[] g = TensorInternals.data(p.grad());
                for (int i = 0; i < w.length; i++) {
                    w[i] -= 0.1f * g[i];
                }
            }
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /** Three SGD steps of a small CNN, written with F ops; returns the weights after them. */
    private static List<float[]> train(StepArena arena) {
        Tensor w1 = Tensor.randn(1, 4, 1, 3, 3).mul(0.3f).detach().requiresGrad();
        Tensor b1 = Tensor.zeros(4).requiresGrad();
        Tensor w2 = Tensor.randn(2, 3, 4 * 4 * 4).mul(0.1f).detach().requiresGrad();
        Tensor b2 = Tensor.zeros(3).requiresGrad();
        List<Tensor> params = List.of(w1, b1, w2, b2);
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.randn(10 + step, 5, 1, 8, 8);
            int[] labels = {0, 1, 2, 1, 0};
            int seed = 99 + step;
            sgdStep(arena, params, () -> {
                Tensor h = F.maxPool2d(F.relu(F.conv2d(x, w1, b1, 1, 1)), 2, 2);
                h = F.dropout(F.flatten(h), 0.25f, true, seed);
                return F.crossEntropy(F.linear(h, w2, b2), labels).add(F.l2(w2).mul(1e-3f));
            });
        }
        List<float[]> out = new ArrayList<>();
        for (Tensor p : params) {
            out.add(TensorInternals.data(p).clone());
        }
        return out;
    }

    @Test
    void trainingWithTheArenaIsBitIdenticalToTrainingWithout() {
        List<float[]> plain = train(null);
        StepArena arena = new StepArena();
        List<float[]> reused = train(arena);
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), reused.get(i), "parameter " + i);
        }
        assertTrue(arena.reused() > 10, "later steps reused the first step's arrays: " + arena.reused());
    }

    @Test
    void anOverwrittenArrayIsReusedWithoutZeroing() {
        StepArena arena = new StepArena();
        float[] first;
        try (var step = arena.open()) {
            first = StepArena.floatsOverwritten(100);
            first[3] = 7f;
        }
        try (var step = arena.open()) {
            float[] again = StepArena.floatsOverwritten(100);
            assertSame(first, again);
            assertEquals(7f, again[3], "the caller writes every element, so the arena leaves the old values");
        }
        try (var step = arena.open()) {
            assertEquals(0f, StepArena.floats(100)[3], "floats(n) still zeroes the same array");
        }
    }

    /** Three SGD steps through batch norm, ReLU, max pooling and global average pooling (their outputs are not zeroed). */
    private static List<float[]> trainNormalised(StepArena arena) {
        Tensor w = Tensor.randn(3, 4, 2, 3, 3).mul(0.3f).detach().requiresGrad();
        Tensor gamma = Tensor.randn(4, 4).mul(0.1f).add(1f).detach().requiresGrad();
        Tensor beta = Tensor.randn(5, 4).mul(0.1f).detach().requiresGrad();
        Tensor rm = Tensor.zeros(4);
        Tensor rv = Tensor.zeros(4).add(1f).detach();
        Tensor w2 = Tensor.randn(6, 3, 4).mul(0.3f).detach().requiresGrad();
        List<Tensor> params = List.of(w, gamma, beta, w2);
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.randn(20 + step, 6, 2, 8, 8);
            int[] labels = {0, 1, 2, 1, 0, 2};
            sgdStep(arena, params, () -> {
                Tensor h = F.batchNorm(F.conv2d(x, w, null, 1, 1), gamma, beta, rm, rv, true, 0.1, 1e-5);
                h = F.globalAvgPool2d(F.maxPool2d(F.relu(h), 2, 2));
                return F.crossEntropy(F.linear(h, w2, null), labels);
            });
        }
        List<float[]> out = new ArrayList<>();
        for (Tensor p : params) {
            out.add(TensorInternals.data(p).clone());
        }
        out.add(TensorInternals.data(rm).clone());
        out.add(TensorInternals.data(rv).clone());
        return out;
    }

    @Test
    void batchNormAndPoolingWithTheArenaAreBitIdenticalToWithout() {
        List<float[]> plain = trainNormalised(null);
        StepArena arena = new StepArena();
        List<float[]> reused = trainNormalised(arena);
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), reused.get(i), "parameter or running statistic " + i);
        }
        assertTrue(arena.reused() > 5, "later steps reused the first step's arrays: " + arena.reused());
    }

    /**
     * Three steps of the lecture network's second stage at small batch, after an im2col
     * convolution with ReLU (so that the stage's input gradient, stored into a fresh array, is
     * computed): the convolution with ReLU and 2x2 max pooling fused (Winograd, whose transformed
     * weights and weight gradient's partial sums are handed out as overwritten), a 3x3 max
     * pooling of the 7x7 maps with stride 2 and a maxout (argmax indices handed out as
     * overwritten), flatten (a copy), dropout fused into a dense layer (its input gradient stored
     * by the GEMM); the parameters after each step.
     */
    private static List<float[]> trainWinogradStage(StepArena arena) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        Tensor w0 = Tensor.randn(6, 32, 8, 3, 3).mul(0.1f).detach().requiresGrad();
        Tensor w1 = Tensor.randn(7, 32, 32, 3, 3).mul(0.05f).detach().requiresGrad();
        Tensor b1 = Tensor.zeros(32).requiresGrad();
        Tensor w2 = Tensor.randn(8, 3, 16 * 3 * 3).mul(0.1f).detach().requiresGrad();
        List<Tensor> params = List.of(w0, w1, b1, w2);
        List<float[]> out = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.randn(20 + step, 4, 8, 14, 14);
            int[] labels = {random.nextInt(3), random.nextInt(3), random.nextInt(3), random.nextInt(3)};
            long seed = 7 + step;
            sgdStep(arena, params, () -> {
                // an im2col convolution first, so that the Winograd stage's input gradient (stored
                // into its first, fresh gradient array) is needed
                Tensor h = F.conv2dRelu(x, w0, null, 1, 1);
                h = F.maxPool2d(F.conv2dReluMaxPool(h, w1, b1, 1, 1, 2), 3, 2);   // 7x7 -> 3x3, overlapping windows
                h = F.flatten(F.maxout(h, 2));                                            // 32 -> 16 channels
                return F.crossEntropy(F.dropoutLinear(h, 0.25f, seed, w2, null), labels);
            });
            for (Tensor p : params) {
                out.add(TensorInternals.data(p).clone());
            }
        }
        return out;
    }

    @Test
    void arraysHandedOutAsOverwrittenAreWrittenWholeBeforeTheyAreRead() {
        Convolution.Geometry stage = new Convolution.Geometry(4, 32, 14, 14, 32, 3, 3, 1, 1, 14, 14);
        assertEquals("winograd", Convolution.weightGradientPath(stage));
        assertEquals(Winograd.Tile.F2x2, Convolution.winogradTile(stage, true), "the stage's input gradient by Winograd");
        List<float[]> plain = trainWinogradStage(null);
        StepArena arena = new StepArena();
        StepArena.poisonOverwritten = true;
        try {
            // the poison reaches what it should: a reused overwritten array comes back full of it
            try (var scope = arena.open()) {
                StepArena.floatsOverwritten(5);
                StepArena.intsOverwritten(5);
            }
            try (var scope = arena.open()) {
                assertTrue(Float.isNaN(StepArena.floatsOverwritten(5)[4]));
                assertEquals(Integer.MIN_VALUE, StepArena.intsOverwritten(5)[4]);
            }
            List<float[]> poisoned = trainWinogradStage(arena);
            for (int i = 0; i < plain.size(); i++) {
                assertArrayEquals(plain.get(i), poisoned.get(i), "parameter " + (i % 4) + " after step " + (i / 4 + 1));
            }
            assertTrue(arena.reused() > 10, "later steps reused the first step's arrays: " + arena.reused());
            // and the small network of the other tests (im2col, unfused ReLU and pooling, dropout)
            List<float[]> small = train(null);
            List<float[]> smallPoisoned = train(new StepArena());
            for (int i = 0; i < small.size(); i++) {
                assertArrayEquals(small.get(i), smallPoisoned.get(i), "small network, parameter " + i);
            }
        } finally {
            StepArena.poisonOverwritten = false;
        }
    }

    @Test
    void theComparisonCatchesAStepThatReadsADirtyArray() {
        List<float[]> plain = train(null);
        StepArena.zeroReused = false;
        try {
            List<float[]> dirty = train(new StepArena());
            boolean differs = false;
            for (int i = 0; i < plain.size(); i++) {
                differs |= !java.util.Arrays.equals(plain.get(i), dirty.get(i));
            }
            assertTrue(differs, "without zeroing, accumulated gradients start from the last step's values");
        } finally {
            StepArena.zeroReused = true;
        }
    }

    @Test
    void aParametersGradientArrayIsReusedAfterZeroGradInsideAStepAndOnlyThere() {
        Tensor w = Tensor.randn(1, 3, 4).requiresGrad();
        Tensor x = Tensor.randn(2, 5, 4);
        StepArena arena = new StepArena();
        float[] first;
        float[] expected;
        try (var step = arena.open()) {
            F.linear(x, w, null).sum().backward();
            first = TensorInternals.data(w.grad());
            expected = first.clone();
        }
        try (var step = arena.open()) {
            w.zeroGrad();
            org.junit.jupiter.api.Assertions.assertNull(w.grad(), "zeroGrad still clears: no gradient until one flows");
            F.linear(x, w, null).sum().backward();
            assertSame(first, TensorInternals.data(w.grad()), "the cleared array is reused");
            assertArrayEquals(expected, w.grad().toArray(), "and zeroed first: the same gradient again");
        }
        w.zeroGrad();   // outside a step: a gradient held by the caller is never overwritten
        F.linear(x, w, null).sum().backward();
        assertNotSame(first, TensorInternals.data(w.grad()));
    }

    @Test
    void reshapeAndMaxPoolingReuseTheStepsArrays() {
        Tensor w = Tensor.randn(3, 4, 2, 3, 3).requiresGrad();
        Tensor x = Tensor.randn(4, 2, 2, 8, 8);
        StepArena arena = new StepArena();
        long allocatedAfterFirst = 0;
        for (int s = 0; s < 3; s++) {
            try (var step = arena.open()) {
                w.zeroGrad();
                Tensor flat = F.flatten(F.maxPool2d(F.relu(F.conv2d(x, w, null, 1, 1)), 2, 2));
                flat.sum().backward();
                assertTrue(arena.owns(TensorInternals.data(flat)), "step " + s + ": flatten copies into an array of the arena");
            }
            if (s == 0) {
                allocatedAfterFirst = arena.allocated();
            }
        }
        assertEquals(allocatedAfterFirst, arena.allocated(), "steps after the first take every array (argmax indices too) from the arena");
    }
}
