package jcnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jcnn.nn.Option;
import jcnn.tensor.Shape;
import jcnn.tensor.backend.Parallel;

/**
 * Random changes to training images, applied in the order they were chained, one independent
 * draw per image: made by {@link Augment}, e.g.
 *
 * <pre>{@code
 * net.train(data).augment(Augment.shift(2).flipHorizontal().crop(28, padding(4)))...
 * }</pre>
 *
 * <p>Steps, on images {@code (C, H, W)}, new pixels are 0:
 * <ul>
 * <li>{@code shift(k)}: moves the image by {@code dx, dy} drawn uniformly from {@code -k..k}
 *     ({@code out[y][x] = in[y − dy][x − dx]}; positive dx moves it right);</li>
 * <li>{@code flipHorizontal()}: mirrors left-right with probability 1/2;</li>
 * <li>{@code crop(size, padding(p))}: pads by {@code p} on every side, then takes a
 *     {@code size × size} window at an offset drawn uniformly from {@code 0..H+2p−size}
 *     (torchvision's {@code RandomCrop(size, padding=p)}).</li>
 * </ul>
 *
 * <p>Determinism: image {@code i} of an epoch's order draws from a generator seeded by
 * {@code (seed, epoch, i)} only, so the result does not depend on the thread count or on the batch
 * size. The trainer applies it to training batches, never to validation or test data.
 */
public final class Augmentation {
    private final List<Step> steps;

