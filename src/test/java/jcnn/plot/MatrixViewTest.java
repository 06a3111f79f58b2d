package jcnn.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcnn.nn.F;
import jcnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MatrixViewTest {
    /** The lecture's 5x5 binary image and 3x3 kernel (section 2). */
    static final int[][] IMAGE = {{1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}};
    static final int[][] KERNEL = {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}};

    @Test
    void theLecturesWorkedConvolutionGives434_243_234() {
        ConvolutionSteps steps = Plots.convolutionSteps(IMAGE, KERNEL);
        double[][] out = steps.output();
        assertArrayEquals(new double[] {4, 3, 4}, out[0]);
        assertArrayEquals(new double[] {2, 4, 3}, out[1]);
        assertArrayEquals(new double[] {2, 3, 4}, out[2]);
        assertEquals("(0, 0): 1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4", steps.at(0, 0).caption());
    }

    /** Issue 14: README's {@code Plots.convolutionSteps(image, kernel)} with the Tensors of its conv2d example. */
    @Test
    void convolutionStepsTakeTheTensorsOfAConv2dCall() {
        Tensor image = Tensor.of(new float[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0}, 1, 1, 5, 5);
        Tensor kernel = Tensor.of(new float[] {1, 0, 1, 0, 1, 0, 1, 0, 1}, 1, 1, 3, 3).requiresGrad();
        ConvolutionSteps steps = Plots.convolutionSteps(image, kernel);
        assertArrayEquals(Plots.convolutionSteps(IMAGE, KERNEL).output(), steps.output());
        assertEquals(Plots.convolutionSteps(IMAGE, KERNEL).at(0, 0).caption(), steps.at(0, 0).caption());
        assertArrayEquals(new double[] {4, 3, 4}, Plots.convolutionSteps(image.reshape(5, 5), kernel.reshape(1, 3, 3)).output()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.convolutionSteps(Tensor.zeros(1, 2, 5, 5), kernel));
        assertEquals("convolutionSteps: expected the image as (H, W), (1, H, W) or (1, 1, H, W) but got (1, 2, 5, 5);"
                + " the worked steps show one channel: pick one, e.g. image.reshape(...) of a single image and channel", e.getMessage());
    }

    @Test
    void stridePaddingAndBiasAgreeWithTheEnginesConv2d() {
        float[] image = new float[25];
        float[] kernel = new float[9];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                image[r * 5 + c] = IMAGE[r][c];
            }
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                kernel[r * 3 + c] = KERNEL[r][c];
            }
        }
        Tensor y = F.conv2d(Tensor.of(image, 1, 1, 5, 5), Tensor.of(kernel, 1, 1, 3, 3), Tensor.of(new float[] {1}, 1), 2, 1);
        ConvolutionSteps steps = Plots.convolutionSteps(IMAGE, KERNEL).stride(2).padding(1).bias(1);
        assertEquals(3, steps.rows());
        assertEquals(3, steps.cols());
        float[] engine = y.toArray();
        double[][] ours = steps.output();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(engine[i * 3 + j], ours[i][j], 1e-6, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void aStepHighlightsTheWindowAndTheCurrentOutput() {
        MatrixView step = Plots.convolutionSteps(IMAGE, KERNEL).at(1, 2);
        int highlighted = 0;
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                boolean inWindow = r >= 1 && r <= 3 && c >= 2 && c <= 4;
                assertEquals(inWindow, step.isHighlighted(0, r, c), "(" + r + ", " + c + ")");
                highlighted += inWindow ? 1 : 0;
            }
        }
        assertEquals(9, highlighted);
        assertTrue(step.isHighlighted(2, 1, 2));
        String text = step.text();
        assertTrue(text.contains(" 0  1 [1][1][0]"), text);
        assertTrue(text.contains(" 2  4 [3]"), text);
        String html = step.html();
        assertEquals(10, html.split("background:#ffd966", -1).length - 1, "9 window cells and 1 output cell");
        assertTrue(html.startsWith("<div") && html.contains("<table"));
        assertEquals("convolution step (1, 2) of a 3x3 output: 5x5 image, 3x3 kernel, output 3", step.describe());
        assertTrue(Pictures.inked(step.image()) > 0.05);
    }

    @Test
    void paddingCellsAreMarkedAndBadPositionsExplained() {
        MatrixView step = Plots.convolutionSteps(IMAGE, KERNEL).padding(1).at(0, 0);
        assertTrue(step.text().contains("[0][0][0](0)"), step.text());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Plots.convolutionSteps(IMAGE, KERNEL).at(3, 0));
        assertTrue(e.getMessage().contains("(3, 0) is outside the 3x3 output"), e.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Plots.convolutionSteps(KERNEL, IMAGE));
        assertTrue(big.getMessage().contains("the 5x5 kernel is larger than the 3x3 (padded) image"), big.getMessage());
        assertEquals(9, Plots.convolutionSteps(IMAGE, KERNEL).steps().size());
    }

    @Test
    void aMatrixCanHighlightAnyWindow() {
        MatrixView m = Plots.matrix(Tensor.of(new float[] {1, 2.5f, 3, 4}, 2, 2)).highlight(0, 1, 2, 1);
        assertTrue(m.isHighlighted(0, 1, 1));
        assertTrue(!m.isHighlighted(0, 0, 0));
        assertTrue(m.text().contains("[2.5]"), m.text());
        assertThrows(IndexOutOfBoundsException.class, () -> m.highlight(1, 1, 2, 2));
    }
}
