package jcnn.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST: 28×28 grey images of clothing in 10 classes, 60,000 for training and
 * 10,000 for testing, as {@code (N, 1, 28, 28)} pixels in [0, 1].
 *
 * <p>Files {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} (or uncompressed) are
 * looked for in {@code -Djcnn.data} or {@code $JCNN_DATA} (or its {@code fashion-mnist}
 * subdirectory; when set, only there), else in {@code /usr/share/datasets/fashion-mnist} (Debian
 * package {@code dataset-fashion-mnist}), then {@code ~/.jcnn/datasets/fashion-mnist}, where they
 * are downloaded when missing (from {@value #URL}, or {@code $JCNN_FASHION_MNIST_URL}), checked
 * against their SHA-256. See {@link DataFiles}.
 *
 * @see Dataset
 */
public final class FashionMnist {
    /** Class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The download address the Fashion-MNIST README gives. */
    static final String URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    // NOTE: sizes and SHA-256 as published by TensorFlow Datasets for these URLs
    // (tensorflow/datasets, tensorflow_datasets/url_checksums/fashion_mnist.txt); not re-computed here, since
    // this machine has no internet. Debian's dataset-fashion-mnist files differ (no file name in the gzip header:
    // 23-24 bytes shorter, exactly the name; another time stamp), so local files are never hash-checked.
    static final DataSource SOURCE = new DataSource("fashion-mnist", "Fashion-MNIST", SYSTEM_DIR, "dataset-fashion-mnist",
            "jcnn.url.fashion-mnist", "JCNN_FASHION_MNIST_URL", URL, List.of(
            new DataSource.Remote("train-images-idx3-ubyte.gz", 26_421_880L,
                    "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            new DataSource.Remote("train-labels-idx1-ubyte.gz", 29_515L,
                    "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            new DataSource.Remote("t10k-images-idx3-ubyte.gz", 4_422_102L,
                    "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            new DataSource.Remote("t10k-labels-idx1-ubyte.gz", 5_148L,
                    "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

    private FashionMnist() {
    }

    /**
     * The 60,000 training images.
     *
     * @throws DatasetNotFoundException if the files are nowhere and cannot be downloaded; the message lists the places,
     *                                  the files with their URLs and the install command
     * @throws IdxFormatException       if a file is damaged
     */
    public static Dataset train() {
        return IdxDatasets.load(SOURCE, "train", "train", CLASS_NAMES);
    }

    /** The 10,000 test images; throws like {@link #train()}. */
    public static Dataset test() {
        return IdxDatasets.load(SOURCE, "test", "t10k", CLASS_NAMES);
    }
}
