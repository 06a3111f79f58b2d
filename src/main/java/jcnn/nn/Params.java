package jcnn.nn;

/**
 * The lecture's parameter counts (weights only, no biases), without allocating anything.
 *
 * <p>The lecture's example: a 1000x1000 image ({@code 10^6} inputs) and {@code 10^6} hidden units.
 * <ul>
 *   <li>{@code full(1_000_000, 1_000_000)} = 10^12: every hidden unit sees every pixel;</li>
 *   <li>{@code local(1_000_000, 10, 10)} = 10^8: each unit sees its own 10x10 field;</li>
 *   <li>{@code shared(1, 10, 10)} = 100: all units share one 10x10 kernel;</li>
 *   <li>{@code shared(100, 10, 10)} = 10^4: 100 kernels, one feature map each.</li>
 * </ul>
 */
public final class Params {
    private Params() {
    }

    /** Fully connected: {@code inputs × hidden} weights. */
    public static long full(long inputs, long hidden) {
        requirePositive("inputs", inputs);
        requirePositive("hidden", hidden);
        return Math.multiplyExact(inputs, hidden);
    }

    /** Locally connected, unshared: {@code hidden × fieldHeight × fieldWidth} weights. */
    public static long local(long hidden, int fieldHeight, int fieldWidth) {
        requirePositive("hidden", hidden);
        requirePositive("fieldHeight", fieldHeight);
        requirePositive("fieldWidth", fieldWidth);
        return Math.multiplyExact(hidden, (long) fieldHeight * fieldWidth);
    }

    /** Weight sharing: {@code kernels × fieldHeight × fieldWidth} weights, whatever the image size. */
    public static long shared(int kernels, int fieldHeight, int fieldWidth) {
        requirePositive("kernels", kernels);
        requirePositive("fieldHeight", fieldHeight);
        requirePositive("fieldWidth", fieldWidth);
        return (long) kernels * fieldHeight * fieldWidth;
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
