package jcnn.plot;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

/** Pixel statistics for picture tests. */
final class Pictures {
    private Pictures() {
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }

    /** Fraction of pixels that are not the white background. */
    static double inked(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    n++;
                }
            }
        }
        return n / (double) (image.getWidth() * image.getHeight());
    }

    /** Number of pixels of exactly this colour. */
    static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Fraction of pixels whose colour differs by more than {@code tolerance} (0..255) in some channel;
     * 1.0 when the sizes differ.
     */
    static double differing(BufferedImage a, BufferedImage b, int tolerance) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return 1.0;
        }
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    if (Math.abs(((p >> shift) & 255) - ((q >> shift) & 255)) > tolerance) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n / (double) (a.getWidth() * a.getHeight());
    }
}
