package jcnn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds (or downloads, see {@link DataFiles}) and loads the MNIST-style IDX pairs (images, labels)
 * shared by {@link FashionMnist} and {@link Mnist}. Loaded sets are cached (they are immutable),
 * so a notebook can call {@code FashionMnist.train()} in every cell.
 */
final class IdxDatasets {
    private static final Map<String, Dataset> CACHE = new ConcurrentHashMap<>();

    private IdxDatasets() {
    }

    static Dataset load(DataSource source, String split, String prefix, List<String> classNames) {
        return load(source, split, prefix, classNames, DataFiles.Places.current(source));
    }

    /**
     * The split's images and labels ({@code PREFIX-images-idx3-ubyte(.gz)},
     * {@code PREFIX-labels-idx1-ubyte(.gz)}), found or downloaded by {@link DataFiles#locate}.
     */
    static Dataset load(DataSource source, String split, String prefix, List<String> classNames, DataFiles.Places places) {
        String images = prefix + "-images-idx3-ubyte";
        String labels = prefix + "-labels-idx1-ubyte";
        Path[] pair = DataFiles.locate(source, source.title() + " " + split, List.of(images + ".gz", labels + ".gz"),
                images + "(.gz) and " + labels + "(.gz)", dir -> {
                    Path i = find(dir, images);
                    Path l = find(dir, labels);
                    return i != null && l != null ? new Path[] {i, l} : null;
                }, places);
        return cached(source.name() + " " + split, pair[0], pair[1], classNames);
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base, base.replace("-idx", ".idx") + ".gz", base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Dataset cached(String name, Path images, Path labels, List<String> classNames) {
        String key = key(images) + "|" + key(labels);
        return CACHE.computeIfAbsent(key, k -> read(name, images, labels, classNames));
    }

    private static String key(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return p.toAbsolutePath() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return p.toAbsolutePath().toString();
        }
    }

    /**
     * Reads an images file {@code (N, H, W)} of unsigned bytes and a labels file {@code (N)} into a
     * dataset of {@code (N, 1, H, W)} images scaled to [0, 1] (kept as the bytes, see {@link Dataset}).
     */
    static Dataset read(String name, Path imagesFile, Path labelsFile, List<String> classNames) {
        Idx.Array images = Idx.read(imagesFile);
        Idx.Array labels = Idx.read(labelsFile);
        int[] d = images.dims();
        if (d.length != 3 || images.type() != Idx.Type.UNSIGNED_BYTE) {
            throw new IdxFormatException("IDX file " + imagesFile + ": expected unsigned-byte images (N, H, W) but found "
                    + images.type() + " " + java.util.Arrays.toString(d));
        }
        int[] l = labels.dims();
        if (l.length != 1) {
            throw new IdxFormatException("IDX file " + labelsFile + ": expected labels (N) but found dimensions "
                    + java.util.Arrays.toString(l));
        }
        if (l[0] != d[0]) {
            throw new IdxFormatException(imagesFile + " holds " + d[0] + " images but " + labelsFile + " holds "
                    + l[0] + " labels; the two files do not belong together");
        }
        byte[] x = images.bytesWithoutCopy();   // the Array is dropped: no second copy of the pixels
        int[] y = labels.toInts();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classNames.size()) {
                throw new IdxFormatException("IDX file " + labelsFile + ": label " + i + " is " + y[i] + " but must be in 0.."
                        + (classNames.size() - 1));
            }
        }
        return Dataset.ofBytes(name, x, new int[] {1, d[1], d[2]}, y, classNames);
    }
}
