/**
 * Internal: the built-in renderers (found through {@code META-INF/services/jcnn.display.Renderer})
 * for text, HTML/Markdown, {@code BufferedImage}s and XChart charts. Not for notebook users: a
 * cell's value or {@code display(x)} reaches them.
 */
package jcnn.display.renderers;
