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

    /**
     * A header that promises far more than the file holds (a corrupt or cut download of a 47 MB
     * file) is reported with both sizes, after reading what is there: the reader grows its
     * array as the values arrive rather than trusting the dimensions.
     */
    @Test
    void headerPromisingMoreThanTheFileHoldsIsTruncatedNotAnOutOfMemoryError() throws IOException {
        Path file = dir.resolve("cut");
        Idx.writeUnsignedBytes(file, new int[] {10}, pixels(10), false);
        byte[] all = Files.readAllBytes(file);
        // rank 3 with dimensions 60000 x 28 x 28, and the 10 values of the small file
        byte[] cut = new byte[16 + 10];
        cut[2] = 0x08;
        cut[3] = 3;
        java.nio.ByteBuffer.wrap(cut).putInt(4, 60000).putInt(8, 28).putInt(12, 28);
        System.arraycopy(all, 8, cut, 16, 10);
        Files.write(file, cut);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("expected 47040016 bytes")
                && e.getMessage().contains("found 26"), e.getMessage());
        // and a gzip of a file that goes on past its values (here: 3 bytes) names the surplus
        Path gz = dir.resolve("long.gz");
        byte[] small = Files.readAllBytes(dir.resolve("cut"));
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            byte[] ok = new byte[8 + 10 + 3];
            ok[2] = 0x08;
            ok[3] = 1;
            java.nio.ByteBuffer.wrap(ok).putInt(4, 10);
            System.arraycopy(small, 16, ok, 8, 10);
            out.write(ok);
        }
        assertTrue(assertThrows(IdxFormatException.class, () -> Idx.read(gz)).getMessage().contains("3 bytes too many"));
    }

    /** Values past the reader's first 64 MiB array (it grows by doubling) arrive in order. */
    @Test
    void fileLargerThanTheFirstReadArrayIsReadWhole() throws IOException {
        int rows = 70;
        int cols = 1 << 20;
        byte[] values = new byte[rows * cols];
        for (int i = 0; i < values.length; i += 4093) {
            values[i] = (byte) (i / 4093);
        }
        values[values.length - 1] = 77;
        Path file = dir.resolve("large");
        Idx.writeUnsignedBytes(file, new int[] {rows, cols}, values, false);
        Idx.Array a = Idx.read(file);
        assertArrayEquals(new int[] {rows, cols}, a.dims());
        assertArrayEquals(values, a.toBytes());
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
