package jcnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import jcnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImageGridTest {
    static final String GOLDEN = "/golden/feature-maps-seed42.png";

    /** The golden picture's input: 6 channels of 10x12 N(0,1) values, seed 42, pixel size 6. */
    static ImageGrid seededGrid(long seed) {
        return Plots.featureMaps(Tensor.randn(seed, 1, 6, 10, 12), "seeded").pixelSize(6);
    }

    @Test
    void eachDataPixelBecomesAnExactBlockOfOneColour() {
        float[] data = {0, 1, 2, 3};
        ImageGrid grid = Plots.featureMaps(data, new int[] {1, 2, 2}, null).pixelSize(7).scaleBar(false);
        BufferedImage image = grid.image();
        // GREY from 0 to 3: 0 black, 1 0x555555, 2 0xAAAAAA, 3 white; each value one 7x7 block
        int left = Integer.MAX_VALUE;
        int top = Integer.MAX_VALUE;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0) {
                    left = Math.min(left, x);
                    top = Math.min(top, y);
                }
            }
        }
        assertEquals(49, Pictures.count(image, 0x000000), "black is only the block of value 0");
        int[] expected = {0x000000, 0x555555, 0xAAAAAA, 0xFFFFFF};
        for (int i = 0; i < 4; i++) {
            for (int dy = 0; dy < 7; dy++) {
                for (int dx = 0; dx < 7; dx++) {
                    int x = left + (i % 2) * 7 + dx;
                    int y = top + (i / 2) * 7 + dy;
                    assertEquals(expected[i], image.getRGB(x, y) & 0xFFFFFF, "value " + i + " at pixel (" + x + ", " + y + ")");
                }
            }
        }
        // the pixel just outside the block of value 1 is background, not a smeared colour
        assertEquals(0xFFFFFF, image.getRGB(left + 14, top) & 0xFFFFFF);
        assertEquals(ColorMap.GREY, grid.colorMapInUse());
    }

    @Test
    void valuesOfBothSignsGetTheDivergingMapSymmetricAboutZero() {
        ImageGrid grid = Plots.featureMaps(new float[] {-1, 0.5f, 2, 0}, new int[] {2, 2}, "x");
        assertEquals(ColorMap.DIVERGING, grid.colorMapInUse());
        assertEquals(-2.0, grid.rangeInUse()[0]);
        assertEquals(2.0, grid.rangeInUse()[1]);
        assertEquals(0xFFFFFF, ColorMap.DIVERGING.rgb(0.5), "zero is white");
        assertEquals(ColorMap.GREY, grid.colorMap(ColorMap.GREY).colorMapInUse());
        assertEquals("feature maps 'x': 1 channel of 2x2, values -1 to 2 (grey colour map)", grid.describe());
    }

    @Test
    void aRequestedSizeIsExactAndKeepsWholeNumberScaling() {
        BufferedImage image = seededGrid(1).pixelSize(1).size(640, 400).image();
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        ImageGrid auto = Plots.featureMaps(Tensor.randn(3, 1, 4, 28, 28), "conv1");
        BufferedImage natural = auto.image();
        assertTrue(natural.getWidth() <= 1200 && natural.getWidth() > 300, "width " + natural.getWidth());
        BufferedImage fitted = auto.size(300, 200).image();
        assertEquals(300, fitted.getWidth());
        assertTrue(Pictures.distinctColours(fitted) > 50);
    }

    @Test
    void theGridMatchesTheGoldenPictureWithinTolerance() throws Exception {
        BufferedImage actual = seededGrid(42).image();
        if (Boolean.getBoolean("jcnn.golden.write")) {
            Path out = Path.of("src/test/resources" + GOLDEN);
            Files.createDirectories(out.getParent());
            ImageIO.write(actual, "png", out.toFile());
        }
        BufferedImage golden;
        try (InputStream in = ImageGridTest.class.getResourceAsStream(GOLDEN)) {
            golden = ImageIO.read(in);
        }
        // text anti-aliasing may differ a little between JDKs and font versions; tiles must not
        double off = Pictures.differing(actual, golden, 16);
        assertTrue(off < 0.01, "fraction of differing pixels " + off);
        // and the comparison does fail for another picture of the same size
        double otherSeed = Pictures.differing(seededGrid(43).image(), golden, 16);
        assertTrue(otherSeed > 0.05, "another seed differs in " + otherSeed);
        assertEquals(1.0, Pictures.differing(seededGrid(42).pixelSize(5).image(), golden, 16));
    }

    @Test
    void filtersHaveOneRowPerFilterOnADivergingScale() {
        Tensor w = Tensor.randn(7, 4, 3, 3, 3);
        ImageGrid grid = Plots.filters(w);
        assertEquals(12, grid.tiles());
        assertEquals(ColorMap.DIVERGING, grid.colorMapInUse());
        assertTrue(grid.describe().startsWith("filters: 4 x 3 kernels of 3x3"), grid.describe());
        assertTrue(Pictures.distinctColours(grid.image()) > 30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.filters(Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("expected a convolution weight (C_out, C_in, kH, kW) but got (3, 3)"), e.getMessage());
    }

    @Test
    void samplesMarkMistakesWithARedBorderAndBothLabels() {
        String[] names = {"T-shirt/top", "Trouser", "Pullover"};
        Tensor images = Tensor.rand(5, 3, 1, 28, 28);
        ImageGrid right = Plots.samples(images, new int[] {0, 1, 2}, new int[] {0, 1, 2}, names);
        ImageGrid wrong = Plots.samples(images, new int[] {0, 1, 2}, new int[] {0, 2, 2}, names);
        assertTrue(wrong.describe().startsWith("sample grid: 3 images, 1 mistake marked in red"), wrong.describe());
        int red = ImageGrid.MISTAKE.getRGB() & 0xFFFFFF;
        assertEquals(0, Pictures.count(right.image(), red));
        // a 3-pixel border around a 28*k tile, plus the red label text
        assertTrue(Pictures.count(wrong.image(), red) > 4 * 28 * 2, "red pixels " + Pictures.count(wrong.image(), red));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.samples(images, new int[] {0, 1}, null, names));
        assertTrue(e.getMessage().contains("3 images but 2 true labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plots.samples(images, new int[] {0, 1, 7}, null, names));
        assertTrue(e.getMessage().contains("label 7 has no class name"), e.getMessage());
    }

    @Test
    void badShapesAreExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.featureMaps(Tensor.zeros(2, 8, 5, 5), "conv1"));
        assertTrue(e.getMessage().contains("expected one image (C, H, W) or (1, C, H, W) but got a batch (2, 8, 5, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plots.featureMaps(new float[5], new int[] {2, 3}, null));
        assertTrue(e.getMessage().contains("holds 6 values but 5 were given"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plots.image(Tensor.zeros(4, 8, 8)));
        assertTrue(e.getMessage().contains("expected 1 (grey) or 3 (RGB) channels but got 4"), e.getMessage());
    }

    @Test
    void colourImagesUseTheirThreeChannels() {
        float[] rgb = new float[3 * 2 * 2];
        rgb[0] = 1; // red channel, pixel (0, 0)
        rgb[4 + 1] = 1; // green channel, pixel (0, 1)
        ImageGrid image = Plots.image(rgb, 3, 2, 2).pixelSize(5);
        BufferedImage picture = image.image();
        assertEquals(25, Pictures.count(picture, 0xFF0000));
        assertEquals(25, Pictures.count(picture, 0x00FF00));
        assertEquals("image: 2x2 RGB, values 0 to 1 (RGB)", image.describe());
    }

    @Test
    void nanIsDrawnMagentaNotAsData() {
        BufferedImage image = Plots.featureMaps(new float[] {Float.NaN, 1, 2, 3}, new int[] {2, 2}, null).pixelSize(4).image();
        assertEquals(16, Pictures.count(image, 0xFF00FF));
    }

    @Test
    void mistakesShowOnlyTheWronglyClassifiedExamplesOfAnEvaluation() {
        float[] pixels = new float[12 * 16];
        int[] labels = new int[12];
        for (int i = 0; i < 12; i++) {
            labels[i] = i % 3;
            for (int p = 0; p < 16; p++) {
                pixels[i * 16 + p] = ((i * 7 + p * 3) % 11) / 10f;
            }
        }
        jcnn.data.Dataset data = jcnn.data.Dataset.of(Tensor.of(pixels, 12, 1, 4, 4), labels, "a", "b", "c");
        jcnn.model.Net net = jcnn.model.Cnn.input(1, 4, 4).seed(3).flatten().dense(3).build();
        jcnn.model.Evaluation evaluation = net.evaluate(data);
        int wrong = evaluation.misclassified().length;
        ImageGrid samples = Plots.samples(data, evaluation.predictions(), 12);
        assertTrue(samples.describe().startsWith("sample grid: 12 images, " + wrong + (wrong == 1 ? " mistake" : " mistakes")),
                samples.describe());
        if (wrong == 0) {
            assertThrows(IllegalArgumentException.class, () -> Plots.mistakes(data, evaluation, 5));
        } else {
            ImageGrid mistakes = Plots.mistakes(data, evaluation, 5);
            int shown = Math.min(5, wrong);
            assertEquals(shown, mistakes.tiles());
            assertTrue(mistakes.describe().startsWith("sample grid: " + shown + " images, " + shown), mistakes.describe());
        }
    }
}
