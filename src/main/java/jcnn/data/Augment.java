package jcnn.data;

import java.util.List;
import jcnn.nn.Option;

/**
 * Where data augmentation starts: {@code Augment.shift(2).flipHorizontal().crop(28, padding(4))}
 * makes an {@link Augmentation} (the steps, their order and their determinism are described
 * there) for the trainer's {@code augment(...)}.
 */
public final class Augment {
    private Augment() {
    }

    /** Random shifts by up to {@code pixels} in each direction (new pixels 0). */
    public static Augmentation shift(int pixels) {
        return new Augmentation(List.of()).shift(pixels);
    }

    /** Mirrors left-right with probability 1/2. */
    public static Augmentation flipHorizontal() {
        return new Augmentation(List.of()).flipHorizontal();
    }

    /** A random {@code size × size} window of the image padded with zeros, e.g. {@code crop(28, padding(4))}. */
    public static Augmentation crop(int size, Option padding) {
        return new Augmentation(List.of()).crop(size, padding);
    }

    /** Like {@link #crop(int, Option)} with the padding as a number. */
    public static Augmentation crop(int size, int padding) {
        return new Augmentation(List.of()).crop(size, padding);
    }
}
