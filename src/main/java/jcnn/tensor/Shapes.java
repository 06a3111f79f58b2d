package jcnn.tensor;

import java.util.Arrays;

/** Small helpers for int[] shapes: product, formatting, equality. */
public final class Shapes {
    private Shapes() {
    }

    /** {@code "(32, 1, 28, 28)"}; a rank-0 shape prints as {@code "()"}. */
    public static String toString(int[] shape) {
        if (shape == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** The number of elements: the product of the dims (1 for rank 0). */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** True when both shapes have the same rank and dims. */
    public static boolean same(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }
}
