package jcnn.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST: 28×28 grey images of clothing in 10 classes, 60,000 for training and
 * 10,000 for testing, as {@code (N, 1, 28, 28)} pixels in [0, 1].
 *
 * <p>Files {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} (or uncompressed) are
 * looked for in the system property {@code jcnn.data}, then {@code $JCNN_DATA} (or its
 * {@code fashion-mnist} subdirectory), then {@code /usr/share/datasets/fashion-mnist}
 * (Debian package {@code dataset-fashion-mnist}).
 *
 * @see Dataset
 */
public final class FashionMnist {
    /** Class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String INSTALL = "install it with 'apt-get install dataset-fashion-mnist', or set JCNN_DATA to a "
            + "directory holding the four IDX files from https://github.com/zalandoresearch/fashion-mnist";

    private FashionMnist() {
    }

    /**
     * The 60,000 training images.
     *
     * @throws DatasetNotFoundException if the files are nowhere; the message lists the places and the install command
     * @throws IdxFormatException       if a file is damaged
     */
    public static Dataset train() {
        return IdxDatasets.load("fashion-mnist", "train", "train", SYSTEM_DIR, INSTALL, CLASS_NAMES);
    }

    /** The 10,000 test images; throws like {@link #train()}. */
    public static Dataset test() {
        return IdxDatasets.load("fashion-mnist", "test", "t10k", SYSTEM_DIR, INSTALL, CLASS_NAMES);
    }
}
