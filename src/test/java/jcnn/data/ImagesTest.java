package jcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import jcnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir
    Path dir;

    @Test
    void readsGreyAndRgbPngIntoNchwUnitRange() throws Exception {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(2, 1, 0, 51);
        Path g = dir.resolve("g.png");
        ImageIO.write(grey, "png", g.toFile());
        Tensor t = Images.read(g);
        assertArrayEquals(new int[] {1, 1, 2, 3}, t.shape());
        assertEquals(0.2f, t.get(0, 0, 1, 2), 1e-6);
        assertEquals(0f, t.get(0, 0, 0, 0));

        BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 0, 0xFF0080);
        Path c = dir.resolve("c.png");
        ImageIO.write(rgb, "png", c.toFile());
        Tensor u = Images.read(c);
        assertArrayEquals(new int[] {1, 3, 2, 2}, u.shape());
        assertEquals(1f, u.get(0, 0, 0, 1));
        assertEquals(0f, u.get(0, 1, 0, 1));
        assertEquals(128 / 255f, u.get(0, 2, 0, 1), 1e-6);
        Tensor asGrey = Images.read(c, 1, 4, 4);
        assertArrayEquals(new int[] {1, 1, 4, 4}, asGrey.shape());
    }

    @Test
    void aFileThatIsNoImageIsRefused() throws Exception {
        Path f = dir.resolve("x.png");
        Files.writeString(f, "not an image");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Images.read(f)).getMessage().contains("not a readable image"));
    }
}
