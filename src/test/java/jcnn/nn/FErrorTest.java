package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcnn.tensor.ShapeMismatchException;
import jcnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Mistakes are refused before any computation, with what was expected, what was received and a fix. */
class FErrorTest {
    private static final Tensor IMAGES = Tensor.zeros(32, 1, 28, 28);
    private static final Tensor RGB_WEIGHT = Tensor.zeros(8, 3, 3, 3);

    @Test
    void convolutionNamesTheChannelMismatch() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> F.conv2d(IMAGES, RGB_WEIGHT, null, 1, 1));
        assertEquals("conv2d: expected input (N, 3, H, W) but got (32, 1, 28, 28); the weight has 3 input channels",
                e.getMessage());
    }

    @Test
    void convolutionRefusesAnImageWithoutABatchAxis() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> F.conv2d(Tensor.zeros(1, 28, 28), RGB_WEIGHT, null, 1, 1));
        assertEquals("conv2d: expected input (N, C_in, H, W) but got (1, 28, 28); images are NCHW; "
                + "reshape a single image (C, H, W) to (1, C, H, W)", e.getMessage());
    }

    @Test
    void convolutionRefusesAWrongBias() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> F.conv2d(Tensor.zeros(1, 3, 5, 5), RGB_WEIGHT, Tensor.zeros(3), 1, 1));
        assertEquals("conv2d: expected bias (8) but got (3); one bias per output channel; the weight has 8 output channels",
                e.getMessage());
    }

    @Test
    void badHyperParametersAreRefusedWithTheValueReceived() {
        Tensor x = Tensor.zeros(1, 3, 5, 5);
        assertMessage("conv2d: stride must be >= 1 but got 0", () -> F.conv2d(x, RGB_WEIGHT, null, 0, 1));
        assertMessage("conv2d: padding must be >= 0 but got -1", () -> F.conv2d(x, RGB_WEIGHT, null, 1, -1));
        assertMessage("maxPool2d: kernel size must be >= 1 but got 0", () -> F.maxPool2d(x, 0, 1));
        assertMessage("avgPool2d: stride must be >= 1 but got -2", () -> F.avgPool2d(x, 2, -2));
        assertMessage("dropout: p (the probability of dropping a unit) must be in [0, 1) but got 1.0",
                () -> F.dropout(x, 1f, true, 1));
        assertMessage("dropout: p (the probability of dropping a unit) must be in [0, 1) but got -0.1",
                () -> F.dropout(x, -0.1f, true, 1));
        assertMessage("maxout: pieces must be >= 1 but got 0", () -> F.maxout(x, 0));
    }

    @Test
    void aNonWholeOutputSizeShowsTheFormulaWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.conv2d(Tensor.zeros(1, 3, 14, 14), Tensor.zeros(1, 3, 5, 5), null, 2, 0));
        assertTrue(e.getMessage().startsWith("conv2d: output height (14 + 2·0 − 5)/2 + 1 = 5.5 is not a whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.maxPool2d(Tensor.zeros(1, 1, 7, 7), 2, 2));
        assertTrue(e.getMessage().startsWith("maxPool2d: output height (7 + 2·0 − 2)/2 + 1 = 3.5 is not a whole number"),
                e.getMessage());
    }

    @Test
    void denseAndLossErrorsSayHowToFixThem() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> F.linear(Tensor.zeros(64, 64, 7, 7), Tensor.zeros(128, 3136), null));
        assertEquals("linear: expected input (N, 3136) but got (64, 64, 7, 7); flatten the images first: "
                + "F.flatten(x) gives (N, 3136)", e.getMessage());
        e = assertThrows(ShapeMismatchException.class, () -> F.linear(Tensor.zeros(4, 10), Tensor.zeros(5, 12), null));
        assertEquals("linear: expected input (N, 12) but got (4, 10); the weight (5, 12) takes 12 input features",
                e.getMessage());
        assertMessage("crossEntropy: expected 4 labels (one per row of logits (4, 10)) but got 3",
                () -> F.crossEntropy(Tensor.zeros(4, 10), new int[] {1, 2, 3}));
        assertMessage("crossEntropy: label 10 at index 1 is outside 0..9 (the logits have 10 classes)",
                () -> F.crossEntropy(Tensor.zeros(2, 10), new int[] {1, 10}));
        e = assertThrows(ShapeMismatchException.class, () -> F.maxout(Tensor.zeros(2, 5), 2));
        assertEquals("maxout: expected (N, C*2, ...) but got (2, 5); 5 channels do not split into groups of 2", e.getMessage());
    }

    @Test
    void locallyConnectedNamesTheExpectedWeightShape() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> F.locallyConnected2d(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(2, 2, 4, 1, 3, 3), null, 1, 0));
        assertEquals("locallyConnected2d: expected weight (3, 3, C_out, 1, 3, 3) but got (2, 2, 4, 1, 3, 3); "
                + "an input 5x5 gives 3x3 output positions, each with its own weights", e.getMessage());
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), "message was: " + e.getMessage());
    }
}
