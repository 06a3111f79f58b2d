package jcnn.kernel.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * One ZeroMQ socket served by its own thread. ZeroMQ sockets must not be shared between
 * threads, so every other thread hands outgoing messages to {@link #send} (a queue) and rings
 * an in-process doorbell; the owning thread blocks in a poller on the socket and the doorbell,
 * so it neither spins nor sleeps. Messages leave in the order {@code send} was called. The
 * doorbell itself is rung by {@link Bells}, so that interrupted threads never touch ZeroMQ.
 */
public final class SocketThread {
    /** What to do when the socket has a message to read (called on the owning thread). */
    public interface Reader {
        void readable(ZMQ.Socket socket);
    }

    /** How often a pending drop notice is retried while the subscriber does not read. */
    private static final long NOTICE_RETRY_MILLIS = 200;

    private static final AtomicInteger IDS = new AtomicInteger();

    private final ZContext context;
    private final ZMQ.Socket socket;
    private final ZMQ.Socket bellIn;
    private final ZMQ.Socket bellOut;
    private final Reader reader;
    private final Bells bells;
    private final Queue<List<byte[]>> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean bellRung = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean stopping;
    /** Non-null for a PUB socket whose drops are counted and noticed (see {@link #countDrops}). */
    private PubDrops drops;
    private final java.util.concurrent.atomic.AtomicLong totalDropped = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param socket a bound socket; from now on only this thread touches it
     * @param reader called when the socket is readable, or null for send-only sockets (PUB)
     */
    SocketThread(ZContext context, Bells bells, String name, ZMQ.Socket socket, Reader reader) {
        this.context = context;
        this.bells = bells;
        this.socket = socket;
        this.reader = reader;
        String bell = "inproc://jcnn-bell-" + name + "-" + IDS.incrementAndGet();
        // Both ends are created here, before the thread starts: inproc needs bind before connect.
        this.bellIn = context.createSocket(SocketType.PULL);
        this.bellIn.bind(bell);
        this.bellOut = context.createSocket(SocketType.PUSH);
        this.bellOut.connect(bell);
        this.thread = new Thread(this::loop, "jcnn-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Makes this (PUB) socket count, per subscriber, the messages ZeroMQ drops for a subscriber
     * that is at the send high-water mark, and give that subscriber a notice made by
     * {@code notice} once it has room again (see {@link PubDrops}). Call before {@link #start()}.
     */
    void countDrops(PubDrops.Notice notice) {
        this.drops = new PubDrops(socket, notice);
    }

    /** Messages dropped so far because a subscriber did not read, summed over subscribers. */
    public long dropped() {
        return totalDropped.get();
    }

    /** Queues frames for sending; safe from any thread. */
    public void send(List<byte[]> frames) {
        outgoing.add(frames);
        if (Thread.currentThread() == thread && drops == null) {
            // a reply from this socket's own handler (interrupt_reply on control): send it now, in
            // order after what is queued, instead of a round trip through the doorbell thread
            drain();
            return;
        }
        ring();
    }

    /** Sends what is queued, closes the socket and ends the thread; waits up to {@code millis}. */
    public void stop(long millis) {
        stopping = true;
        ring();
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ring() {
        // One doorbell message per wake-up is enough: the loop clears the flag before draining.
        if (bellRung.compareAndSet(false, true)) {
            bells.ring(this);
        }
    }

    /** Called on the {@link Bells} thread only. */
    void ringNow() {
        bellOut.send(new byte[0], ZMQ.DONTWAIT);
    }

    private void loop() {
        ZMQ.Poller poller = context.createPoller(2);
        int socketIndex = reader == null ? -1 : poller.register(socket, ZMQ.Poller.POLLIN);
        int bellIndex = poller.register(bellIn, ZMQ.Poller.POLLIN);
        try {
            while (true) {
                boolean pending = drops != null && drops.pending();
                if (poller.poll(pending ? NOTICE_RETRY_MILLIS : -1) < 0) {
                    break;
                }
                if (pending) {
                    socket.getEvents(); // processes the socket's commands: a subscriber that read is active again
                    drops.notifyRecovered();
                }
                if (poller.pollin(bellIndex)) {
                    while (bellIn.recv(ZMQ.DONTWAIT) != null) {
                        // empty the doorbell
                    }
                    bellRung.set(false);
                    drain();
                    if (stopping) {
                        break;
                    }
                }
                if (socketIndex >= 0 && poller.pollin(socketIndex)) {
                    try {
                        reader.readable(socket);
                    } catch (RuntimeException e) {
                        // A bug in one handler must not stop the channel.
                        KernelLog.warn(thread.getName() + ": " + e, e);
                    }
                }
            }
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZError.ETERM) {
                KernelLog.warn(thread.getName() + " stopped: " + e);
            }
        } finally {
            poller.close();
            context.destroySocket(socket);
            context.destroySocket(bellIn);
        }
    }

    private void drain() {
        List<byte[]> frames;
        while ((frames = outgoing.poll()) != null) {
            if (drops != null && drops.pending()) {
                // a subscriber that lost output and has room again gets its notice where the gap is
                socket.getEvents();
                drops.notifyRecovered();
            }
            sendBlocking(frames); // a PUB socket never blocks: past a subscriber's high-water mark it drops
            if (drops != null) {
                long before = drops.total();
                drops.sent(frames);
                totalDropped.addAndGet(drops.total() - before);
            }
        }
    }

    private void sendBlocking(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** Receives all frames of one multipart message (non-blocking once the first is there). */
    public static List<byte[]> receiveAll(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = socket.recv(0);
            if (frame == null) {
                break;
            }
            frames.add(frame);
        } while (socket.hasReceiveMore());
        return frames;
    }
}
