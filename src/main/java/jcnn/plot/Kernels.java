package jcnn.plot;

import jcnn.tensor.Tensor;

/**
 * What a filter grid draws: a convolution layer's kernels {@code (C_out, C_in, kH, kW)} and the
 * layer's name. {@code jcnn.model.Filters} (from {@code net.filters("conv1")}) implements it; see
 * {@link Plots#filters(Kernels)}.
 */
public interface Kernels {
    /** The layer's name, e.g. {@code conv1}; the grid's title. */
    String layer();

    /** The kernels, {@code (C_out, C_in, kH, kW)}. */
    Tensor tensor();
}
