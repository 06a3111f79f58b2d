package jcnn.plot;

import java.util.Map;
import jcnn.tensor.Tensor;

/**
 * What a stack of feature-map grids draws: layer outputs by layer name, in network order.
 * {@code jcnn.model.Activations} (from {@code net.activations(x)} or {@code net.featureMaps(x)})
 * implements it; see {@link Plots#featureMaps(LayerOutputs)}.
 */
public interface LayerOutputs {
    /** Each layer's output by name, in network order (image-shaped ones are drawn). */
    Map<String, Tensor> asMap();
}
