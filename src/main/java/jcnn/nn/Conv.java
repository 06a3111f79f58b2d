package jcnn.nn;

/**
 * The lecture's output-size arithmetic for convolution and pooling, without allocating.
 *
 * <pre>
 *   out = (W + 2P - F) / S + 1
 * </pre>
 * with input size W, kernel (receptive field) size F, zero padding P and stride S.
 * Lecture examples: {@code outSize(32, 5, 0, 1) == 28}; {@code outSize(7, 3, 0, 2) == 3};
 * {@code outSize(4, 3, 0, 1) == 2}; padding 1 with a 3x3 kernel keeps the size.
 */
public final class Conv {
    private Conv() {
    }

    /**
     * Output size along one axis.
     *
     * @throws IllegalArgumentException if a size is out of range, the kernel does not fit the
     *                                  padded input, or {@code (W + 2P - F)} is not a multiple of
     *                                  {@code S}; the message shows the formula with the numbers
     */
    public static int outSize(int inputSize, int kernelSize, int padding, int stride) {
        String problem = check(inputSize, kernelSize, padding, stride);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return (inputSize + 2 * padding - kernelSize) / stride + 1;
    }

    /**
     * The formula written out with the numbers, e.g. {@code "(32 + 2·0 − 5)/1 + 1 = 28"} or
     * {@code "(13 + 2·0 − 5)/2 + 1 = 5.5"}.
     */
    public static String formula(int inputSize, int kernelSize, int padding, int stride) {
        long numerator = (long) inputSize + 2L * padding - kernelSize;
        String value;
        if (stride > 0 && numerator % stride == 0) {
            value = Long.toString(numerator / stride + 1);
        } else if (stride > 0) {
            value = stripZeros((double) numerator / stride + 1);
        } else {
            value = "undefined";
        }
        return "(" + inputSize + " + 2·" + padding + " − " + kernelSize + ")/" + stride + " + 1 = " + value;
    }

    /** Null when the geometry is valid, otherwise the explanation {@link #outSize} throws. */
    public static String check(int inputSize, int kernelSize, int padding, int stride) {
        if (inputSize < 1) {
            return "input size must be >= 1, got " + inputSize;
        }
        if (kernelSize < 1) {
            return "kernel size must be >= 1, got " + kernelSize;
        }
        if (stride < 1) {
            return "stride must be >= 1, got " + stride;
        }
        if (padding < 0) {
            return "padding must be >= 0, got " + padding;
        }
        long numerator = (long) inputSize + 2L * padding - kernelSize;
        if (numerator < 0) {
            return formula(inputSize, kernelSize, padding, stride) + ": the " + kernelSize + "-wide kernel does not fit an input of "
                    + inputSize + " with padding " + padding + "; use a smaller kernel or padding("
                    + ((kernelSize - inputSize + 1) / 2) + ")";
        }
        if (numerator % stride != 0) {
            return formula(inputSize, kernelSize, padding, stride) + " is not a whole number; try "
                    + suggestion(inputSize, kernelSize, padding, stride);
        }
        return null;
    }

    private static String suggestion(int inputSize, int kernelSize, int padding, int stride) {
        StringBuilder sb = new StringBuilder();
        for (int p = padding + 1; p <= padding + stride; p++) {
            if (((long) inputSize + 2L * p - kernelSize) % stride == 0) {
                sb.append("padding(").append(p).append(")");
                break;
            }
        }
        if (sb.length() > 0) {
            sb.append(" or ");
        }
        return sb.append("stride(1)").toString();
    }

    private static String stripZeros(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