    Augmentation(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Also shifts by up to {@code pixels} in each direction. */
    public Augmentation shift(int pixels) {
        if (pixels < 0) {
            throw new IllegalArgumentException("shift(" + pixels + "): expected a number of pixels >= 0, e.g. shift(2)");
        }
        return then(new Step(Kind.SHIFT, pixels, 0));
    }

    /** Also mirrors left-right with probability 1/2. */
    public Augmentation flipHorizontal() {
        return then(new Step(Kind.FLIP, 0, 0));
    }

    /** Also takes a random {@code size × size} window of the image padded with zeros, e.g. {@code crop(28, padding(4))}. */
    public Augmentation crop(int size, Option padding) {
        if (!"padding".equals(padding.name())) {
            throw new IllegalArgumentException("crop(" + size + ", " + padding.name() + "(" + padding.value()
                    + ")): expected padding(p) as the second argument, e.g. crop(28, padding(4))");
        }
        return crop(size, padding.value());
    }

    /** Also takes a random {@code size × size} window of the image padded by {@code padding} zeros. */
    public Augmentation crop(int size, int padding) {
        if (size < 1 || padding < 0) {
            throw new IllegalArgumentException("crop(" + size + ", padding(" + padding + ")): expected size >= 1 and padding >= 0");
        }
        return then(new Step(Kind.CROP, size, padding));
    }

    private Augmentation then(Step step) {
        List<Step> more = new ArrayList<>(steps);
        more.add(step);
        return new Augmentation(more);
    }

    /**
     * The shape of an augmented example.
     *
     * @throws IllegalArgumentException if examples are not images {@code (C, H, W)} or a crop does not fit
     */
    public Shape outputShape(Shape example) {
        if (example.rank() != 3) {
            throw new IllegalArgumentException(this + ": expected images (C, H, W) but the examples are " + example);
        }
        int h = example.dim(1);
        int w = example.dim(2);
        for (Step s : steps) {
            if (s.kind == Kind.CROP) {
                if (s.a > h + 2 * s.b || s.a > w + 2 * s.b) {
                    throw new IllegalArgumentException("crop(" + s.a + ", padding(" + s.b + ")) of " + h + "×" + w
                            + " images: the window is larger than the padded image (" + (h + 2 * s.b) + "×" + (w + 2 * s.b)
                            + "); use crop(" + h + ", padding(" + s.b + "))");
                }
                h = s.a;
                w = s.a;
            }
        }
        return Shape.of(example.dim(0), h, w);
    }

    /**
     * Augments {@code count} images of shape {@code example} stored one after another in
     * {@code x}, in place; image {@code i} is the one at position {@code first + i} of epoch
     * {@code epoch}'s order (it seeds that image's draws).
     *
     * @throws IllegalArgumentException if the output shape differs from the input shape (a crop to
     *                                  another size cannot be done in place)
     */
    public void apply(float[] x, int count, Shape example, long seed, int epoch, int first) {
        if (!outputShape(example).equals(example)) {
            throw new IllegalArgumentException(this + " turns " + example + " images into " + outputShape(example)
                    + "; the net and the validation data expect " + example + ": crop to the images' own size, e.g. crop("
                    + example.dim(1) + ", padding(4))");
        }
        int size = (int) example.numel();
        int channels = example.dim(0);
        int largest = size;
        for (Step s : steps) {
            largest = Math.max(largest, channels * s.a * s.a);
        }
        int buffer = largest;
        Parallel.forChunks(count, 16, (from, to) -> {
            float[] a = new float[buffer];
            float[] b = new float[buffer];
            for (int i = from; i < to; i++) {
                System.arraycopy(x, i * size, a, 0, size);
                SplittableRandom random = new SplittableRandom(imageSeed(seed, epoch, first + i));
                int h = example.dim(1);
                int w = example.dim(2);
                for (Step s : steps) {
                    s.apply(a, b, channels, h, w, random);
                    if (s.kind == Kind.CROP) {
                        h = s.a;
                        w = s.a;
                    }
                    float[] t = a;
                    a = b;
                    b = t;
                }
                System.arraycopy(a, 0, x, i * size, size);
            }
        });
    }

    static long imageSeed(long seed, int epoch, long position) {
        return mix(mix(mix(seed) + epoch) + position);
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code out[c][y][x] = in[c][y − dy][x − dx]}, 0 outside. */
    static void shifted(float[] in, float[] out, int c, int h, int w, int dx, int dy) {
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = y - dy;
                    int sx = x - dx;
                    out[(ch * h + y) * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[(ch * h + sy) * w + sx] : 0f;
                }
            }
        }
    }

    /** {@code out[c][y][x] = in[c][y][w − 1 − x]}. */
    static void flipped(float[] in, float[] out, int c, int h, int w) {
        for (int row = 0; row < c * h; row++) {
            for (int x = 0; x < w; x++) {
                out[row * w + x] = in[row * w + w - 1 - x];
            }
        }
    }

    /** The {@code size × size} window at {@code (top, left)} of the image padded by {@code padding} zeros. */
    static void cropped(float[] in, float[] out, int c, int h, int w, int size, int padding, int top, int left) {
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sy = top + y - padding;
                    int sx = left + x - padding;
                    out[(ch * size + y) * size + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[(ch * h + sy) * w + sx] : 0f;
                }
            }
        }
    }

    private enum Kind { SHIFT, FLIP, CROP }

    /** One step; {@code a}, {@code b}: shift (pixels, -), crop (size, padding). */
    private record Step(Kind kind, int a, int b) {
        void apply(float[] in, float[] out, int c, int h, int w, SplittableRandom random) {
            switch (kind) {
                case SHIFT -> shifted(in, out, c, h, w, random.nextInt(2 * a + 1) - a, random.nextInt(2 * a + 1) - a);
                case FLIP -> {
                    if (random.nextBoolean()) {
                        flipped(in, out, c, h, w);
                    } else {
                        System.arraycopy(in, 0, out, 0, c * h * w);
                    }
                }
                case CROP -> {
                    int top = random.nextInt(h + 2 * b - a + 1);
                    int left = random.nextInt(w + 2 * b - a + 1);
                    cropped(in, out, c, h, w, a, b, top, left);
                }
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case SHIFT -> "shift(" + a + ")";
                case FLIP -> "flipHorizontal()";
                case CROP -> "crop(" + a + ", padding(" + b + "))";
            };
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Augment");
        for (Step s : steps) {
            sb.append('.').append(s);
        }
        return sb.toString();
    }
}
