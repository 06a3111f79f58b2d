package jcnn.data;

import java.util.List;

/**
 * LeCun's MNIST handwritten digits: 28×28 grey images of the digits 0-9, 60,000 for training and
 * 10,000 for testing, as {@code (N, 1, 28, 28)} pixels in [0, 1]. Same file names and loader as
 * {@link FashionMnist}; looked for in {@code -Djcnn.data} or {@code $JCNN_DATA} (or its
 * {@code mnist} subdirectory; when set, only there), else in {@code ~/.jcnn/datasets/mnist},
 * where they are downloaded when missing (from {@value #URL}, or {@code $JCNN_MNIST_URL}).
 * Debian 12 has no MNIST package ({@code apt-cache search mnist} finds only Fashion-MNIST).
 */
public final class Mnist {
    /** Class names "0" .. "9". */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * The mirror TensorFlow Datasets downloads MNIST from: the files of http://yann.lecun.com/exdb/mnist/
     * (the same names and the byte sizes that page lists).
     */
    static final String URL = "https://storage.googleapis.com/cvdf-datasets/mnist/";

    // NOTE: sizes and SHA-256 as published by TensorFlow Datasets for these URLs
    // (tensorflow/datasets, tensorflow_datasets/url_checksums/mnist.txt); not re-computed here (no internet).
    static final DataSource SOURCE = new DataSource("mnist", "MNIST", null, null, "jcnn.url.mnist", "JCNN_MNIST_URL", URL,
            List.of(
                    new DataSource.Remote("train-images-idx3-ubyte.gz", 9_912_422L,
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    new DataSource.Remote("train-labels-idx1-ubyte.gz", 28_881L,
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    new DataSource.Remote("t10k-images-idx3-ubyte.gz", 1_648_877L,
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    new DataSource.Remote("t10k-labels-idx1-ubyte.gz", 4_542L,
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

    private Mnist() {
    }

    /** The 60,000 training digits; throws {@link DatasetNotFoundException} naming the places, files and URLs. */
    public static Dataset train() {
        return IdxDatasets.load(SOURCE, "train", "train", CLASS_NAMES);
    }

    /** The 10,000 test digits. */
    public static Dataset test() {
        return IdxDatasets.load(SOURCE, "test", "t10k", CLASS_NAMES);
    }
}
