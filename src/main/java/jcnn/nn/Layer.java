package jcnn.nn;

import java.util.List;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * One step of a network (after Keras' layer anatomy): shape inference, a forward pass made of
 * {@link F} operations (their tape gives the backward pass), and its parameters.
 *
 * <p>Shapes include the batch dimension, {@code -1} while unknown: {@code (N, 1, 28, 28)}.
 */
public interface Layer {
    /**
     * The output shape for an input shape, without computing anything.
     *
     * @throws IllegalArgumentException (often {@link jcnn.tensor.ShapeMismatchException}) naming the
     *                                  layer, the expected and received shapes, and a fix
     */
    Shape outputShape(Shape input);

    /** The forward pass; {@code mode} switches dropout on ({@link Mode#TRAIN}) or off. */
    Tensor forward(Tensor x, Mode mode);

    /** Trainable tensors (empty for pooling and activations). */
    List<Parameter> parameters();

    /** The name in its net, e.g. {@code conv1}. */
    String name();

    /** The class name shown by summaries, e.g. {@code Conv2d}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** Number of trainable values, from shapes only (never allocates). */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** How {@link #parameterCount()} is computed, e.g. {@code 32·(1·3·3)+32}; empty without parameters. */
    default String formula() {
        return "";
    }

    /**
     * The weight tensor (a copy; the net is not changed).
     *
     * @throws IllegalStateException for a layer without weights
     */
    default Tensor weights() {
        throw new IllegalStateException(type() + " '" + name() + "' has no weights; only Conv2d, LocallyConnected2d and Dense have");
    }

    /** The bias tensor (a copy); throws like {@link #weights()}. */
    default Tensor bias() {
        throw new IllegalStateException(type() + " '" + name() + "' has no bias; only Conv2d, LocallyConnected2d and Dense have");
    }

    /** Like {@code Conv2d(1, 32, kernelSize=3, padding=1)}: required arguments and non-default options. */
    @Override
    String toString();
}
