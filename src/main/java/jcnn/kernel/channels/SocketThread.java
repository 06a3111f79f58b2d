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

    /**
     * For a PUB socket whose subscriber stopped reading: makes the frames of the notice that
     * goes out when sending works again, saying how many messages were dropped.
     */
    public interface DropNotice {
        /**
         * The notice's frames.
         *
         * @param messages how many messages were dropped
         * @param bytes how many bytes they held
         * @param lastDropped the frames of the last dropped message (its parent header locates the notice)
         * @return the frames to send
         */
        List<byte[]> frames(long messages, long bytes, List<byte[]> lastDropped);
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
    /** Non-null for a PUB socket with a high-water mark: sending never blocks, overflow is counted. */
    private DropNotice dropNotice;
    private long droppedMessages;
    private long droppedBytes;
    private List<byte[]> lastDropped;
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
     * Makes this (PUB) socket count what it drops past its send high-water mark for a subscriber
     * that stopped reading (instead of buffering without bound, or dropping silently), and send
     * a notice made by {@code notice} once every subscriber has room again. Call before
     * {@link #start()}.
     */
    void dropWhenFull(DropNotice notice) {
        socket.setXpubNoDrop(true);
        this.dropNotice = notice;
    }

    /** Messages dropped so far because the subscriber did not read (see {@link #dropWhenFull}). */
    public long dropped() {
        return totalDropped.get();
    }

    /** Queues frames for sending; safe from any thread. */
    public void send(List<byte[]> frames) {
        outgoing.add(frames);
        if (Thread.currentThread() == thread && dropNotice == null) {
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
                boolean pending = dropNotice != null && droppedMessages > 0;
                if (poller.poll(pending ? NOTICE_RETRY_MILLIS : -1) < 0) {
                    break;
                }
                if (pending) {
                    drain();
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
        if (dropNotice != null) {
            drainLossy();
            return;
        }
        List<byte[]> frames;
        while ((frames = outgoing.poll()) != null) {
            sendBlocking(frames);
        }
    }

    private void sendBlocking(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** Sends without blocking: the first frame decides (with XPUB_NODROP it fails at the high-water mark). */
    private boolean trySend(List<byte[]> frames) {
        if (!socket.send(frames.get(0), (frames.size() > 1 ? ZMQ.SNDMORE : 0) | ZMQ.DONTWAIT)) {
            return false;
        }
        for (int i = 1; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        return true;
    }

    private void drainLossy() {
        if (droppedMessages > 0 && trySend(dropNotice.frames(droppedMessages, droppedBytes, lastDropped))) {
            KernelLog.warn(thread.getName() + ": " + droppedMessages + " messages (" + droppedBytes
                    + " bytes) were dropped for a client that did not read");
            droppedMessages = 0;
            droppedBytes = 0;
            lastDropped = null;
        }
        List<byte[]> frames;
        while ((frames = outgoing.poll()) != null) {
            if (trySend(frames)) {
                continue; // every subscriber had room
            }
            // NOTE: a subscriber's queue is full. Sending without XPUB_NODROP delivers to the
            // subscribers that read and drops the message for the one that does not (ZeroMQ's
            // PUB behaviour), so one stuck client never starves the others; the notice goes
            // out once every subscriber has room again.
            socket.setXpubNoDrop(false);
            try {
                sendBlocking(frames);
            } finally {
                socket.setXpubNoDrop(true);
            }
            droppedMessages++;
            totalDropped.incrementAndGet();
            for (byte[] f : frames) {
                droppedBytes += f.length;
            }
            lastDropped = frames;
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
