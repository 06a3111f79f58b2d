package jcnn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcnn.tensor.Tensor;
import jcnn.plot.LayerOutputs;

/**
 * Every layer's output for one input, in network order: the feature maps the lecture draws.
 * {@code net.activations(image).get("conv1")} is a tensor {@code (1, 32, 28, 28)}.
 */
public final class Activations implements LayerOutputs {
    private final Map<String, Tensor> outputs;

    Activations(LinkedHashMap<String, Tensor> outputs) {
        this.outputs = Collections.unmodifiableMap(outputs);
    }

    /**
     * The output of layer {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the names
     */
    public Tensor get(String name) {
        Tensor t = outputs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no layer named '" + name + "'; the layers are " + String.join(", ", outputs.keySet()));
        }
        return t;
    }

    /** Layer names in network order. */
    public List<String> names() {
        return List.copyOf(outputs.keySet());
    }

    /** Name to output, in network order. */
    public Map<String, Tensor> asMap() {
        return outputs;
    }

    /**
     * The feature maps of layer {@code name} as a grid ({@link jcnn.plot.Plots#featureMaps(Tensor, String)}):
     * {@code net.activations(x).plot("conv1")}. A deliberate one-line back-edge from nn to plot.
     *
     * @throws IllegalArgumentException for an unknown name, or an output that is not image-shaped
     */
    public jcnn.plot.ImageGrid plot(String name) {
        return jcnn.plot.Plots.featureMaps(get(name), name);
    }

    /**
     * One grid per image-shaped layer output, in network order, one under another as one picture
     * ({@link jcnn.plot.Plots#featureMaps(Activations)}); {@code .plots()} gives the grids.
     *
     * @throws IllegalArgumentException if no output is image-shaped
     */
    public jcnn.plot.PlotStack plot() {
        return jcnn.plot.Plots.featureMaps(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Activations(");
        boolean first = true;
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append(' ').append(jcnn.tensor.Shape.of(e.getValue().shape()));
            first = false;
        }
        return sb.append(')').toString();
    }
}
