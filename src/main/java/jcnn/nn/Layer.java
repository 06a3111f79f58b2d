package jcnn.nn;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * One step of a network (after Keras' layer anatomy): shape inference, a forward pass made of
 * {@link F} operations (their tape gives the backward pass), its parameters and its
 * configuration. A layer is one class; the {@link jcnn.model.Cnn} builder adds any layer with
 * {@link jcnn.model.Cnn#add(Layer)} and {@link jcnn.model.NetFile} saves it through {@link #kind()} and
 * {@link #config()} and rebuilds it through the factory registered for its kind in
 * {@link LayerRegistry}.
 *
 * <p>Shapes include the batch dimension, {@code -1} while unknown: {@code (N, 1, 28, 28)}.
 * To write a layer, extend {@link AbstractLayer} (see its Javadoc for a complete example).
 */
public interface Layer {
    /**
     * The output shape for an input shape, without computing anything.
     *
     * @throws IllegalArgumentException (often {@link jcnn.tensor.ShapeMismatchException}) naming the
     *                                  layer, the expected and received shapes, and a fix
     */
    Shape outputShape(Shape input);

    /**
     * The forward pass. {@link Mode#TRAIN}: dropout drops, batch norm uses the batch's statistics
     * and updates its running ones; {@link Mode#EVAL}: deterministic, nothing changes.
     */
    Tensor forward(Tensor x, Mode mode);

    /**
     * Like {@link #forward(Tensor, Mode)}, telling {@code observer} every output by layer name:
     * this layer's, and for a block its inner layers' first ({@code block1.conv1}). Used by
     * {@code net.activations(x)}.
     */
    default Tensor forward(Tensor x, Mode mode, BiConsumer<String, Tensor> observer) {
        Tensor y = forward(x, mode);
        observer.accept(name(), y);
        return y;
    }

    /** Every tensor the layer owns, of any {@link Parameter.Kind} (empty for pooling and activations). */
    List<Parameter> parameters();

    /** The name in its net, e.g. {@code conv1}, {@code block1.conv2} inside a block. */
    String name();

    /** Renames the layer (the builder numbers them: conv1, conv2 ...); returns this. */
    Layer named(String name);

    /** The class name shown by summaries and messages, e.g. {@code Conv2d}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /**
     * The key the model file stores and {@link LayerRegistry} maps to a factory: the builder verb
     * for the built-ins ({@code conv}, {@code batchNorm} ...), the class name otherwise.
     */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** The builder's name prefix, numbered per net: conv → conv1, conv2 ... */
    default String namePrefix() {
        return kind().toLowerCase(Locale.ROOT);
    }

    /** The arguments that re-create this layer through its factory (written to the model file). */
    default LayerConfig config() {
        return new LayerConfig();
    }

    /** The layers inside a block (a residual block's branch and projection); empty for plain layers. */
    default List<Layer> children() {
        return List.of();
    }

    /**
     * Allocates the parameters from {@code random} (one draw per parameter, in order), then
     * {@link #reseed}s. Called once by the net; a block passes the generator to its children.
     */
    default void initialize(SplittableRandom random) {
        for (Parameter p : parameters()) {
            p.initialize(random.nextLong());
        }
        reseed(random);
    }

    /**
     * Restarts this layer's random numbers (dropout masks) from {@code random}; a layer without
     * randomness draws nothing. The trainer calls it at the start of a run with its seed.
     */
    default void reseed(SplittableRandom random) {
    }

    /**
     * Told by the builder that a ReLU-family activation follows: weighted layers switch to He
     * initialisation; others ignore it.
     */
    default void followedByRectifier() {
    }

    /** Number of values the layer owns (weights, biases and state), from shapes only (never allocates). */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Number of trainable values (weights and biases; not state). */
    default long trainableCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            if (p.isTrainable()) {
                n += p.numel();
            }
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
        throw new IllegalStateException(name() + " (" + type() + ") has no weights; Conv2d, LocallyConnected2d, Dense "
                + "and the BatchNorm layers have");
    }

    /** The bias tensor (a copy); throws like {@link #weights()}. */
    default Tensor bias() {
        throw new IllegalStateException(name() + " (" + type() + ") has no bias; Conv2d, LocallyConnected2d, Dense "
                + "and the BatchNorm layers have");
    }

    /** Like {@code Conv2d(1, 32, kernelSize=3, padding=1)}: required arguments and non-default options. */
    @Override
    String toString();
}
