package jcnn.kernel.channels;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jcnn.kernel.protocol.MalformedMessageException;
import jcnn.kernel.protocol.Message;
import jcnn.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The kernel's five sockets, each on its own thread: shell, control and stdin (ROUTER),
 * iopub (PUB) and heartbeat (REP, echoes). All bind to the connection file's ip only.
 *
 * <p>Incoming messages are decoded and verified on the socket's thread; a message that fails
 * ({@link MalformedMessageException}) is logged to stderr and dropped, and the socket keeps
 * serving. Handlers run on the socket's thread and must not block for long.
 */
public final class Channels implements AutoCloseable {
    /** Messages iopub queues for a subscriber that does not read before it drops output. */
    static final int IOPUB_HIGH_WATER_MARK = Integer.getInteger("jcnn.iopub.hwm", 2000);
    /** The largest message accepted on shell, control and stdin. */
    static final long MAX_MESSAGE_BYTES = Long.getLong("jcnn.max.message.bytes", 64L << 20);

    private final ZContext context = new ZContext(1);
    private final ZContext controlContext = new ZContext(1);
    private final Bells bells = new Bells();
    private final WireCodec codec;
    private final List<UnixSocketRelay> relays = new ArrayList<>();
    private final SocketThread shell;
    private final SocketThread control;
    private final SocketThread stdin;
    private final SocketThread iopub;
    private final SocketThread heartbeat;

    /**
     * Binds all five sockets; the threads start with {@link #start()}.
     *
     * @throws IOException if a port is taken or an ipc socket file cannot be created
     */
    public Channels(ConnectionInfo info, WireCodec codec, Consumer<Message> onShell, Consumer<Message> onControl,
                    Consumer<Message> onStdin) throws IOException {
        this.codec = codec;
        try {
            shell = new SocketThread(context, bells, "shell", bind(info, SocketType.ROUTER, info.shellPort()), reader("shell", onShell));
            // control has its own context, so its own ZeroMQ I/O thread: an interrupt_request and its
            // reply never wait behind iopub's output in the shared I/O thread (issue 10: 50 ms)
            control = new SocketThread(controlContext, bells, "control",
                    bind(controlContext, info, SocketType.ROUTER, info.controlPort()), reader("control", onControl));
            stdin = new SocketThread(context, bells, "stdin", bind(info, SocketType.ROUTER, info.stdinPort()), reader("stdin", onStdin));
            iopub = new SocketThread(context, bells, "iopub", bind(info, SocketType.PUB, info.iopubPort()), null);
            iopub.countDrops(this::dropNotice);
            heartbeat = new SocketThread(context, bells, "heartbeat", bind(info, SocketType.REP, info.hbPort()), Channels::echo);
        } catch (RuntimeException | IOException e) {
            close();
            throw e instanceof IOException io ? io : new IOException("cannot bind the kernel's sockets: " + e.getMessage(), e);
        }
    }

    public void start() {
        for (SocketThread t : List.of(iopub, heartbeat, stdin, control, shell)) {
            t.start();
        }
    }

    /** Sends a reply or request on the shell socket (to its {@code identities}). Any thread. */
    public void shell(Message message) {
        shell.send(codec.encode(message));
    }

    /** Sends on the control socket. Any thread. */
    public void control(Message message) {
        control.send(codec.encode(message));
    }

    /** Sends on the stdin socket (input_request). Any thread. */
    public void stdin(Message message) {
        stdin.send(codec.encode(message));
    }

