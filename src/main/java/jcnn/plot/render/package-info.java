/**
 * Internal: the renderers (found through {@code META-INF/services/jcnn.display.Renderer}) that
 * turn plots and the model's objects into a cell's PNG, HTML or text outputs. Cells never call
 * them; they display a value by making it a cell's result or passing it to {@code display(...)}.
 */
package jcnn.plot.render;
