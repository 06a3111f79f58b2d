package jcnn.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Where one data set's files come from: its directory name under {@code JCNN_DATA} and
 * {@code ~/.jcnn/datasets}, an optional system directory (a Debian package), and the files to
 * download when it is nowhere, with their sizes and SHA-256 hashes. The download URL is
 * {@code defaultUrl} unless the system property {@code urlProperty} or the environment variable
 * {@code urlEnv} names another base URL (a mirror); file names are appended to it.
 */
record DataSource(String name, String title, Path systemDir, String systemPackage, String urlProperty, String urlEnv,
                  String defaultUrl, List<Remote> files) {

    /** A downloadable file: its name, length in bytes and SHA-256 (lower-case hex). */
    record Remote(String file, long size, String sha256) {
    }

    Remote remote(String file) {
        for (Remote r : files) {
            if (r.file().equals(file)) {
                return r;
            }
        }
        throw new IllegalArgumentException(title + " has no file " + file);
    }
}
