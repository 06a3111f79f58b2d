package jcnn.display.renderers;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import jcnn.display.MimeBundle;
import jcnn.display.Renderer;

/** A {@link java.awt.image.BufferedImage} (any {@link RenderedImage}) as {@code image/png}, plus "image 640×480". */
public final class ImageRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        if (!(value instanceof RenderedImage image)) {
            return null;
        }
        return new MimeBundle().png(png(image), image.getWidth(), image.getHeight())
            .put("text/plain", "image " + image.getWidth() + "×" + image.getHeight());
    }

    @Override
    public int priority() {
        return 100;
    }

    /** The PNG file bytes of {@code image}. */
    public static byte[] png(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalArgumentException("no PNG writer accepts this image (" + image.getClass().getName()
                    + "); convert it to a BufferedImage of TYPE_INT_ARGB first");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
