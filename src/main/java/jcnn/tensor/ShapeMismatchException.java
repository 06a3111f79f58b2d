package jcnn.tensor;

/**
 * A tensor of the wrong shape reached an operation.
 *
 * <p>The message names the operation, the shape it expected, the shape it received and one way
 * to fix it, e.g.
 * {@code "conv2d: expected input (N, 3, H, W) but got (32, 1, 28, 28); the weight has 3 input channels"}.
 */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String expected;
    private final int[] received;
    private final String hint;

    /**
     * @param operation the operation or layer that refused the tensor, e.g. {@code "conv2d"}
     * @param expected  the expected shape in words, e.g. {@code "input (N, 3, H, W)"}
     * @param received  the shape received
     * @param hint      how to fix it (may be null or empty)
     */
    public ShapeMismatchException(String operation, String expected, int[] received, String hint) {
        super(operation + ": expected " + expected + " but got " + Shapes.toString(received)
                + (hint == null || hint.isEmpty() ? "" : "; " + hint));
        this.operation = operation;
        this.expected = expected;
        this.received = received == null ? new int[0] : received.clone();
        this.hint = hint == null ? "" : hint;
    }

    /** The operation that refused the tensor. */
    public String operation() {
        return operation;
    }

    /** The expected shape, in words. */
    public String expected() {
        return expected;
    }

    /** The received shape (a copy). */
    public int[] received() {
        return received.clone();
    }

    /** How to fix it; empty when there is no hint. */
    public String hint() {
        return hint;
    }
}
