package jcnn.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST for the benchmarks, read straight from the IDX files (gzipped or not) so the
 * benchmark measures the tensor engine, not a data pipeline. Pixels are scaled to [0, 1].
 */
final class FashionData {
    final float[] images;   // (count, 1, 28, 28) row-major
    final int[] labels;
    final int count;

    private FashionData(float[] images, int[] labels) {
        this.images = images;
        this.labels = labels;
        this.count = labels.length;
    }

    /** Loads {@code train} or {@code t10k} from {@code dir}. */
    static FashionData load(Path dir, String prefix) throws IOException {
        byte[] imageBytes = readIdx(dir, prefix + "-images-idx3-ubyte", 3);
        byte[] labelBytes = readIdx(dir, prefix + "-labels-idx1-ubyte", 1);
        float[] images = new float[imageBytes.length];
        for (int i = 0; i < images.length; i++) {
            images[i] = (imageBytes[i] & 0xff) / 255f;
        }
        int[] labels = new int[labelBytes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelBytes[i] & 0xff;
        }
        if (images.length != labels.length * 784) {
            throw new IOException("Fashion-MNIST " + prefix + ": " + images.length + " pixels for "
                    + labels.length + " labels; expected 784 per image");
        }
        return new FashionData(images, labels);
    }

    private static byte[] readIdx(Path dir, String name, int rank) throws IOException {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        boolean zipped = !Files.exists(plain);
        Path file = zipped ? gz : plain;
        if (!Files.exists(file)) {
            throw new IOException("Fashion-MNIST file " + plain + " (or .gz) not found; pass --data DIR"
                    + " pointing at the IDX files (default /usr/share/datasets/fashion-mnist)");
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(zipped ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if (magic != 0x800 + rank) {
                throw new IOException(file + ": IDX magic " + Integer.toHexString(magic) + ", expected "
                        + Integer.toHexString(0x800 + rank) + " (unsigned bytes, rank " + rank + ")");
            }
            long size = 1;
            for (int i = 0; i < rank; i++) {
                size *= in.readInt();
            }
            byte[] data = new byte[Math.toIntExact(size)];
            in.readFully(data);
            return data;
        }
    }
}
