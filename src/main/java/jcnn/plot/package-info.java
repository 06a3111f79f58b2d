/**
 * Pictures of tensors, images and series: loss curves, activation curves, feature-map and
 * filter grids, confusion-matrix heat maps, convolution steps, the live training chart; drawn
 * with XChart (bundled in the jar under {@code jcnn.shaded}) and Java2D. Public API for cells:
 * start from {@link jcnn.plot.Plots}; every plot has {@code .image()}, {@code .png()}, {@code .save(path)} and
 * {@code .svg()}, and a cell shows it as its value.
 */
package jcnn.plot;
