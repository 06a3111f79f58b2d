package jcnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorToStringTest {
    @Test
    void integerMatricesPrintLikeTheLecture() {
        assertEquals("4 3 4\n2 4 3\n2 3 4", Tensor.of(new float[] {4, 3, 4, 2, 4, 3, 2, 3, 4}, 3, 3).toString());
    }

    @Test
    void columnsAreRightAligned() {
        assertEquals("  1 -10\n100   2", Tensor.of(new float[] {1, -10, 100, 2}, 2, 2).toString());
    }

    @Test
    void fractionsShareTheFewestDecimalsThatShowThemAll() {
        assertEquals(" 0.50 -1.25\n 2.00  0.00", Tensor.of(new float[] {0.5f, -1.25f, 2, 0}, 2, 2).toString());
        assertEquals("0.3333 0.6667", Tensor.of(new float[] {1 / 3f, 2 / 3f}, 2).toString());
    }

    @Test
    void tinyAndHugeValuesUseScientificNotation() {
        assertEquals("1.0000e-06 2.5000e+00", Tensor.of(new float[] {1e-6f, 2.5f}, 2).toString());
    }

    @Test
    void scalarsPrintTheBareValue() {
        assertEquals("3", Tensor.scalar(3).toString());
        assertEquals("0.25", Tensor.scalar(0.25f).toString());
    }

    @Test
    void higherRanksPrintEachMatrixUnderItsIndex() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        assertEquals("Tensor(1, 2, 2, 2)\n\n[0, 0] =\n1 2\n3 4\n\n[0, 1] =\n5 6\n7 8", t.toString());
    }

    @Test
    void largeTensorsPrintAShapeAndSummary() {
        String s = Tensor.zeros(64, 1, 28, 28).toString();
        assertTrue(s.startsWith("Tensor(64, 1, 28, 28): 50176 values, min 0"), s);
    }

    @Test
    void nanAndInfinityPrintByName() {
        assertEquals(" NaN  Inf -Inf    1", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 1}, 4).toString());
    }
}
