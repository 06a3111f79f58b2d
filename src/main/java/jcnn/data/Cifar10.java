package jcnn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Krizhevsky's CIFAR-10: 32×32 colour images in 10 classes, 50,000 for training and 10,000 for
 * testing, as {@code (N, 3, 32, 32)} pixels in [0, 1] (channels R, G, B): the lecture's own
 * 32×32×3 input.
 *
 * <p>Reads the binary version: {@code data_batch_1.bin} … {@code data_batch_5.bin} and
 * {@code test_batch.bin}, each a run of 3073-byte records (1 label byte, then 1024 red, 1024
 * green and 1024 blue bytes, rows top to bottom), either extracted (in the directory or its
 * {@code cifar-10-batches-bin/}) or inside {@code cifar-10-binary.tar.gz}. Looked for in
 * {@code -Djcnn.data} or {@code $JCNN_DATA} (or its {@code cifar-10} subdirectory; when set, only
 * there), else in {@code ~/.jcnn/datasets/cifar-10}, where the archive (170 MB) is downloaded when
 * missing (from {@value #URL}, or {@code $JCNN_CIFAR10_URL}), checked against its SHA-256.
 * Debian 12 has no CIFAR package.
 */
public final class Cifar10 {
    /** Class names, index = label (batches.meta.txt). */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    /** The address of the CIFAR page (https://www.cs.toronto.edu/~kriz/cifar.html). */
    static final String URL = "https://www.cs.toronto.edu/~kriz/";
    static final String ARCHIVE = "cifar-10-binary.tar.gz";
    static final String FOLDER = "cifar-10-batches-bin";
    static final int SIDE = 32;
    static final int RECORD = 1 + 3 * SIDE * SIDE;
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final List<String> TEST_FILES = List.of("test_batch.bin");

    // NOTE: size and SHA-256 as published by TensorFlow Datasets for this URL
    // (tensorflow/datasets, tensorflow_datasets/url_checksums/cifar10.txt); not re-computed here (no internet).
    // The CIFAR page itself gives only an MD5 (c32a1d4ab5d03f1284b67883e8d87530, not checked by jcnn).
    static final DataSource SOURCE = new DataSource("cifar-10", "CIFAR-10", null, null, "jcnn.url.cifar-10", "JCNN_CIFAR10_URL",
            URL, List.of(new DataSource.Remote(ARCHIVE, 170_052_171L,
                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")));

    private static final Map<String, Dataset> CACHE = new ConcurrentHashMap<>();

    private Cifar10() {
    }

    /**
     * The 50,000 training images ({@code data_batch_1.bin} … {@code data_batch_5.bin}, in that order).
     *
     * @throws DatasetNotFoundException if the files are nowhere and cannot be downloaded; the message names the
     *                                  places, the archive's URL and the fix
     * @throws IdxFormatException       if a file is not a whole number of records or has a label above 9
     */
    public static Dataset train() {
        return load(SOURCE, "train", TRAIN_FILES, DataFiles.Places.current(SOURCE));
    }

    /** The 10,000 test images ({@code test_batch.bin}); throws like {@link #train()}. */
    public static Dataset test() {
        return load(SOURCE, "test", TEST_FILES, DataFiles.Places.current(SOURCE));
    }

    /**
     * Images and labels of binary-version batch files (e.g. one {@code data_batch_1.bin}), in order.
     *
     * @throws IdxFormatException if a file is not a whole number of 3073-byte records or has a label above 9
     */
    public static Dataset fromBinary(Path... files) {
        Map<String, byte[]> contents = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            try {
                contents.put(f.toString(), Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            names.add(f.toString());
        }
        return parse("cifar-10", names, contents);
    }

    static Dataset load(DataSource source, String split, List<String> files, DataFiles.Places places) {
        String expected = FOLDER + "/" + String.join(", ", files) + " or " + ARCHIVE;
        Path found = DataFiles.locate(source, "CIFAR-10 " + split, List.of(ARCHIVE), expected, dir -> find(dir, files), places);
        String key;
        try {
            BasicFileAttributes a = Files.readAttributes(found, BasicFileAttributes.class);
            key = split + "|" + found.toAbsolutePath() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            key = split + "|" + found.toAbsolutePath();
        }
        return CACHE.computeIfAbsent(key, k -> Files.isDirectory(found) ? fromDirectory(split, found, files)
                : fromArchive(split, found, files));
    }

    /** The directory holding all {@code files}, or the archive, or null. */
    private static Path find(Path dir, List<String> files) {
        for (Path d : List.of(dir.resolve(FOLDER), dir)) {
            if (files.stream().allMatch(f -> Files.isRegularFile(d.resolve(f)))) {
                return d;
            }
        }
        Path archive = dir.resolve(ARCHIVE);
        return Files.isRegularFile(archive) ? archive : null;
    }

    private static Dataset fromDirectory(String split, Path dir, List<String> files) {
        Map<String, byte[]> contents = new HashMap<>();
        for (String f : files) {
            try {
                contents.put(f, Files.readAllBytes(dir.resolve(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(f) + ": " + e.getMessage(), e);
            }
        }
        return parse("cifar-10 " + split, files, contents);
    }

    /** Reads the wanted members of a .tar.gz (ustar headers; GNU long names) without extracting anything. */
    private static Dataset fromArchive(String split, Path archive, List<String> files) {
        Map<String, byte[]> contents = new HashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[512];
            String longName = null;
            while (contents.size() < files.size() && readFully(in, header) && !allZero(header)) {
                String name = longName != null ? longName : text(header, 345, 155).isEmpty() ? text(header, 0, 100)
                        : text(header, 345, 155) + "/" + text(header, 0, 100);
                longName = null;
                long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (type == 'L') {
                    byte[] n = readBytes(in, size, archive);
                    longName = new String(n, StandardCharsets.UTF_8).replace("\0", "");
                } else if ((type == '0' || type == 0) && files.contains(base)) {
                    contents.put(base, readBytes(in, size, archive));
                } else {
                    in.skipNBytes(size);
                }
                in.skipNBytes((512 - size % 512) % 512);
            }
        } catch (IOException | NumberFormatException e) {
            throw new IdxFormatException(archive + " is not a readable " + ARCHIVE + " (" + e.getMessage() + "); delete it to "
                    + "download it again, or put the extracted " + FOLDER + " next to it");
        }
        List<String> missing = files.stream().filter(f -> !contents.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new IdxFormatException(archive + " lacks " + missing + "; is it the binary version (" + ARCHIVE
                    + ", not the Python or MATLAB one)?");
        }
        return parse("cifar-10 " + split, files, contents);
    }

    private static byte[] readBytes(InputStream in, long size, Path archive) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("a member of " + size + " bytes");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) {
            throw new IOException("truncated: a member ends after " + b.length + " of " + size + " bytes");
        }
        return b;
    }

    private static boolean readFully(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, block.length);
        if (n == 0) {
            return false;
        }
        if (n < block.length) {
            throw new IOException("truncated tar header");
        }
        return true;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int from, int length) {
        int end = from;
        while (end < from + length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    /** Concatenates the records of {@code names} (in order) into {@code (N, 3, 32, 32)} in [0, 1]. */
    static Dataset parse(String name, List<String> names, Map<String, byte[]> contents) {
        long total = 0;
        for (String n : names) {
            byte[] b = contents.get(n);
            if (b.length == 0 || b.length % RECORD != 0) {
                throw new IdxFormatException("CIFAR-10 binary file " + n + ": " + b.length + " bytes is not a whole number of "
                        + RECORD + "-byte records (1 label byte + 3·32·32 pixel bytes); the file is truncated or not the "
                        + "binary version");
            }
            total += b.length / RECORD;
        }
        int pixels = 3 * SIDE * SIDE;
        byte[] x = new byte[Math.toIntExact(total * pixels)];
        int[] y = new int[(int) total];
        int i = 0;
        for (String n : names) {
            byte[] b = contents.get(n);
            for (int r = 0; r < b.length / RECORD; r++, i++) {
                int label = b[r * RECORD] & 0xff;
                if (label >= CLASS_NAMES.size()) {
                    throw new IdxFormatException("CIFAR-10 binary file " + n + ": record " + r + " has label " + label
                            + " but labels are 0..9; is it CIFAR-100 (2 label bytes per record)?");
                }
                y[i] = label;
                System.arraycopy(b, r * RECORD + 1, x, i * pixels, pixels);   // read as (byte & 0xff) / 255f
            }
        }
        return Dataset.ofBytes(name, x, new int[] {3, SIDE, SIDE}, y, CLASS_NAMES);
    }
}
