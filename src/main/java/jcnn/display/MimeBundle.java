package jcnn.display;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Jupyter calls a MIME bundle: one object shown in several formats, keyed by MIME type
 * ({@code text/plain}, {@code text/html}, {@code text/markdown}, {@code image/png},
 * {@code image/svg+xml}, ...), plus per-type metadata (for images: width and height).
 *
 * <p>Text formats hold a {@link String}; binary formats (image/png) hold their base64 text,
 * as the Jupyter wire format does. Every bundle a renderer returns has {@code text/plain},
 * which says what the picture is for clients that cannot show it.
 */
public final class MimeBundle {
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    /** A bundle with only {@code text/plain}. */
    public static MimeBundle text(String plain) {
        return new MimeBundle().put("text/plain", plain);
    }

    /** Adds or replaces one format; returns this. */
    public MimeBundle put(String mimeType, Object value) {
        data.put(mimeType, value);
        return this;
    }

    /** Adds {@code image/png} from raw PNG bytes (base64-encoded here) with its pixel size. */
    public MimeBundle png(byte[] pngBytes, int width, int height) {
        data.put("image/png", Base64.getEncoder().encodeToString(pngBytes));
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", width);
        size.put("height", height);
        metadata.put("image/png", size);
        return this;
    }

    /** Adds metadata for one MIME type; returns this. */
    public MimeBundle meta(String mimeType, Object value) {
        metadata.put(mimeType, value);
        return this;
    }

    /** The formats, in insertion order (unmodifiable view). */
    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    /** Per-format metadata (unmodifiable view). */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The {@code text/plain} form, or "" if absent. */
    public String plain() {
        Object v = data.get("text/plain");
        return v == null ? "" : v.toString();
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet();
    }
}
