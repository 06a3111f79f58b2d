package jcnn.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcnn.tensor.Tensor;

/**
 * Every layer's output for one input, in network order: the feature maps the lecture draws.
 * {@code net.activations(image).get("conv1")} is a tensor {@code (1, 32, 28, 28)}.
 */
public final class Activations {
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
