package jcnn.display;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One end of a Jupyter comm: a channel between an object in this JVM and its counterpart in
 * the frontend (a widget model, say). Opened with {@link Comms#open} or by the frontend
 * through a target registered with {@link Comms#registerTarget}.
 *
 * <p>{@link #send} may be called from any thread. Handlers run on the kernel's execution
 * thread, one message at a time, between cells.
 */
public final class Comm {
    private final String id;
    private final String targetName;
    private volatile Consumer<CommMessage> onMessage = m -> { };
    private volatile Consumer<CommMessage> onClose = m -> { };
    private volatile boolean closed;

    Comm(String id, String targetName) {
        this.id = Objects.requireNonNull(id, "id");
        this.targetName = Objects.requireNonNull(targetName, "targetName");
    }

    /** The comm id (for a widget: its model id). */
    public String id() {
        return id;
    }

    /** The target this comm was opened for, e.g. {@code jupyter.widget}. */
    public String targetName() {
        return targetName;
    }

    /** True once either side closed it. */
    public boolean isClosed() {
        return closed;
    }

    /** Sets what runs when the frontend sends a message on this comm; returns this. */
    public Comm onMessage(Consumer<CommMessage> handler) {
        this.onMessage = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Sets what runs when the frontend closes this comm; returns this. */
    public Comm onClose(Consumer<CommMessage> handler) {
        this.onClose = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Sends {@code data} to the frontend. */
    public void send(JsonObject data) {
        send(data, null, List.of());
    }

    /** Sends {@code data} given as plain Java values (see {@link Comms#open(String, Map)}). */
    public void send(java.util.Map<String, ?> data) {
        send(Comms.json(data), null, List.of());
    }

    /**
     * Sends {@code data} with binary buffers (raw bytes, not base64) to the frontend.
     *
     * @throws IllegalStateException if the comm was closed
     */
    public void send(JsonObject data, JsonObject metadata, List<byte[]> buffers) {
        if (closed) {
            throw new IllegalStateException("comm " + id + " (target '" + targetName + "') is closed; open a new one"
                    + " with Comms.open(\"" + targetName + "\", data)");
        }
        Comms.transmit("comm_msg", id, null, data, metadata, buffers);
    }

    /** Closes the comm on both sides (nothing happens if it is closed already). */
    public void close() {
        close(new JsonObject());
    }

    /** Closes the comm, sending {@code data} with the {@code comm_close}. */
    public void close(JsonObject data) {
        if (closed) {
            return;
        }
        closed = true;
        Comms.forget(this);
        Comms.transmit("comm_close", id, null, data, null, List.of());
    }

    void received(CommMessage message) {
        onMessage.accept(message);
    }

    void closedByFrontend(CommMessage message) {
        if (closed) {
            return;
        }
        closed = true;
        Comms.forget(this);
        onClose.accept(message);
    }

    @Override
    public String toString() {
        return "Comm[" + targetName + ", " + id + (closed ? ", closed" : "") + "]";
    }
}