    /** Publishes on iopub, in call order. Any thread. */
    public void publish(Message message) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(("kernel." + codec.session() + "." + message.type()).getBytes(StandardCharsets.UTF_8));
        frames.addAll(codec.encode(message.withIdentities(List.of())));
        iopub.send(frames);
    }

    /** Sends what is queued, closes every socket and the context (bounded by the sockets' linger). */
    @Override
    public void close() {
        for (SocketThread t : new SocketThread[] {shell, control, stdin, iopub, heartbeat}) {
            if (t != null) {
                t.stop(500);
            }
        }
        bells.stop();
        relays.forEach(UnixSocketRelay::close);
        context.close();
        controlContext.close();
    }

    private ZMQ.Socket bind(ConnectionInfo info, SocketType type, int port) throws IOException {
        return bind(context, info, type, port);
    }

    private ZMQ.Socket bind(ZContext in, ConnectionInfo info, SocketType type, int port) throws IOException {
        ZMQ.Socket socket = in.createSocket(type);
        socket.setLinger(1000);
        if (type == SocketType.PUB) {
            // A reading client gets everything (a cell's text is coalesced into ~1,000-character
            // messages, so 10,000 lines are ~100 messages); a client that stops reading must not
            // make the kernel buffer without bound: past this many queued messages its output is
            // dropped, and a notice to that client says exactly how much (PubDrops).
            socket.setSndHWM(IOPUB_HIGH_WATER_MARK);
        } else {
            // a 100 MB frame from a hostile or broken client is refused (the peer is disconnected)
            socket.setMaxMsgSize(MAX_MESSAGE_BYTES);
        }
        if (info.transport().equals("ipc")) {
            int tcpPort = socket.bindToRandomPort("tcp://127.0.0.1");
            Path path = Path.of(info.ip() + "-" + port);
            relays.add(new UnixSocketRelay(path, new InetSocketAddress("127.0.0.1", tcpPort)));
        } else {
            String endpoint = info.endpoint(port);
            if (!socket.bind(endpoint)) {
                throw new IOException("cannot bind " + endpoint + "; is the port in use?");
            }
        }
        return socket;
    }

    /** When the calling socket thread started reading the message it is handling (System.nanoTime). */
    private static final ThreadLocal<long[]> RECEIVED = ThreadLocal.withInitial(() -> new long[1]);

    /** On a socket thread, inside a handler: when its message started to be read (System.nanoTime). */
    public static long receivedNanos() {
        return RECEIVED.get()[0];
    }

    private SocketThread.Reader reader(String name, Consumer<Message> handler) {
        return socket -> {
            RECEIVED.get()[0] = System.nanoTime();
            List<byte[]> frames = SocketThread.receiveAll(socket);
            Message message;
            try {
                message = codec.decode(frames);
            } catch (MalformedMessageException e) {
                KernelLog.warn(name + ": dropped a message: " + e.getMessage());
                return;
            }
            handler.accept(message);
        };
    }

    /** How many iopub messages were dropped for subscribers that did not read them (summed over subscribers). */
    public long droppedOutput() {
        return iopub.dropped();
    }

    /** A stderr stream message (topic frame first), parented like the last dropped message, saying how much was dropped. */
    private List<byte[]> dropNotice(long messages, long bytes, List<byte[]> lastDropped) {
        com.google.gson.JsonObject parent = new com.google.gson.JsonObject();
        if (lastDropped != null && lastDropped.size() > 4) {
            try {
                parent = com.google.gson.JsonParser.parseString(new String(lastDropped.get(4), StandardCharsets.UTF_8))
                        .getAsJsonObject();
            } catch (RuntimeException e) {
                // our own frames always parse; keep an empty parent if not
            }
        }
        com.google.gson.JsonObject content = new com.google.gson.JsonObject();
        content.addProperty("name", "stderr");
        content.addProperty("text", String.format("%n[jcnn] %,d output messages (%,d bytes) were dropped here: this frontend"
                + " did not read them fast enough (more than %,d were waiting for it). Print less, or update a display"
                + " instead of printing.%n", messages, bytes, IOPUB_HIGH_WATER_MARK));
        Message m = codec.create("stream", null, content);
        m = new Message(List.of(), m.header(), m.headerJson(), parent, m.metadata(), m.content(), m.buffers());
        List<byte[]> frames = new ArrayList<>();
        frames.add(("kernel." + codec.session() + ".stream").getBytes(StandardCharsets.UTF_8));
        frames.addAll(codec.encode(m));
        return frames;
    }

    private static void echo(ZMQ.Socket socket) {
        List<byte[]> frames = SocketThread.receiveAll(socket);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }
}
