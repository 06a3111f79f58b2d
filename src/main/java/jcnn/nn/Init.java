package jcnn.nn;

/**
 * How a weight tensor starts, from a seed.
 *
 * <ul>
 *   <li>{@link #HE}: uniform in {@code ±sqrt(6 / fanIn)} (He et al. 2015), for weights followed by
 *   ReLU, leaky ReLU or ELU: keeps the activations' variance from layer to layer;</li>
 *   <li>{@link #GLOROT}: uniform in {@code ±sqrt(6 / (fanIn + fanOut))} (Glorot and Bengio 2010,
 *   "Xavier"), for everything else (sigmoid, tanh, softmax outputs);</li>
 *   <li>{@link #ZEROS}: biases, running means;</li>
 *   <li>{@link #ONES}: BatchNorm's scale gamma and running variance.</li>
 * </ul>
 * For a convolution {@code fanIn = C_in·k·k} and {@code fanOut = C_out·k·k}; for a dense layer
 * {@code fanIn = in} and {@code fanOut = out}.
 */
public enum Init {
    HE, GLOROT, ZEROS, ONES;

    /** Half-width of the uniform range. */
    double limit(long fanIn, long fanOut) {
        return switch (this) {
            case HE -> Math.sqrt(6.0 / fanIn);
            case GLOROT -> Math.sqrt(6.0 / (fanIn + fanOut));
            case ZEROS, ONES -> 0;
        };
    }
}
