package jcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import java.util.Arrays;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import jcnn.nn.Conv2d;

class NetFileTest {
    @TempDir
    Path dir;

    static Net net() {
        return Cnn.input(1, 8, 8).conv(3, 3, Cnn.padding(1), Cnn.stride(1)).relu().maxPool(2).locallyConnected(2, 2)
                .leakyRelu(0.2).avgPool(3).flatten().dropout(0.1).dense(4).elu(0.5).dense(3).softmax().seed(17).build();
    }

    @Test
    void roundTripGivesIdenticalPredictionsAndArchitecture() throws IOException {
        Net net = net();
        Path file = dir.resolve("sub/net.jcnn");
        net.save(file);
        Net loaded = Net.load(file);
        Tensor x = Tensor.randn(5, 7, 1, 8, 8);
        assertArrayEquals(net.predict(x).toArray(), loaded.predict(x).toArray());
        assertEquals(net.summary().toString(), loaded.summary().toString());
        assertEquals(net.layerNames(), loaded.layerNames());
        assertEquals("HE", ((Conv2d) loaded.layer("conv1")).init().name());
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    /** Issue 14: a saved model was rw------- whatever the umask, so classmates could not read it. */
    @Test
    void savedFileGetsThePermissionsOfTheUmaskLikeAnyWrittenFile() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = dir.resolve("plain");
        Files.newOutputStream(plain, StandardOpenOption.CREATE_NEW).close(); // what the umask gives a new file
        Set<PosixFilePermission> umasked = Files.getPosixFilePermissions(plain);
        Assumptions.assumeFalse(umasked.equals(PosixFilePermissions.fromString("rw-------")),
                "under umask 077 a private file is the right answer, so this check cannot tell");
        Path file = dir.resolve("shared/net.jcnn");
        net().save(file);
        assertEquals(PosixFilePermissions.toString(umasked), PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void overwritingKeepsTheModelsPermissions() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path file = dir.resolve("net.jcnn");
        net().save(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        net().save(file);
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void headerFollowsTheDocumentedLayout() throws IOException {
        Net net = net();
        Path file = dir.resolve("net.jcnn");
        net.save(file);
        byte[] b = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'J', 'C', 'N', 'N', '\r', '\n', 0x1A}, Arrays.copyOf(b, 8));
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, le.getInt(8));
        int a = le.getInt(12);
        String json = new String(b, 16, a, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"format\":\"jcnn-net\",\"input\":[1,8,8]"), json);
        assertEquals(net.parameterCount(), le.getLong(16 + a));
        assertEquals(16 + a + 8 + 4 * net.parameterCount() + 4, b.length);
        assertEquals(TensorInternals.data(net.parameters().get(0).tensor())[0], le.getFloat(16 + a + 8));
    }

    @Test
    void damagedTruncatedForeignAndNewerFilesAreRefused() throws IOException {
        Path file = dir.resolve("net.jcnn");
        net().save(file);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length - 20] ^= 0x10;   // one bit of one weight
        Files.write(file, flipped);
        assertMessage(file, "CRC-32");

        Files.write(file, Arrays.copyOf(good, good.length - 7));
        assertMessage(file, "truncated");

        Files.write(file, "PK\u0003\u0004 a zip, not a net".getBytes());
        assertMessage(file, "not a jcnn net file");

        byte[] newer = good.clone();
        newer[8] = 3;
        Files.write(file, newer);
        assertMessage(file, "format version 3 but this jcnn reads versions 1 to 2; it was written by a newer jcnn: update jcnn");

        Files.write(file, Arrays.copyOf(good, 10));
        assertMessage(file, "truncated");
    }

    private static void assertMessage(Path file, String part) {
        NetFormatException e = assertThrows(NetFormatException.class, () -> Net.load(file));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void savingOverAnExistingFileReplacesIt() {
        Path file = dir.resolve("net.jcnn");
        net().save(file);
        Net other = Cnn.input(1, 8, 8).flatten().dense(2).build();
        other.save(file);
        assertEquals(other.summary().toString(), Net.load(file).summary().toString());
    }
}
