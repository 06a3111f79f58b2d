/**
 * Internal: writing files so that a reader never sees half of one. {@link jcnn.io.AtomicFile}
 * is what saving a model, exporting ONNX, writing a notebook, finishing a download and
 * installing the kernelspec's jar have in common. Uses no other jcnn package.
 */
package jcnn.io;
