package jcnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesTheWholeFileAndCreatesMissingFolders() throws IOException {
        Path file = dir.resolve("a/b/model.bin");
        AtomicFile.write(file, out -> {
            out.write(new byte[] {1, 2, 3});
            out.write(new byte[] {4});
        });
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(file));
        assertEquals(List.of("model.bin"), names(file.getParent()), "no temporary file is left");
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("notebook.ipynb");
        Files.writeString(file, "old");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", thrown.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("notebook.ipynb"), names(dir));
    }

    @Test
    void aNewFileGetsThePermissionsOfAPlainWriteAndAnOldFileKeepsItsOwn() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.write(dir.resolve("plain"), new byte[] {1});
        Path written = dir.resolve("written");
        AtomicFile.write(written, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written),
                "a temporary file made by Files.createTempFile would be rw-------");

        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFile.write(written, new byte[] {2});
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(written));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
