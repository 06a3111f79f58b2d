package jcnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jcnn.data.Dataset;

/**
 * Fashion-MNIST for the engine-only benchmarks, loaded as a user's program loads it
 * ({@link Dataset#fromIdx}: the pixels kept as bytes, read as {@code byte / 255f} batch by batch
 * through {@link Dataset#copyBatch}), from the IDX files, gzipped or not.
 */
final class FashionData {
    final Dataset dataset;
    final int[] labels;
    final int count;

    private FashionData(Dataset dataset) {
        this.dataset = dataset;
        this.labels = dataset.labels();
        this.count = labels.length;
        if (dataset.exampleSize() != 784) {
            throw new IllegalArgumentException("Fashion-MNIST " + dataset.name() + ": examples of " + dataset.exampleShape()
                    + "; expected (1, 28, 28)");
        }
    }

    /** Loads {@code train} or {@code t10k} from {@code dir}. */
    static FashionData load(Path dir, String prefix) throws IOException {
        return new FashionData(Dataset.fromIdx(file(dir, prefix + "-images-idx3-ubyte"), file(dir, prefix + "-labels-idx1-ubyte"),
                "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    /** Examples {@code order[from..to)} (or {@code from..to} without an order) into {@code x}, labels into {@code y}. */
    void copyBatch(int[] order, int from, int to, float[] x, int[] y) {
        dataset.copyBatch(order, from, to, x, y);
    }

    private static Path file(Path dir, String name) throws IOException {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        Path file = Files.exists(plain) ? plain : gz;
        if (!Files.exists(file)) {
            throw new IOException("Fashion-MNIST file " + plain + " (or .gz) not found; pass --data DIR"
                    + " pointing at the IDX files (default /usr/share/datasets/fashion-mnist)");
        }
        return file;
    }
}
