package jcnn.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Finds a data set's files like Keras's {@code load_data()}, downloading them when they are nowhere.
 *
 * <ol>
 * <li>If the system property {@code jcnn.data} or else the environment variable {@code JCNN_DATA}
 *     is set, only there: in its subdirectory named after the data set, or in itself. A directory
 *     that does not exist or lacks the files is an error that says so (no silent fallback).</li>
 * <li>Otherwise the system directory of the data set's Debian package, if it has one
 *     ({@code /usr/share/datasets/fashion-mnist}),</li>
 * <li>then {@code ~/.jcnn/datasets/NAME} ({@code jcnn.home} / {@code JCNN_HOME} replace {@code ~/.jcnn}),</li>
 * <li>then the missing files are downloaded there ({@link Download}: progress bar, resume,
 *     SHA-256 check, atomic move). Without a network the error names the files, their URLs and
 *     where to put them.</li>
 * </ol>
 */
final class DataFiles {
    private DataFiles() {
    }

    /** The places of one lookup: an explicit root (or null), the cache root, the base URL, where progress goes. */
    record Places(String explicitRoot, String explicitName, Path home, String baseUrl, PrintStream progress) {

        /** From the system properties and environment of this JVM. */
        static Places current(DataSource source) {
            String property = System.getProperty("jcnn.data");
            String env = System.getenv("JCNN_DATA");
            String root = null;
            String rootName = null;
            if (property != null && !property.isBlank()) {
                root = property;
                rootName = "-Djcnn.data";
            } else if (env != null && !env.isBlank()) {
                root = env;
                rootName = "JCNN_DATA";
            }
            String jcnnHome = first(System.getProperty("jcnn.home"), System.getenv("JCNN_HOME"),
                    Path.of(System.getProperty("user.home"), ".jcnn").toString());
            String url = first(System.getProperty(source.urlProperty()), System.getenv(source.urlEnv()), source.defaultUrl());
            return new Places(root, rootName, Path.of(jcnnHome, "datasets"), url, System.out);
        }

        private static String first(String... values) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
            return null;
        }
    }

    /**
     * Looks for a data set's files and downloads the {@code needed} ones when they are nowhere.
     *
     * @param what     e.g. "Fashion-MNIST train", for messages
     * @param needed   the files to download (names in {@code source.files()})
     * @param expected what {@code lookIn} accepts, for messages, e.g. "train-images-idx3-ubyte(.gz) and ..."
     * @param lookIn   the files found in a directory, or null when they are not all there
     * @throws DatasetNotFoundException naming the places, the files, their URLs and the fix
     */
    static <T> T locate(DataSource source, String what, List<String> needed, String expected, Function<Path, T> lookIn,
                        Places places) {
        if (places.explicitRoot() != null) {
            return inExplicitRoot(source, what, needed, expected, lookIn, places);
        }
        List<Path> searched = new ArrayList<>();
        if (source.systemDir() != null) {
            searched.add(source.systemDir());
            T found = lookIn.apply(source.systemDir());
            if (found != null) {
                return found;
            }
        }
        Path home = places.home().resolve(source.name());
        searched.add(home);
        T found = lookIn.apply(home);
        if (found != null) {
            return found;
        }
        try {
            download(source, what, needed, home, places);
        } catch (IOException e) {
            StringBuilder sb = new StringBuilder(what + ": " + expected + " not found in " + join(searched)
                    + ", and downloading failed: " + e.getMessage()
                    + "\nFix: put these files in " + home + " (or in a directory named by JCNN_DATA):" + fileList(source, needed, places));
            if (source.systemPackage() != null) {
                sb.append("\nor install the Debian package: sudo apt-get install ").append(source.systemPackage());
            }
            sb.append("\nA mirror: set ").append(source.urlEnv()).append(" (or -D").append(source.urlProperty())
                    .append(") to its base URL.");
            throw new DatasetNotFoundException(sb.toString(), e);
        }
        found = lookIn.apply(home);
        if (found == null) {
            throw new IllegalStateException(what + ": downloaded " + needed + " into " + home + " but still found no " + expected);
        }
        return found;
    }

    private static <T> T inExplicitRoot(DataSource source, String what, List<String> needed, String expected,
                                        Function<Path, T> lookIn, Places places) {
        Path root = Path.of(places.explicitRoot());
        Path sub = root.resolve(source.name());
        String unset = "\nor unset " + places.explicitName() + " to use " + (source.systemDir() != null ? source.systemDir() + ", then " : "")
                + places.home().resolve(source.name()) + " (downloaded there when missing).";
        if (!Files.isDirectory(root)) {
            throw new DatasetNotFoundException(what + ": " + places.explicitName() + " is '" + places.explicitRoot() + "', which "
                    + (Files.exists(root) ? "is not a directory" : "does not exist") + ".\nFix: create " + sub
                    + " and put these files there:" + fileList(source, needed, places) + unset);
        }
        for (Path dir : List.of(sub, root)) {
            T found = lookIn.apply(dir);
            if (found != null) {
                return found;
            }
        }
        throw new DatasetNotFoundException(what + ": " + places.explicitName() + " is '" + places.explicitRoot() + "' but neither "
                + sub + " nor " + root + " holds " + expected + ".\nFix: put these files in " + sub + ":"
                + fileList(source, needed, places) + unset);
    }

    private static void download(DataSource source, String what, List<String> needed, Path home, Places places)
            throws IOException {
        Files.createDirectories(home);
        // NOTE: two kernels loading the same data set at once must not write the same .part file
        try (FileChannel channel = FileChannel.open(home.resolve(".download.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            List<DataSource.Remote> missing = new ArrayList<>();
            long bytes = 0;
            for (String file : needed) {
                if (!Files.isRegularFile(home.resolve(file))) {
                    missing.add(source.remote(file));
                    bytes += source.remote(file).size();
                }
            }
            if (!missing.isEmpty() && places.progress() != null) {
                places.progress().printf(Locale.ROOT, "%s: downloading %d file%s (%.1f MB) from %s into %s%n", what, missing.size(),
                        missing.size() == 1 ? "" : "s", bytes / 1e6, places.baseUrl(), home);
            }
            for (DataSource.Remote r : missing) {
                Download.fetch(uri(source, places, r.file()), home.resolve(r.file()), r.size(), r.sha256(), places.progress());
            }
        }
    }

    static URI uri(DataSource source, Places places, String file) throws Download.Failure {
        String base = places.baseUrl();
        try {
            URI uri = URI.create(base.endsWith("/") ? base + file : base + "/" + file);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new Download.Failure("the download URL '" + base + "' (" + source.urlEnv() + " / -D" + source.urlProperty()
                    + ") is not an http:// or https:// base URL", e);
        }
    }

    private static String fileList(DataSource source, List<String> needed, Places places) {
        StringBuilder sb = new StringBuilder();
        for (String file : needed) {
            String base = places.baseUrl();
            sb.append("\n  ").append(file).append("  from ").append(base.endsWith("/") ? base : base + "/").append(file)
                    .append(String.format(Locale.ROOT, "  (%,d bytes, SHA-256 %s)", source.remote(file).size(),
                            source.remote(file).sha256()));
        }
        return sb.toString();
    }

    private static String join(List<Path> paths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            sb.append(i == 0 ? "" : i == paths.size() - 1 ? " or " : ", ").append(paths.get(i));
        }
        return sb.toString();
    }
}
