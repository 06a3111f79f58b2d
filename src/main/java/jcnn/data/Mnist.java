package jcnn.data;

import java.nio.file.Path;
import java.util.List;

/**
 * LeCun's MNIST handwritten digits: 28×28 grey images of the digits 0-9, 60,000 for training and
 * 10,000 for testing, as {@code (N, 1, 28, 28)} pixels in [0, 1]. Same file names and loader as
 * {@link FashionMnist}; looked for in {@code jcnn.data}, {@code $JCNN_DATA} (or its
 * {@code mnist} subdirectory), then {@code /usr/share/datasets/mnist}.
 */
public final class Mnist {
    /** Class names "0" .. "9". */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/mnist");
    private static final String INSTALL = "put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (from http://yann.lecun.com/exdb/mnist/) in "
            + "$JCNN_DATA/mnist or " + SYSTEM_DIR + " (Fashion-MNIST, the same format, installs with "
            + "'apt-get install dataset-fashion-mnist')";

    private Mnist() {
    }

    /** The 60,000 training digits; throws {@link DatasetNotFoundException} naming the places searched. */
    public static Dataset train() {
        return IdxDatasets.load("mnist", "train", "train", SYSTEM_DIR, INSTALL, CLASS_NAMES);
    }

    /** The 10,000 test digits. */
    public static Dataset test() {
        return IdxDatasets.load("mnist", "test", "t10k", SYSTEM_DIR, INSTALL, CLASS_NAMES);
    }
}
