package jcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    @Test
    void readsWhatWasWrittenRawAndGzipped() {
        byte[] data = pixels(3 * 4 * 5);
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = dir.resolve("x" + gzip);
            Idx.writeUnsignedBytes(file, new int[] {3, 4, 5}, data, gzip);
            Idx.Array a = Idx.read(file);
            assertEquals(Idx.Type.UNSIGNED_BYTE, a.type());
            assertArrayEquals(new int[] {3, 4, 5}, a.dims());
            int[] values = a.toInts();
            for (int i = 0; i < data.length; i++) {
                assertEquals(data[i] & 0xFF, values[i]);   // unsigned: 0..255, never negative
            }
        }
    }

    @Test
    void headerBytesFollowTheIdxLayout() throws IOException {
        Path file = dir.resolve("labels");
        Idx.writeUnsignedBytes(file, new int[] {2}, new byte[] {7, 9}, false);
        assertArrayEquals(new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 7, 9}, Files.readAllBytes(file));
    }

    @Test
    void truncatedRawFileNamesFileExpectedAndFound() throws IOException {
        Path file = dir.resolve("images");
        Idx.writeUnsignedBytes(file, new int[] {2, 3, 3}, pixels(18), false);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 5));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 34 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("found 29"), e.getMessage());
    }

    @Test
    void truncatedGzipFileIsReportedAsTruncated() throws IOException {
        Path file = dir.resolve("images.gz");
        Idx.writeUnsignedBytes(file, new int[] {50, 10}, pixels(500), true);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void foreignFileIsRefusedWithItsMagicNumber() throws IOException {
        Path file = dir.resolve("foreign.png");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("not an IDX file") && e.getMessage().contains("0x89504E47"), e.getMessage());
    }

    @Test
    void unknownDataTypeAndExtraBytesAreRefused() throws IOException {
        Path file = dir.resolve("odd");
        Files.write(file, new byte[] {0, 0, 0x42, 1, 0, 0, 0, 1, 5});
        assertTrue(assertThrows(IdxFormatException.class, () -> Idx.read(file)).getMessage().contains("0x42"));
        Files.write(file, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 5, 6});
        assertTrue(assertThrows(IdxFormatException.class, () -> Idx.read(file)).getMessage().contains("1 bytes too many"));
    }

    @Test
    void missingFileSaysSo() {
        Path file = dir.resolve("nothing-here");
        assertTrue(assertThrows(UncheckedIOException.class, () -> Idx.read(file)).getMessage().contains("does not exist"));
    }
}
