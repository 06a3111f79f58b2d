package jcnn.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns ZeroMQ frames into {@link Message}s and back, following the wire format
 * <pre>
 *   [identities...] "&lt;IDS|MSG&gt;" signature header parent_header metadata content [buffers...]
 * </pre>
 * Decoding verifies the signature first and rejects anything that does not fit with a
 * {@link MalformedMessageException} saying what was wrong.
 */
public final class WireCodec {
    /** The frame separating routing identities from the message. */
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /** Signatures remembered to refuse replays: jupyter_client's digest_history_size. */
    static final int DIGEST_HISTORY = 1 << 16;

    private final Signer signer;
    /** Signatures of the messages accepted so far (oldest first), to refuse a replayed one. */
    private final java.util.LinkedHashSet<String> digests = new java.util.LinkedHashSet<>();
    private final String session;
    private final String username;

    /**
     * @param signer  signs outgoing and verifies incoming messages
     * @param session this kernel's session id, sent in every header
     */
    public WireCodec(Signer signer, String session, String username) {
        this.signer = signer;
        this.session = session;
        this.username = username;
    }

    public static Gson gson() {
        return GSON;
    }

    public String session() {
        return session;
    }

    /**
     * A new message from this kernel.
     *
     * @param parent the request it belongs to, or null (identities and parent header are then empty)
     */
    public Message create(String msgType, Message parent, JsonObject content) {
        Header header = Header.create(msgType, session, username);
        JsonObject headerJson = GSON.toJsonTree(header).getAsJsonObject();
        return new Message(parent == null ? List.of() : parent.identities(), header, headerJson,
                parent == null ? new JsonObject() : parent.headerJson(), new JsonObject(), content, List.of());
    }

    /** The frames of {@code message}, signed, ready for a ROUTER (identities first) or PUB socket. */
    public List<byte[]> encode(Message message) {
        List<byte[]> parts = List.of(utf8(message.headerJson()), utf8(message.parentHeader()),
                utf8(message.metadata()), utf8(message.content()));
        List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
        frames.addAll(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(parts).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(parts);
        frames.addAll(message.buffers());
        return frames;
    }

    /**
     * Parses and verifies received frames.
     *
     * @throws MalformedMessageException if the delimiter is missing, fewer than the five frames
     *         after it arrived, the signature is missing or wrong, or a JSON frame does not parse
     *         as an object, or the header lacks {@code msg_type}, or the same signed message
     *         was accepted before (a replay)
     */
    public Message decode(List<byte[]> frames) throws MalformedMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new MalformedMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() - delimiter - 1 < 5) {
            throw new MalformedMessageException("expected signature, header, parent_header, metadata and content"
                    + " after <IDS|MSG> but got " + (frames.size() - delimiter - 1) + " frames");
        }
        byte[] signature = frames.get(delimiter + 1);
        List<byte[]> parts = frames.subList(delimiter + 2, delimiter + 6);
        if (signer.enabled() && signature.length == 0) {
            throw new MalformedMessageException("message is not signed but the connection file has a key");
        }
        if (!signer.verify(signature, parts)) {
            throw new MalformedMessageException("signature does not match (wrong key, or the message was altered)");
        }
        if (signer.enabled()) {
            rememberOrRefuse(new String(signature, StandardCharsets.US_ASCII));
        }
        JsonObject headerJson = object("header", parts.get(0));
        Header header;
        try {
            header = GSON.fromJson(headerJson, Header.class);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("header does not fit the protocol: " + e.getMessage(), e);
        }
        if (header.msgType() == null || header.msgType().isEmpty()) {
            throw new MalformedMessageException("header has no msg_type: " + headerJson);
        }
        return new Message(frames.subList(0, delimiter), header, headerJson, object("parent_header", parts.get(1)),
                object("metadata", parts.get(2)), object("content", parts.get(3)),
                frames.subList(delimiter + 6, frames.size()));
    }

    /** A signed message is accepted once: the same signature again is a replay (as jupyter_client refuses). */
    private void rememberOrRefuse(String digest) throws MalformedMessageException {
        synchronized (digests) {
            if (!digests.add(digest)) {
                throw new MalformedMessageException("replayed message: this signature was already accepted");
            }
            if (digests.size() > DIGEST_HISTORY) {
                var oldest = digests.iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private static JsonObject object(String what, byte[] frame) throws MalformedMessageException {
        JsonElement element;
        try {
            element = JsonParser.parseString(new String(frame, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new MalformedMessageException(what + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new MalformedMessageException(what + " must be a JSON object but was: " + abbreviate(element.toString()));
        }
        return element.getAsJsonObject();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static byte[] utf8(JsonObject json) {
        return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    }
}
