package jcnn.display;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What arrives on a comm from the frontend: the message's {@code data}, its {@code metadata}
 * and its binary buffers (in order; widget messages say in {@code data.buffer_paths} where
 * each belongs).
 */
public record CommMessage(JsonObject data, JsonObject metadata, List<byte[]> buffers) {
    public CommMessage {
        data = data == null ? new JsonObject() : data;
        metadata = metadata == null ? new JsonObject() : metadata;
        buffers = buffers == null ? List.of() : List.copyOf(buffers);
    }
}
