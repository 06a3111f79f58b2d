package jcnn.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import jcnn.tensor.Tensor;

/**
 * Reads a PNG, JPEG, GIF or BMP file into a tensor {@code (1, C, H, W)} with values in [0, 1],
 * ready for {@code net.predict(...)}: {@code C = 1} for grey, {@code 3} for RGB (alpha dropped).
 *
 * <pre>{@code
 * Tensor shoe = Images.read(Path.of("shoe.png"), 1, 28, 28);   // grey, resized for a Fashion-MNIST net
 * }</pre>
 */
public final class Images {
    private Images() {
    }

    /** The image as it is: grey images give 1 channel, colour images 3. */
    public static Tensor read(Path file) {
        BufferedImage image = load(file);
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        return toTensor(image, grey ? 1 : 3);
    }

    /**
     * The image converted to {@code channels} (1 = grey by luminance 0.299 R + 0.587 G + 0.114 B,
     * 3 = RGB) and resized (bilinear) to {@code height × width}.
     *
     * @throws IllegalArgumentException if channels is not 1 or 3 or a size is below 1
     */
    public static Tensor read(Path file, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("Images.read: channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("Images.read: size must be >= 1, got " + height + "×" + width);
        }
        BufferedImage image = load(file);
        if (image.getHeight() != height || image.getWidth() != width) {
            boolean grey = image.getColorModel().getNumColorComponents() == 1;
            BufferedImage scaled = new BufferedImage(width, height, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
            g.dispose();
            image = scaled;
        }
        return toTensor(image, channels);
    }

    private static BufferedImage load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("image file " + file + " does not exist"));
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalArgumentException("image file " + file + " is not a readable image; expected PNG, JPEG, GIF or BMP");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    private static Tensor toTensor(BufferedImage image, int channels) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] data = new float[channels * h * w];
        boolean greySource = image.getColorModel().getNumColorComponents() == 1;
        java.awt.image.Raster raster = image.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float r;
                float g;
                float b;
                if (greySource) {
                    // NOTE: getRGB would apply the grey colour space's gamma; the raster keeps the stored value
                    int bits = image.getColorModel().getComponentSize(0);
                    r = g = b = raster.getSample(x, y, 0) / (float) ((1 << bits) - 1);
                } else {
                    int rgb = image.getRGB(x, y);
                    r = ((rgb >> 16) & 0xFF) / 255f;
                    g = ((rgb >> 8) & 0xFF) / 255f;
                    b = (rgb & 0xFF) / 255f;
                }
                if (channels == 1) {
                    data[y * w + x] = greySource ? r : 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    data[y * w + x] = r;
                    data[h * w + y * w + x] = g;
                    data[2 * h * w + y * w + x] = b;
                }
            }
        }
        return Tensor.of(data, 1, channels, h, w);
    }
}
