package jcnn.kernel.channels;

import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.pipe.Pipe;

/**
 * Counts, per subscriber, the messages a PUB socket dropped for it, and gives each subscriber
 * that lost output a notice of exactly how much once it has room again.
 *
 * <p>Why it reads jeromq's internals: a PUB socket drops a message for a subscriber whose queue
 * is at the send high-water mark, and from then on skips that subscriber silently (it is
 * "inactive") until the subscriber has read enough; neither the drop nor the skipping is visible
 * through the API (with XPUB_NODROP only the first failure is, and a send that then skips the
 * inactive subscriber succeeds). The only exact record is the socket's distribution list
 * ({@code zmq.socket.pubsub.Dist}: its pipes, the first {@code active} of which get a message).
 * After each send, every pipe past {@code active} did not get that message. The notice is
 * written to that subscriber's pipe alone, so the subscribers that read see no notice and
 * the one that lost output sees exactly its own count.
 *
 * <p>Touched only by the socket's own thread. If jeromq's internals differ from 0.6.0's
 * ({@link #available()} false) nothing is counted and ZeroMQ drops silently, as before.
 */
final class PubDrops {
    /** Makes the notice's frames (topic first) for one subscriber. */
    interface Notice {
        List<byte[]> frames(long messages, long bytes, List<byte[]> lastDropped);
    }

    /** One subscriber's losses since its last notice. */
    private static final class Loss {
        long messages;
        long bytes;
        List<byte[]> last;
    }

    private final Object dist;
    private final Field pipesField;
    private final Field activeField;
    private final Notice notice;
    private final Map<Pipe, Loss> losses = new IdentityHashMap<>();
    private long totalMessages;

    PubDrops(ZMQ.Socket socket, Notice notice) {
        this.notice = notice;
        Object d = null;
        Field pipes = null;
        Field active = null;
        try {
            Field distField = zmq.socket.pubsub.XPub.class.getDeclaredField("dist");
            distField.setAccessible(true);
            d = distField.get(socket.base());
            pipes = d.getClass().getDeclaredField("pipes");
            pipes.setAccessible(true);
            active = d.getClass().getDeclaredField("active");
            active.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.warn("iopub: cannot count output dropped for slow clients (jeromq internals changed: " + e + ")");
            d = null;
        }
        this.dist = d;
        this.pipesField = pipes;
        this.activeField = active;
    }

    boolean available() {
        return dist != null;
    }

    /** Messages dropped so far, summed over subscribers. */
    long total() {
        return totalMessages;
    }

    /** After sending {@code frames}: counts it as dropped for every subscriber that did not get it. */
    void sent(List<byte[]> frames) {
        if (dist == null) {
            return;
        }
        List<Pipe> pipes = pipes();
        int active = active();
        for (int i = active; i < pipes.size(); i++) {
            Loss loss = losses.computeIfAbsent(pipes.get(i), p -> new Loss());
            loss.messages++;
            for (byte[] f : frames) {
                loss.bytes += f.length;
            }
            loss.last = frames;
            totalMessages++;
        }
    }

    /** True while a notice is owed to some subscriber (the caller retries {@link #notifyRecovered} then). */
    boolean pending() {
        return !losses.isEmpty();
    }

    /**
     * Writes each owed notice to its subscriber once that subscriber is active again and has
     * room; forgets subscribers that have gone. Call between messages (never inside one).
     */
    void notifyRecovered() {
        if (dist == null || losses.isEmpty()) {
            return;
        }
        List<Pipe> pipes = pipes();
        int active = active();
        Iterator<Map.Entry<Pipe, Loss>> it = losses.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Pipe, Loss> e = it.next();
            Pipe pipe = e.getKey();
            int index = indexOf(pipes, pipe);
            if (index < 0) {
                it.remove(); // the subscriber disconnected
                continue;
            }
            // checkHwm has no side effects: a write is only tried when it will succeed (a failed
            // write would mark the pipe inactive behind the distribution list's back)
            if (index >= active || !pipe.checkHwm()) {
                continue;
            }
            Loss loss = e.getValue();
            List<byte[]> frames = notice.frames(loss.messages, loss.bytes, loss.last);
            for (int i = 0; i < frames.size(); i++) {
                Msg msg = new Msg(frames.get(i));
                if (i < frames.size() - 1) {
                    msg.setFlags(Msg.MORE);
                }
                pipe.write(msg);
            }
            pipe.flush();
            KernelLog.warn("iopub: " + loss.messages + " messages (" + loss.bytes
                    + " bytes) were dropped for a client that did not read them; it was told so");
            it.remove();
        }
    }

    private static int indexOf(List<Pipe> pipes, Pipe pipe) {
        for (int i = 0; i < pipes.size(); i++) {
            if (pipes.get(i) == pipe) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private List<Pipe> pipes() {
        try {
            return (List<Pipe>) pipesField.get(dist);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private int active() {
        try {
            return activeField.getInt(dist);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
