package jcnn.display.widgets;

import com.google.gson.JsonArray;
import java.util.Base64;
import java.util.List;
import jcnn.display.Display;
import jcnn.display.MimeBundle;

/**
 * A picture whose bytes travel as a binary buffer (no base64 on the wire):
 * {@code Image.of(net.activations(x).plot("conv1"))} shows anything that renders as PNG, and
 * {@link #show(Object)} replaces it in place.
 */
public final class Image extends Widget {
    public Image(byte[] png) {
        super("ImageModel", "ImageView");
        put("format", "png");
        put("width", "");
        put("height", "");
        put("value", png == null ? new byte[0] : png.clone());
    }

    /** An image of whatever {@code display(value)} would show as PNG (a plot, a tensor, a BufferedImage). */
    public static Image of(Object value) {
        return new Image(png(value));
    }

    /** Replaces the picture with {@code value} rendered as PNG. */
    public Image show(Object value) {
        return value(png(value));
    }

    /** Replaces the picture with these PNG bytes. */
    public Image value(byte[] png) {
        set("value", png.clone());
        return this;
    }

    /** The PNG bytes shown. */
    public byte[] value() {
        return get("value") instanceof byte[] b ? b.clone() : new byte[0];
    }

    /** Width in CSS pixels ("" for the picture's own). */
    public Image width(int pixels) {
        set("width", Integer.toString(pixels));
        return this;
    }

    private static byte[] png(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        MimeBundle bundle = Display.render(value);
        Object png = bundle.data().get("image/png");
        if (png == null) {
            throw new IllegalArgumentException("Image: expected something that renders as image/png (a plot, a Tensor,"
                    + " a BufferedImage) but " + (value == null ? "null" : value.getClass().getSimpleName())
                    + " renders as " + bundle.data().keySet() + "; pass PNG bytes instead");
        }
        return Base64.getDecoder().decode(png.toString());
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("value", "format", "width");
    }
}
