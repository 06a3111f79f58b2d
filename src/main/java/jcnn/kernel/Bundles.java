package jcnn.kernel;

import com.google.gson.JsonObject;
import jcnn.display.MimeBundle;
import jcnn.kernel.protocol.WireCodec;

/** MIME bundles as the wire's {@code {"data": {...}, "metadata": {...}}}. */
final class Bundles {
    private Bundles() {
    }

    /** A fresh content object with {@code data} and {@code metadata} of {@code bundle}. */
    static JsonObject content(MimeBundle bundle) {
        JsonObject content = new JsonObject();
        content.add("data", WireCodec.gson().toJsonTree(bundle.data()));
        content.add("metadata", WireCodec.gson().toJsonTree(bundle.metadata()));
        return content;
    }
}
