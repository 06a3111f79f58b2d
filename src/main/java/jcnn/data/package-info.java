/**
 * Datasets for the lecture's experiments: MNIST, Fashion-MNIST and CIFAR-10 from IDX/binary
 * files (found locally or downloaded and checked), in-memory {@link jcnn.data.Dataset}s of image
 * and label tensors, mini-batches and augmentation. Public API for cells; depends only on
 * {@code jcnn.tensor}.
 */
package jcnn.data;
