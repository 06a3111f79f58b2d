package jcnn.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape, e.g. {@code (N, 8, 28, 28)}: the sizes of each axis.
 *
 * <p>A first dimension of {@code -1} stands for the batch size that is not known yet (shape
 * inference in {@code Cnn} and {@code summary()} works per example); it prints as {@code N}.
 * Every other dimension must be at least 1.
 *
 * <p>Lecture example: {@code Shape.of(-1, 1, 28, 28).numel()} is 784 pixels per image.
 */
public final class Shape {
    /** The marker for an unknown batch size in dimension 0. */
    public static final int BATCH = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given dimensions.
     *
     * @throws IllegalArgumentException if a dimension is below 1 (except {@code -1} first)
     */
    public static Shape of(int... dims) {
        int[] copy = dims.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] < 1 && !(i == 0 && copy[i] == BATCH)) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": dimension " + i
                        + " is " + copy[i] + " but must be >= 1 (only dimension 0 may be -1, the unknown batch size)");
            }
        }
        return new Shape(copy);
    }

    /** The dimensions (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** Size of axis {@code i}; {@code -1} for an unknown batch dimension. */
    public int dim(int i) {
        if (i < 0 || i >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + i + " of shape " + this + " (rank " + dims.length + ")");
        }
        return dims[i];
    }

    /** True when dimension 0 is the unknown batch size {@code -1}. */
    public boolean hasBatch() {
        return dims.length > 0 && dims[0] == BATCH;
    }

    /**
     * Number of elements; an unknown batch dimension counts as 1, so {@code (N, 8, 28, 28)} gives
     * the 6272 elements of one example. Returned as a long: the lecture's shapes overflow an int.
     */
    public long numel() {
        long n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, (long) Math.max(d, 1));
        }
        return n;
    }

    /** The same shape with dimension 0 replaced by {@code n} ({@code -1} for unknown). */
    public Shape withBatch(int n) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a scalar shape () has no batch dimension");
        }
        int[] copy = dims.clone();
        copy[0] = n;
        return of(copy);
    }

    /** The shape of one example: dimension 0 removed, e.g. {@code (N, 8, 28, 28)} gives {@code (8, 28, 28)}. */
    public Shape withoutBatch() {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a scalar shape () has no batch dimension");
        }
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** This shape with a leading unknown batch dimension: {@code (1, 28, 28)} gives {@code (N, 1, 28, 28)}. */
    public Shape batched() {
        int[] copy = new int[dims.length + 1];
        copy[0] = BATCH;
        System.arraycopy(dims, 0, copy, 1, dims.length);
        return new Shape(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code "(N, 8, 28, 28)"}; a scalar is {@code "()"}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(i == 0 && dims[i] == BATCH ? "N" : Integer.toString(dims[i]));
        }
        return sb.append(')').toString();
    }
}
