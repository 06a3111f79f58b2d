package jcnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Writes a file all at once or not at all: the bytes go to a temporary file in the target's
 * folder ({@code .NAME.RANDOM.tmp}), which is then moved over the target, atomically where the
 * file system can. A reader sees the old file or the whole new one; when writing fails (a full
 * disk, an exception in the body, an interrupt) the old file is untouched and the temporary
 * file is deleted.
 *
 * <p>A new file gets the permissions a plain write would give it (the umask's: rw-r--r-- under
 * 022, so classmates on a shared server can read a saved model; {@code Files.createTempFile}
 * would make it rw-------); a file written over keeps its own permissions.
 */
public final class AtomicFile {
    private static final Random RANDOM = new SecureRandom();

    /** What writes the content; the stream is closed afterwards (closing it in the body is fine too). */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code target} with what {@code body} writes, creating missing folders.
     *
     * @throws IOException what writing or moving threw; the target is then as it was
     */
    public static void write(Path target, Body body) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temp = newTemporaryFile(file);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                body.write(out);
            }
            if (Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
            }
            move(temp, file);
            temp = null;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original error matters more
                }
            }
        }
    }

    /** Writes {@code bytes} to {@code target}, as {@link #write(Path, Body)}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Moves {@code from} over {@code to}: atomically where the file system can, else a plain
     * replacing move.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** An empty file next to {@code target}, created with the umask's permissions. */
    private static Path newTemporaryFile(Path target) throws IOException {
        Path dir = target.getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 99) {
                    throw e;
                }
            }
        }
    }
}
