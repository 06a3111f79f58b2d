package jcnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jcnn.tensor.Tensor;

/** Float-tolerance comparisons of tensors against reference results. */
public final class Assertions2 {
    private Assertions2() {
    }

    /** Every element within {@code tol * max(1, |expected|)} and the shapes equal. */
    public static void assertClose(Reference.Result expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertClose(expected.values(), actual.toArray(), tol);
    }

    /** Every element within {@code tol * max(1, |expected|)}. */
    public static void assertClose(double[] expected, float[] actual, double tol) {
        if (expected.length != actual.length) {
            fail("expected " + expected.length + " values but got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double bound = tol * Math.max(1.0, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= bound)) {
                fail("element " + i + ": expected " + expected[i] + " but got " + actual[i] + " (tolerance " + bound + ")");
            }
        }
    }
}
