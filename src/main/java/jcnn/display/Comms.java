package jcnn.display;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Jupyter comms from Java: targets the frontend may open comms to, and comms opened from
 * here. The kernel installs a {@link CommTransport} and passes what arrives to
 * {@link #received}; nothing here knows about sockets.
 *
 * <pre>{@code
 * Comms.registerTarget("echo", (comm, open) -> comm.onMessage(m -> comm.send(m.data())));
 * Comm c = Comms.open("my.target", data);   // from a cell or any thread
 * }</pre>
 */
public final class Comms {
    private static final Map<String, BiConsumer<Comm, CommMessage>> TARGETS = new ConcurrentHashMap<>();
    private static final Map<String, Comm> OPEN = new ConcurrentHashMap<>();
    private static volatile CommTransport transport;
    private static volatile Pump pump;
    private static volatile java.util.function.Supplier<String> ids = () -> UUID.randomUUID().toString().replace("-", "");

    /** Handles comm messages that arrived while a cell runs; installed by the kernel. */
    public interface Pump {
        /** Handles waiting comm messages on the calling thread for up to {@code millis}. */
        void pump(long millis) throws InterruptedException;
    }

    private Comms() {
    }

    /** Installs where comm messages go (null: nowhere). Returns the previous transport. */
    public static CommTransport setTransport(CommTransport newTransport) {
        CommTransport old = transport;
        transport = newTransport;
        return old;
    }

    /** Installs what {@link #processEvents} calls (null: it only sleeps). Returns the previous one. */
    public static Pump setPump(Pump newPump) {
        Pump old = pump;
        pump = newPump;
        return old;
    }

    /**
     * Lets a running cell wait for the user: handles the comm messages (slider moves, button
     * clicks) that arrive during the next {@code millis} milliseconds on the cell's thread,
     * running their callbacks, then returns. Between cells they run anyway; this is for a cell
     * that loops until, say, a Stop button is clicked. Call it from the cell itself. Without a
     * kernel it just sleeps.
     *
     * @throws InterruptedException when the cell is interrupted while waiting
     */
    public static void processEvents(long millis) throws InterruptedException {
        Pump p = pump;
        if (p == null) {
            Thread.sleep(Math.max(0, millis));
        } else {
            p.pump(Math.max(0, millis));
        }
    }

    /**
     * Lets the frontend open comms to {@code targetName}; {@code onOpen} gets each new comm and
     * the {@code comm_open} message (set the comm's handlers there). Replaces an earlier
     * registration of the same name.
     */
    public static void registerTarget(String targetName, BiConsumer<Comm, CommMessage> onOpen) {
        if (targetName == null || targetName.isBlank()) {
            throw new IllegalArgumentException("comm target: expected a non-empty name such as \"my.target\" but got "
                    + (targetName == null ? "null" : "\"" + targetName + "\""));
        }
        TARGETS.put(targetName, Objects.requireNonNull(onOpen, "onOpen"));
    }

    /** Stops accepting comms to {@code targetName}; comms already open stay open. */
    public static void unregisterTarget(String targetName) {
        TARGETS.remove(targetName);
    }

    /** The registered target names, sorted. */
    public static Set<String> targets() {
        return new TreeSet<>(TARGETS.keySet());
    }

    /** True when a frontend may open a comm to {@code targetName}. */
    public static boolean hasTarget(String targetName) {
        return targetName != null && TARGETS.containsKey(targetName);
    }

    /** Opens a comm to the frontend's {@code targetName} with {@code data}. */
    public static Comm open(String targetName, JsonObject data) {
        return open(targetName, data, null, List.of());
    }

    /**
     * Opens a comm with {@code data} given as plain Java values (maps, lists, strings, numbers,
     * booleans), for cells: jcnn's gson is relocated in the jar, so a cell's
     * {@code com.google.gson.JsonObject} is not the one {@link #open(String, JsonObject)} takes.
     * {@code Comms.open("my.target", Map.of("n", List.of(1, 2, 3)))}.
     */
    public static Comm open(String targetName, Map<String, ?> data) {
        return open(targetName, json(data), null, List.of());
    }

    /** {@link #open(String, Map)} with metadata and binary buffers; any thread. */
    public static Comm open(String targetName, Map<String, ?> data, Map<String, ?> metadata, List<byte[]> buffers) {
        return open(targetName, json(data), json(metadata), buffers);
    }

    /** Plain Java values as a JSON object (null stays null). */
    static JsonObject json(Map<String, ?> values) {
        return values == null ? null : GSON.toJsonTree(values).getAsJsonObject();
    }

    private static final com.google.gson.Gson GSON = new com.google.gson.Gson();

    /** Opens a comm with metadata and binary buffers; any thread. */
    public static Comm open(String targetName, JsonObject data, JsonObject metadata, List<byte[]> buffers) {
        if (targetName == null || targetName.isBlank()) {
            throw new IllegalArgumentException("Comms.open: expected a target name such as \"jupyter.widget\" but got "
                    + (targetName == null ? "null" : "\"" + targetName + "\""));
        }
        Comm comm = new Comm(ids.get(), targetName);
        OPEN.put(comm.id(), comm);
        transmit("comm_open", comm.id(), targetName, data, metadata, buffers);
        return comm;
    }

    /** The open comms as comm id to target name ({@code comm_info_reply}), optionally of one target. */
    public static Map<String, String> openComms(String targetName) {
        Map<String, String> out = new LinkedHashMap<>();
        OPEN.forEach((id, c) -> {
            if (targetName == null || targetName.isEmpty() || targetName.equals(c.targetName())) {
                out.put(id, c.targetName());
            }
        });
        return out;
    }

    /** The open comm with this id, or null. */
    public static Comm get(String commId) {
        return commId == null ? null : OPEN.get(commId);
    }

    /**
     * Handles a comm message from the frontend (called by the kernel on its execution thread).
     *
     * @param msgType {@code comm_open}, {@code comm_msg} or {@code comm_close}
     * @return false when it cannot be handled: a comm_open to an unknown target (the kernel then
     *         closes the comm at once) or a message for a comm that is not open
     */
    public static boolean received(String msgType, String commId, String targetName, CommMessage message) {
        switch (msgType) {
            case "comm_open" -> {
                BiConsumer<Comm, CommMessage> target = targetName == null ? null : TARGETS.get(targetName);
                if (target == null || commId == null) {
                    return false;
                }
                Comm comm = new Comm(commId, targetName);
                OPEN.put(commId, comm);
                target.accept(comm, message);
                return true;
            }
            case "comm_msg" -> {
                Comm comm = get(commId);
                if (comm == null) {
                    return false;
                }
                comm.received(message);
                return true;
            }
            case "comm_close" -> {
                Comm comm = get(commId);
                if (comm == null) {
                    return false;
                }
                comm.closedByFrontend(message);
                return true;
            }
            default -> throw new IllegalArgumentException("expected comm_open, comm_msg or comm_close but got " + msgType);
        }
    }

    /**
     * Sets where new comm ids come from (null: random UUIDs, the default). The notebook runner
     * numbers them, so re-executing a notebook does not change its saved widget ids.
     */
    public static void setIdSource(java.util.function.Supplier<String> source) {
        ids = source != null ? source : () -> UUID.randomUUID().toString().replace("-", "");
    }

    /** Forgets every open comm without sending anything (a new notebook or kernel session starts). */
    public static void reset() {
        OPEN.clear();
    }

    static void forget(Comm comm) {
        OPEN.remove(comm.id(), comm);
    }

    static void transmit(String msgType, String commId, String targetName, JsonObject data, JsonObject metadata,
                         List<byte[]> buffers) {
        CommTransport t = transport;
        if (t != null) {
            t.send(msgType, commId, targetName, data == null ? new JsonObject() : data,
                    metadata == null ? new JsonObject() : metadata, buffers == null ? List.of() : buffers);
        }
    }
}
