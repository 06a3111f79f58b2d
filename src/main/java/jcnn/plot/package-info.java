/**
 * Pictures; public. {@link jcnn.plot.Plots} makes each one with one static call (loss curves,
 * learning rates, confusion matrices, feature maps, filters, images, activation curves,
 * convolution steps) and returns a {@link jcnn.plot.Plot}: options chain, {@code save}, {@code
 * image}, {@code show}. XChart draws the charts, Java2D the pixel grids.
 *
 * <p>Knows tensors, data sets and {@code jcnn.nn}, but no Net, Trainer or History: it declares
 * the small read-only views it draws ({@link jcnn.plot.TrainingLog}, {@link
 * jcnn.plot.ConfusionCounts}, {@link jcnn.plot.LayerOutputs}, {@link jcnn.plot.Kernels},
 * {@link jcnn.plot.Predictions}), which {@code jcnn.model}'s classes implement
 * (docs/ARCHITECTURE.md). Nor does it know Jupyter: {@code jcnn.display.renderers} shows plots
 * in a notebook.
 */
package jcnn.plot;
