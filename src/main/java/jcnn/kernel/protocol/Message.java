package jcnn.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message: the routing identities it came with (ROUTER sockets), its header, the
 * header of the request it answers, metadata, content and binary buffers.
 *
 * <p>{@code parentHeader} is kept as raw JSON so that a reply echoes the request's header
 * exactly, including fields this kernel does not know.
 */
public record Message(List<byte[]> identities, Header header, JsonObject headerJson, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content, List<byte[]> buffers) {

    public Message {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    /** The message type from the header, e.g. {@code execute_request}. */
    public String type() {
        return header.msgType();
    }

    /** A string field of the content, or {@code fallback} when absent or not a string. */
    public String string(String field, String fallback) {
        var e = content.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }

    /** A boolean field of the content, or {@code fallback} when absent. */
    public boolean bool(String field, boolean fallback) {
        var e = content.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : fallback;
    }

    /** An integer field of the content, or {@code fallback} when absent or not a number. */
    public int integer(String field, int fallback) {
        var e = content.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsInt() : fallback;
    }

    /** The same message routed to other identities (none, for iopub). */
    public Message withIdentities(List<byte[]> ids) {
        return new Message(ids, header, headerJson, parentHeader, metadata, content, buffers);
    }

    @Override
    public String toString() {
        return header.toString();
    }
}
