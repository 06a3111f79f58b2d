package jcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jcnn.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    /** Ten 2×2 images whose pixels all equal the example index, labelled index % 3. */
    static Dataset tiny() {
        float[] x = new float[10 * 4];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            Arrays.fill(x, i * 4, i * 4 + 4, i);
            y[i] = i % 3;
        }
        return Dataset.of(Tensor.of(x, 10, 1, 2, 2), y, "a", "b", "c");
    }

    @Test
    void takeShuffleAndBatchesKeepImagesWithTheirLabels() {
        Dataset d = tiny().shuffle(7);
        assertEquals(10, d.size());
        int[] seen = new int[10];
        int batches = 0;
        for (Batches.Batch b : d.batches(4)) {
            assertArrayEquals(new int[] {b.size(), 1, 2, 2}, b.images().shape());
            for (int i = 0; i < b.size(); i++) {
                int index = (int) b.images().get(i, 0, 1, 1);
                assertEquals(index % 3, b.labels()[i]);
                seen[index]++;
            }
            batches++;
        }
        assertEquals(3, batches);   // ceil(10 / 4)
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, seen);
        assertEquals(3, d.take(3).size());
        assertEquals(d.label(0), d.take(3).label(0));
    }

    @Test
    void shuffleIsFixedBySeedAndChangesWithIt() {
        assertArrayEquals(tiny().shuffle(1).labels(), tiny().shuffle(1).labels());
        assertArrayEquals(Dataset.permutation(100, 5), Dataset.permutation(100, 5));
        assertNotEquals(Arrays.toString(Dataset.permutation(100, 5)), Arrays.toString(Dataset.permutation(100, 6)));
        int[] sorted = Dataset.permutation(100, 5).clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void standardizeGivesZeroMeanAndUnitVariance() {
        float[] v = tiny().standardize().images().toArray();
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double var = 0;
        for (float f : v) {
            var += (f - mean) * (f - mean);
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, var / v.length, 1e-5);
    }

    @Test
    void badLabelsAreRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(2, 1, 2, 2), new int[] {0, 5}, "a", "b"));
        assertTrue(e.getMessage().contains("label 1 is 5") && e.getMessage().contains("0..1"), e.getMessage());
    }

    @Test
    void loadsMnistStyleFilesFromTheDataPropertyAndScalesToUnitRange() {
        byte[] pixels = new byte[3 * 2 * 2];
        pixels[0] = (byte) 255;
        pixels[1] = (byte) 51;
        Path sub = dir.resolve("mnist");
        try {
            Files.createDirectories(sub);
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
        Idx.writeUnsignedBytes(sub.resolve("t10k-images-idx3-ubyte.gz"), new int[] {3, 2, 2}, pixels, true);
        Idx.writeUnsignedBytes(sub.resolve("t10k-labels-idx1-ubyte"), new int[] {3}, new byte[] {9, 0, 4}, false);
        System.setProperty("jcnn.data", dir.toString());
        try {
            Dataset test = Mnist.test();
            assertEquals(3, test.size());
            assertArrayEquals(new int[] {3, 1, 2, 2}, test.images().shape());
            assertEquals(1.0f, test.images().get(0, 0, 0, 0));
            assertEquals(0.2f, test.images().get(0, 0, 0, 1), 1e-7);
            assertArrayEquals(new int[] {9, 0, 4}, test.labels());
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), test.classNames());
            Dataset direct = Dataset.fromIdx(sub.resolve("t10k-images-idx3-ubyte.gz"), sub.resolve("t10k-labels-idx1-ubyte"));
            assertEquals(10, direct.numClasses());   // "0" .. "9", the largest label
            assertArrayEquals(test.images().toArray(), direct.images().toArray());
            Idx.writeUnsignedBytes(dir.resolve("two-labels"), new int[] {2}, new byte[] {0, 1}, false);
            IdxFormatException mismatch = assertThrows(IdxFormatException.class,
                    () -> Dataset.fromIdx(sub.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("two-labels"), "a", "b"));
            assertTrue(mismatch.getMessage().contains("3 images") && mismatch.getMessage().contains("2 labels"), mismatch.getMessage());
            DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, Mnist::train);
            assertTrue(e.getMessage().contains(sub.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("unset -Djcnn.data"), e.getMessage());
            assertTrue(e.getMessage().contains(Mnist.URL + "train-images-idx3-ubyte.gz"), e.getMessage());
        } finally {
            System.clearProperty("jcnn.data");
        }
    }

    /**
     * IDX and CIFAR-10 datasets keep their pixels as bytes: every operation must give the floats a
     * dataset of {@code byte / 255f} values would, bit for bit, for all 256 byte values.
     */
    @Test
    void byteImagesReadAsTheFloatsTheyStandFor() throws java.io.IOException {
        int n = 64;   // 64 images of 2x2: every byte value 0..255 once
        byte[] pixels = new byte[n * 4];
        float[] floats = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < pixels.length; i++) {
            int v = (i * 97) % 256;   // all 256 values, not in order
            pixels[i] = (byte) v;
            floats[i] = v / 255f;
        }
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
        }
        byte[] labelBytes = new byte[n];
        for (int i = 0; i < n; i++) {
            labelBytes[i] = (byte) labels[i];
        }
        Idx.writeUnsignedBytes(dir.resolve("images"), new int[] {n, 2, 2}, pixels, false);
        Idx.writeUnsignedBytes(dir.resolve("labels"), new int[] {n}, labelBytes, false);
        Dataset bytes = Dataset.fromIdx(dir.resolve("images"), dir.resolve("labels"));
        Dataset reference = Dataset.of(Tensor.of(floats, n, 1, 2, 2), labels, bytes.classNames().toArray(new String[0]));
        assertEquals(0f, bytes.images().toArray()[0]);
        assertEquals(1f, bytes.images().toArray()[Arrays.asList(box(pixels)).indexOf((byte) -1)]);
        assertSame(reference, bytes, "as loaded");
        assertSame(reference.slice(5, 40), bytes.slice(5, 40), "slice");
        assertSame(reference.shuffle(3), bytes.shuffle(3), "shuffle");
        assertSame(reference.subset(9, 2, 63, 2), bytes.subset(9, 2, 63, 2), "subset");
        assertSame(reference.take(7), bytes.take(7), "take");
        assertSame(reference.standardize(), bytes.standardize(), "standardize");
        assertSame(reference.standardize(0.25, 0.5), bytes.standardize(0.25, 0.5), "standardize(mean, std)");
        int[] order = Dataset.permutation(n, 11);
        float[] x = new float[10 * 4];
        float[] xr = new float[10 * 4];
        int[] y = new int[10];
        int[] yr = new int[10];
        bytes.copyBatch(order, 20, 30, x, y);
        reference.copyBatch(order, 20, 30, xr, yr);
        assertArrayEquals(xr, x, "copyBatch");
        assertArrayEquals(yr, y, "copyBatch labels");
        assertArrayEquals(reference.image(17).toArray(), bytes.image(17).toArray(), "image");
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.subset(64));
    }

    private static Byte[] box(byte[] b) {
        Byte[] out = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }

    private static void assertSame(Dataset expected, Dataset actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        assertArrayEquals(expected.labels(), actual.labels(), what + ": labels");
        assertArrayEquals(expected.images().toArray(), actual.images().toArray(), what + ": values");
        assertEquals(expected.exampleShape(), actual.exampleShape(), what + ": shape");
    }

    @Test
    void fashionMnistTestSetHasTenThousandLabelledImages() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.SYSTEM_DIR), "dataset-fashion-mnist not installed");
        Dataset test = FashionMnist.test();
        assertEquals(10_000, test.size());
        assertEquals("Ankle boot", test.classNames().get(9));
        assertEquals(9, test.label(0));   // the first test image is an ankle boot
        int[] counts = new int[10];
        for (int y : test.labels()) {
            counts[y]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
    }
}
