package jcnn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import jcnn.tensor.Shape;

/**
 * Which factory rebuilds a saved layer: the model file stores each layer's {@link Layer#kind()}
 * and {@link Layer#config()}; {@link jcnn.model.NetFile} looks the kind up here and calls the factory with
 * the configuration and the input shape (where the layer learns its channel count). The
 * built-ins register themselves; register a layer of your own once, before loading a net that
 * holds it:
 * <pre>{@code
 * LayerRegistry.register("Gain", (config, input) -> new Gain());
 * }</pre>
 */
public final class LayerRegistry {
    /** Makes a layer from its saved configuration, for the given input shape (batch axis included). */
    @FunctionalInterface
    public interface Factory {
        Layer create(LayerConfig config, Shape input);
    }

    /** A saved layer as the file describes it: kind, name, configuration and, for a block, its inner layers. */
    public record Saved(String kind, String name, LayerConfig config, List<Saved> children) {
    }

    /** Makes a block (a layer holding layers) from its saved description. */
    @FunctionalInterface
    interface BlockFactory {
        Layer create(Saved saved, Shape input);
    }

    private static final Map<String, BlockFactory> FACTORIES = new ConcurrentHashMap<>();

    static {
        register("conv", Conv2d::fromConfig);
        register("local", LocallyConnected2d::fromConfig);
        register("maxPool", MaxPool2d::fromConfig);
        register("avgPool", AvgPool2d::fromConfig);
        register("globalAvgPool", (config, input) -> new GlobalAvgPool2d());
        register("relu", (config, input) -> new ReLU());
        register("sigmoid", (config, input) -> new Sigmoid());
        register("tanh", (config, input) -> new Tanh());
        register("leakyRelu", LeakyReLU::fromConfig);
        register("elu", ELU::fromConfig);
        register("maxout", Maxout::fromConfig);
        register("dropout", Dropout::fromConfig);
        register("flatten", (config, input) -> new Flatten());
        register("dense", Dense::fromConfig);
        register("softmax", (config, input) -> new Softmax());
        register("batchNorm", BatchNorm::fromConfig);
        FACTORIES.put("residual", Residual::fromSaved);
    }

    private LayerRegistry() {
    }

    /**
     * Registers (or replaces) the factory for layers of {@code kind}.
     *
     * @throws IllegalArgumentException if kind is blank or names a built-in block
     */
    public static void register(String kind, Factory factory) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("LayerRegistry: the kind must be a non-empty name, e.g. the class name, but got '"
                    + kind + "'");
        }
        if (kind.equals("residual")) {
            throw new IllegalArgumentException("LayerRegistry: 'residual' is the built-in residual block; choose another kind");
        }
        java.util.Objects.requireNonNull(factory, "factory");
        FACTORIES.put(kind, (saved, input) -> factory.create(saved.config(), input));
    }

    /** True when a factory is registered for {@code kind}. */
    public static boolean isRegistered(String kind) {
        return FACTORIES.containsKey(kind);
    }

    /** The registered kinds, sorted. */
    public static List<String> kinds() {
        return new ArrayList<>(new TreeMap<>(FACTORIES).keySet());
    }

    /**
     * Re-creates a saved layer (named as saved) for {@code input}.
     *
     * @throws IllegalArgumentException for a kind nobody registered (the message lists the known kinds)
     */
    public static Layer create(Saved saved, Shape input) {
        BlockFactory f = FACTORIES.get(saved.kind());
        if (f == null) {
            throw new IllegalArgumentException("layer " + saved.name() + " is of kind '" + saved.kind()
                    + "', which no factory is registered for; known kinds: " + String.join(", ", kinds())
                    + ". For a layer of your own, call LayerRegistry.register(\"" + saved.kind() + "\", (config, input) -> ...) first");
        }
        Layer layer = f.create(saved, input);
        layer.named(saved.name());
        return layer;
    }
}
