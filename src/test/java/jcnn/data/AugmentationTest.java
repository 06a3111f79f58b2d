package jcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jcnn.model.Cnn;
import jcnn.tensor.Shape;
import jcnn.tensor.backend.Parallel;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    /** 1×3×3: 1 2 3 / 4 5 6 / 7 8 9. */
    static final float[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    static final Shape ONE_BY_3X3 = Shape.of(1, 3, 3);

    @Test
    void shiftMovesTheImageAndFillsWithZeros() {
        float[] out = new float[9];
        Augmentation.shifted(IMAGE, out, 1, 3, 3, 1, 0);   // one to the right
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5, 0, 7, 8}, out);
        Augmentation.shifted(IMAGE, out, 1, 3, 3, -1, 1);  // one left, one down
        assertArrayEquals(new float[] {0, 0, 0, 2, 3, 0, 5, 6, 0}, out);
    }

    @Test
    void flipMirrorsEachRowOfEachChannel() {
        float[] twoChannels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};   // 2×2×3
        float[] out = new float[12];
        Augmentation.flipped(twoChannels, out, 2, 2, 3);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, out);
    }

    @Test
    void cropTakesAWindowOfTheZeroPaddedImage() {
        float[] out = new float[9];
        Augmentation.cropped(IMAGE, out, 1, 3, 3, 3, 1, 0, 2);   // padded 5×5, window at row 0, column 2
        assertArrayEquals(new float[] {0, 0, 0, 2, 3, 0, 5, 6, 0}, out);
        float[] small = new float[4];
        Augmentation.cropped(IMAGE, small, 1, 3, 3, 2, 0, 1, 1);
        assertArrayEquals(new float[] {5, 6, 8, 9}, small);
    }

    /** Each of {@code n} copies of IMAGE augmented once (positions 0..n-1 of epoch 1). */
    static List<float[]> augmentCopies(Augmentation a, int n, long seed) {
        float[] x = new float[9 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(IMAGE, 0, x, 9 * i, 9);
        }
        a.apply(x, n, ONE_BY_3X3, seed, 1, 0);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Arrays.copyOfRange(x, 9 * i, 9 * i + 9));
        }
        return out;
    }

    @Test
    void randomShiftsAreAllAndOnlyTheShiftsUpToK() {
        List<String> possible = new ArrayList<>();
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                float[] out = new float[9];
                Augmentation.shifted(IMAGE, out, 1, 3, 3, dx, dy);
                possible.add(Arrays.toString(out));
            }
        }
        Set<String> seen = new HashSet<>();
        for (float[] img : augmentCopies(Augment.shift(1), 200, 3)) {
            assertTrue(possible.contains(Arrays.toString(img)), Arrays.toString(img) + " is no shift by at most 1");
            seen.add(Arrays.toString(img));
        }
        assertEquals(9, seen.size(), "all nine shifts occur in 200 draws");
    }

    @Test
    void randomFlipsMirrorAboutHalfTheImages() {
        float[] mirrored = new float[9];
        Augmentation.flipped(IMAGE, mirrored, 1, 3, 3);
        int flipped = 0;
        for (float[] img : augmentCopies(Augment.flipHorizontal(), 400, 5)) {
            if (Arrays.equals(img, mirrored)) {
                flipped++;
            } else {
                assertArrayEquals(IMAGE, img);
            }
        }
        assertTrue(flipped > 150 && flipped < 250, flipped + " of 400 flipped");
    }

    @Test
    void randomCropsAreWindowsOfThePaddedImage() {
        Set<String> possible = new HashSet<>();
        for (int top = 0; top <= 2; top++) {
            for (int left = 0; left <= 2; left++) {
                float[] out = new float[9];
                Augmentation.cropped(IMAGE, out, 1, 3, 3, 3, 1, top, left);
                possible.add(Arrays.toString(out));
            }
        }
        Set<String> seen = new HashSet<>();
        for (float[] img : augmentCopies(Augment.crop(3, Cnn.padding(1)), 200, 6)) {
            assertTrue(possible.contains(Arrays.toString(img)), Arrays.toString(img));
            seen.add(Arrays.toString(img));
        }
        assertEquals(9, seen.size());
    }

    @Test
    void stepsApplyInOrder() {
        // flip then shift: every result is a shift of the image or of its mirror, and a pure flip shows up
        float[] mirrored = new float[9];
        Augmentation.flipped(IMAGE, mirrored, 1, 3, 3);
        Set<String> possible = new HashSet<>();
        for (float[] source : List.of(IMAGE, mirrored)) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    float[] out = new float[9];
                    Augmentation.shifted(source, out, 1, 3, 3, dx, dy);
                    possible.add(Arrays.toString(out));
                }
            }
        }
        boolean pureFlip = false;
        for (float[] img : augmentCopies(Augment.flipHorizontal().shift(1), 300, 8)) {
            assertTrue(possible.contains(Arrays.toString(img)), Arrays.toString(img));
            pureFlip |= Arrays.equals(img, mirrored);
        }
        assertTrue(pureFlip);
        assertEquals("Augment.shift(2).flipHorizontal().crop(28, padding(4))",
                Augment.shift(2).flipHorizontal().crop(28, Cnn.padding(4)).toString());
    }

    @Test
    void sameSeedSameImagesWithOneAndTwoThreadsAndInAnyBatching() {
        Augmentation a = Augment.shift(2).flipHorizontal().crop(8, Cnn.padding(3));
        Shape example = Shape.of(2, 8, 8);
        int n = 70;   // more than one chunk of 16, so two threads really share the work
        float[] source = new float[n * 128];
        for (int i = 0; i < source.length; i++) {
            source[i] = (i * 37 % 101) / 100f;
        }
        int threads = Parallel.threads();
        float[] one = source.clone();
        float[] two = source.clone();
        try {
            Parallel.setThreads(1);
            a.apply(one, n, example, 42, 3, 0);
            Parallel.setThreads(2);
            a.apply(two, n, example, 42, 3, 0);
        } finally {
            Parallel.setThreads(threads);
        }
        assertArrayEquals(one, two);
        assertFalse(Arrays.equals(source, one));
        // the same images as two batches (positions 0..29 and 30..69)
        float[] halves = source.clone();
        float[] first = Arrays.copyOfRange(halves, 0, 30 * 128);
        float[] second = Arrays.copyOfRange(halves, 30 * 128, n * 128);
        a.apply(first, 30, example, 42, 3, 0);
        a.apply(second, 40, example, 42, 3, 30);
        assertArrayEquals(Arrays.copyOfRange(one, 0, 30 * 128), first);
        assertArrayEquals(Arrays.copyOfRange(one, 30 * 128, n * 128), second);
        float[] otherEpoch = source.clone();
        a.apply(otherEpoch, n, example, 42, 4, 0);
        assertFalse(Arrays.equals(one, otherEpoch), "each epoch draws anew");
        float[] otherSeed = source.clone();
        a.apply(otherSeed, n, example, 43, 3, 0);
        assertFalse(Arrays.equals(one, otherSeed));
    }

    @Test
    void badArgumentsAreRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augment.crop(28, Cnn.stride(2)));
        assertTrue(e.getMessage().contains("expected padding(p)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augment.shift(-1));
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> Augment.shift(1).outputShape(Shape.of(784)));
        assertTrue(flat.getMessage().contains("(C, H, W)"), flat.getMessage());
    }
}
