package jcnn.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Labelled examples held in memory, ready for a net: images as float32 NCHW (or any
 * {@code (N, ...)} shape), labels as class indices {@code 0 .. numClasses-1}, and class names.
 *
 * <p>Loaders give pixels normalised to [0, 1]; {@link #standardize()} gives zero mean and unit
 * variance instead. Datasets are immutable: {@link #take}, {@link #shuffle}, {@link #slice} and
 * {@link #standardize} return new ones.
 *
 * <p>The loaders of 8-bit images (IDX files, CIFAR-10) keep each pixel as its byte, as
 * torchvision's datasets do, and turn it into {@code byte / 255f} as a batch or tensor is made:
 * Fashion-MNIST's training set takes 45 MiB instead of 180, with the same float values.
 *
 * <pre>{@code
 * Dataset train = FashionMnist.train().take(5000).shuffle(42);
 * for (Batches.Batch b : train.batches(64)) { ... b.images() (64, 1, 28, 28), b.labels() ... }
 * }</pre>
 */
public final class Dataset {
    private final String name;
    private final float[] images;       // N * exampleSize, row-major; null when the pixels are bytes
    private final byte[] pixels;        // N * exampleSize unsigned bytes, value (b & 0xff) / 255f; null for floats
    private final int[] exampleDims;    // e.g. (1, 28, 28)
    private final int exampleSize;
    private final int[] labels;
    private final List<String> classNames;

    /** The value of pixel byte b (as unsigned): b / 255f, the loaders' scaling. */
    private static final float[] BYTE_VALUE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            BYTE_VALUE[v] = v / 255f;
        }
    }

    Dataset(String name, float[] images, int[] exampleDims, int[] labels, List<String> classNames) {
        this(name, images, null, exampleDims, labels, classNames);
    }

    /**
     * A dataset of 8-bit images: {@code pixels} holds unsigned bytes, example by example, which
     * read as {@code (b & 0xff) / 255f} (values in [0, 1], as the float loaders gave).
     */
    static Dataset ofBytes(String name, byte[] pixels, int[] exampleDims, int[] labels, List<String> classNames) {
        return new Dataset(name, null, pixels, exampleDims, labels, classNames);
    }

    private Dataset(String name, float[] images, byte[] pixels, int[] exampleDims, int[] labels, List<String> classNames) {
        this.name = name;
        this.images = images;
        this.pixels = pixels;
        this.exampleDims = exampleDims;
        int size = 1;
        for (int d : exampleDims) {
            size *= d;
        }
        this.exampleSize = size;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        long values = images != null ? images.length : pixels.length;
        if ((long) labels.length * size != values) {
            throw new IllegalArgumentException("dataset " + name + ": " + labels.length + " labels need "
                    + (long) labels.length * size + " values of shape " + Shape.of(exampleDims) + " but got " + values);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("dataset " + name + ": label " + i + " is " + labels[i]
                        + " but must be in 0.." + (classNames.size() - 1) + " (" + classNames.size() + " classes)");
            }
        }
    }

    /**
     * A dataset from a tensor of examples {@code (N, ...)} (e.g. NCHW images), their labels and the
     * class names (without names, classes are called "0", "1", ... up to the largest label).
     *
     * @throws IllegalArgumentException if the counts differ or a label is out of range
     */
    public static Dataset of(Tensor images, int[] labels, String... classNames) {
        int[] shape = images.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("Dataset.of: expected examples of shape (N, ...) but got "
                    + Shape.of(shape) + "; reshape a single example to (1, ...)");
        }
        if (shape[0] != labels.length) {
            throw new IllegalArgumentException("Dataset.of: " + shape[0] + " examples but " + labels.length + " labels");
        }
        List<String> names;
        if (classNames.length == 0) {
            int max = Arrays.stream(labels).max().orElse(0);
            names = new java.util.ArrayList<>();
            for (int i = 0; i <= max; i++) {
                names.add(Integer.toString(i));
            }
        } else {
            names = List.of(classNames);
        }
        return new Dataset("dataset", images.toArray(), Arrays.copyOfRange(shape, 1, shape.length), labels.clone(), names);
    }

    /**
     * A dataset from an MNIST-style pair of IDX files: unsigned-byte images {@code (N, H, W)} and
     * labels {@code (N)}, gzip or raw; pixels scaled to [0, 1], shape {@code (N, 1, H, W)}. Without
     * class names the classes are "0" .. the largest label.
     *
     * @throws IdxFormatException if a file is damaged or the two do not match
     */
    public static Dataset fromIdx(java.nio.file.Path images, java.nio.file.Path labels, String... classNames) {
        List<String> names;
        if (classNames.length > 0) {
            names = List.of(classNames);
        } else {
            int max = Arrays.stream(Idx.read(labels).toInts()).max().orElse(0);
            names = new java.util.ArrayList<>();
            for (int i = 0; i <= max; i++) {
                names.add(Integer.toString(i));
            }
        }
        return IdxDatasets.read(images.getFileName().toString(), images, labels, names);
    }

    /** Name shown in messages, e.g. "fashion-mnist train". */
    public String name() {
        return name;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Shape of one example, e.g. {@code (1, 28, 28)}. */
    public Shape exampleShape() {
        return Shape.of(exampleDims);
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** All labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    /** All examples as one tensor {@code (N, ...)} (a copy: 188 MB for Fashion-MNIST's training set). */
    public Tensor images() {
        return images(0, size());
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive) as a tensor {@code (to-from, ...)}. */
    public Tensor images(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("images(" + from + ", " + to + ") of " + name + " with " + size()
                    + " examples; expected 0 <= from < to <= " + size());
        }
        float[] x = new float[(to - from) * exampleSize];
        for (int i = from; i < to; i++) {
            copyExample(i, x, (i - from) * exampleSize);
        }
        return Tensor.of(x, batchShape(to - from));
    }

    /** Example {@code i} as a batch of one, {@code (1, C, H, W)}. */
    public Tensor image(int i) {
        checkIndex(i);
        return images(i, i + 1);
    }

    /** The first {@code n} examples (all of them when {@code n >= size()}). */
    public Dataset take(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("take(" + n + "): expected at least 1 example");
        }
        return slice(0, Math.min(n, size()));
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("slice(" + from + ", " + to + ") of " + name + " with " + size()
                    + " examples; expected 0 <= from < to <= " + size());
        }
        int[] y = Arrays.copyOfRange(labels, from, to);
        return pixels != null
                ? new Dataset(name, null, Arrays.copyOfRange(pixels, from * exampleSize, to * exampleSize), exampleDims, y, classNames)
                : new Dataset(name, Arrays.copyOfRange(images, from * exampleSize, to * exampleSize), null, exampleDims, y, classNames);
    }

    /**
     * The examples at {@code indices}, in that order (a copy), e.g. the two disjoint parts of a
     * validation split.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code 0..size()-1}
     */
    public Dataset subset(int... indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("subset of " + name + ": expected at least one index");
        }
        for (int index : indices) {
            checkIndex(index);
        }
        return reordered(indices);
    }

    /** The examples in a random order fixed by {@code seed} (Fisher-Yates with {@link SplittableRandom}). */
    public Dataset shuffle(long seed) {
        return reordered(permutation(size(), seed));
    }

    /** The examples at {@code order} (valid indices), in that order, stored as this dataset stores them. */
    private Dataset reordered(int[] order) {
        int[] y = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            y[i] = labels[order[i]];
        }
        if (pixels != null) {
            byte[] b = new byte[order.length * exampleSize];
            for (int i = 0; i < order.length; i++) {
                System.arraycopy(pixels, order[i] * exampleSize, b, i * exampleSize, exampleSize);
            }
            return new Dataset(name, null, b, exampleDims, y, classNames);
        }
        float[] x = new float[order.length * exampleSize];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(images, order[i] * exampleSize, x, i * exampleSize, exampleSize);
        }
        return new Dataset(name, x, null, exampleDims, y, classNames);
    }

    /**
     * Standardised copy: {@code (x - mean) / std} with the mean and standard deviation of all
     * values of this dataset. Apply the training set's figures to the test set with
     * {@link #standardize(double, double)}.
     */
    public Dataset standardize() {
        int n = values();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += value(i);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = value(i) - mean;
            squares += d * d;
        }
        return standardize(mean, Math.sqrt(squares / n));
    }

    /** Copy with {@code (x - mean) / std}; Fashion-MNIST's training set in [0, 1] has mean 0.286, std 0.353. */
    public Dataset standardize(double mean, double std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("standardize: std must be > 0, got " + std);
        }
        float[] x = new float[values()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((value(i) - mean) / std);
        }
        return new Dataset(name, x, null, exampleDims, labels, classNames);
    }

    /** Batches of {@code batchSize} in this order (the last one may be smaller). */
    public Batches batches(int batchSize) {
        return new Batches(this, batchSize, null);
    }

    /** Batches of {@code batchSize} in a random order fixed by {@code seed}. */
    public Batches batches(int batchSize, long seed) {
        return new Batches(this, batchSize, permutation(size(), seed));
    }

    /**
     * Copies examples {@code order[from..to)} (or {@code from..to} when {@code order} is null) into
     * {@code x} and their labels into {@code y}: the allocation-free path of the training loop.
     */
    public void copyBatch(int[] order, int from, int to, float[] x, int[] y) {
        for (int i = from; i < to; i++) {
            int index = order == null ? i : order[i];
            copyExample(index, x, (i - from) * exampleSize);
            y[i - from] = labels[index];
        }
    }

    /** Example {@code index}'s values as floats into {@code x} from {@code offset}. */
    private void copyExample(int index, float[] x, int offset) {
        if (pixels == null) {
            System.arraycopy(images, index * exampleSize, x, offset, exampleSize);
            return;
        }
        for (int k = 0, from = index * exampleSize; k < exampleSize; k++) {
            x[offset + k] = BYTE_VALUE[pixels[from + k] & 0xff];
        }
    }

    /** Number of values in all examples. */
    private int values() {
        return images != null ? images.length : pixels.length;
    }

    /** Value {@code i} of all examples (row-major), as a float. */
    private float value(int i) {
        return images != null ? images[i] : BYTE_VALUE[pixels[i] & 0xff];
    }

    /** The shape of a batch of {@code n}: {@code (n, C, H, W)}. */
    public int[] batchShape(int n) {
        int[] shape = new int[exampleDims.length + 1];
        shape[0] = n;
        System.arraycopy(exampleDims, 0, shape, 1, exampleDims.length);
        return shape;
    }

    /** Values per example, e.g. 784. */
    public int exampleSize() {
        return exampleSize;
    }

    /** A random permutation of {@code 0..n-1} fixed by {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("example " + i + " of " + name + ": expected 0.." + (size() - 1));
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ": " + size() + " examples " + exampleShape() + ", " + numClasses() + " classes)";
    }
}
