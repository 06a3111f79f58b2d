/**
 * How objects become MIME bundles in a notebook, found by {@link java.util.ServiceLoader}
 * ({@code META-INF/services/jcnn.display.Renderer}): text, HTML and Markdown, images, XChart
 * charts, and the library's own objects (plots, nets and summaries, histories, confusion
 * matrices, filters, tensors); and {@code LiveTraining}, the chart that updates in place while
 * {@code run()} trains. Internal: cells call {@code display(x)}, not these classes.
 *
 * <p>The one place where {@code jcnn.display} meets the library ({@code jcnn.model},
 * {@code jcnn.plot}); the rest of {@code jcnn.display} uses none of it (docs/ARCHITECTURE.md).
 */
package jcnn.display.renderers;
