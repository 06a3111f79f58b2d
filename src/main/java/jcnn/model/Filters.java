package jcnn.model;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.plot.Kernels;

/**
 * The learned kernels of a convolution layer, {@code (filters, C_in, k, k)}, with the layer's
 * name: what {@code net.filters("conv1")} returns for plotting (a copy; the net is unchanged).
 */
public final class Filters implements Kernels {
    private final String layer;
    private final Tensor weights;

    Filters(String layer, Tensor weights) {
        this.layer = layer;
        this.weights = weights;
    }

    /** The layer's name, e.g. conv1. */
    public String layer() {
        return layer;
    }

    /** The weights {@code (filters, C_in, k, k)}. */
    public Tensor tensor() {
        return weights;
    }

    /** Number of filters. */
    public int count() {
        return weights.size(0);
    }

    /** Input channels per filter. */
    public int inChannels() {
        return weights.size(1);
    }

    /** Kernel size. */
    public int kernelSize() {
        return weights.size(2);
    }

    /**
     * The kernels as a grid ({@link jcnn.plot.Plots#filters(Filters)}): {@code net.filters("conv1").plot()}.
     * A deliberate one-line back-edge from nn to plot.
     */
    public jcnn.plot.ImageGrid plot() {
        return jcnn.plot.Plots.filters(this);
    }

    @Override
    public String toString() {
        return "Filters(" + layer + ": " + count() + " of " + inChannels() + "×" + kernelSize() + "×" + kernelSize()
                + ", weights " + Shape.of(weights.shape()) + ")";
    }
}
