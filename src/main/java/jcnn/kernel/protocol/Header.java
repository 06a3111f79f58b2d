package jcnn.kernel.protocol;

import com.google.gson.annotations.SerializedName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The header of a Jupyter message (protocol 5.3): who sent it, when, and what it is.
 * Field names stay the wire's names through {@code @SerializedName}.
 */
public final class Header {
    /** The protocol version this kernel speaks; every header it sends carries it. */
    public static final String PROTOCOL_VERSION = "5.3";

    @SerializedName("msg_id")
    private String msgId;
    @SerializedName("session")
    private String session;
    @SerializedName("username")
    private String username;
    @SerializedName("date")
    private String date;
    @SerializedName("msg_type")
    private String msgType;
    @SerializedName("version")
    private String version;

    private Header() {
        // for gson
    }

    /** A fresh header for a message this kernel sends now. */
    public static Header create(String msgType, String session, String username) {
        Header h = new Header();
        h.msgId = UUID.randomUUID().toString();
        h.session = session;
        h.username = username;
        // NOTE: microseconds, as ipykernel sends; clients parse ISO 8601 with 'Z'.
        h.date = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        h.msgType = msgType;
        h.version = PROTOCOL_VERSION;
        return h;
    }

    public String msgId() {
        return msgId;
    }

    public String session() {
        return session;
    }

    public String username() {
        return username;
    }

    public String date() {
        return date;
    }

    /** The message type, for example {@code execute_request}; never null in a decoded message. */
    public String msgType() {
        return msgType;
    }

    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return msgType + "[" + msgId + "]";
    }
}
