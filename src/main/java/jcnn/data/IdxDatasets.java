package jcnn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and loads the MNIST-style IDX pairs (images, labels) shared by {@link FashionMnist} and
 * {@link Mnist}. Search order: the system property {@code jcnn.data}, the environment variable
 * {@code JCNN_DATA} (each as the directory itself or its subdirectory named after the data set),
 * then the system directory. Loaded sets are cached (they are immutable), so a notebook can call
 * {@code FashionMnist.train()} in every cell.
 */
final class IdxDatasets {
    private static final Map<String, Dataset> CACHE = new ConcurrentHashMap<>();

    private IdxDatasets() {
    }

    static Dataset load(String dataset, String split, String prefix, Path systemDir, String install, List<String> classNames) {
        List<Path> dirs = candidates(dataset, systemDir);
        for (Path dir : dirs) {
            Path images = find(dir, prefix + "-images-idx3-ubyte");
            Path labels = find(dir, prefix + "-labels-idx1-ubyte");
            if (images != null && labels != null) {
                return cached(dataset + " " + split, images, labels, classNames);
            }
        }
        StringBuilder where = new StringBuilder();
        for (Path dir : dirs) {
            where.append("\n  ").append(dir);
        }
        String env = System.getenv("JCNN_DATA");
        throw new DatasetNotFoundException(dataset + " " + split + ": found no " + prefix + "-images-idx3-ubyte(.gz) and "
                + prefix + "-labels-idx1-ubyte(.gz) in" + where
                + "\n(JCNN_DATA is " + (env == null ? "not set" : "'" + env + "'") + ")."
                + "\nFix: " + install);
    }

    private static List<Path> candidates(String dataset, Path systemDir) {
        List<Path> dirs = new ArrayList<>();
        for (String root : new String[] {System.getProperty("jcnn.data"), System.getenv("JCNN_DATA")}) {
            if (root != null && !root.isBlank()) {
                dirs.add(Path.of(root, dataset));
                dirs.add(Path.of(root));
            }
        }
        dirs.add(systemDir);
        return dirs;
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
     * dataset of {@code (N, 1, H, W)} images scaled to [0, 1].
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
        float[] x = images.toFloats();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 255f;
        }
        int[] y = labels.toInts();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classNames.size()) {
                throw new IdxFormatException("IDX file " + labelsFile + ": label " + i + " is " + y[i] + " but must be in 0.."
                        + (classNames.size() - 1));
            }
        }
        return new Dataset(name, x, new int[] {1, d[1], d[2]}, y, classNames);
    }
}
