package jcnn.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcnn.kernel.channels.ConnectionInfo;
import jcnn.kernel.channels.SocketThread;
import jcnn.kernel.protocol.MalformedMessageException;
import jcnn.kernel.protocol.Message;
import jcnn.kernel.protocol.Signer;
import jcnn.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal Jupyter client over jeromq for the kernel's tests: DEALER sockets for shell,
 * control and stdin (one identity, as jupyter_client does), SUB for iopub, REQ for heartbeat.
 * Receives wait at most {@code timeoutMillis} and return null on timeout.
 */
final class KernelClient implements AutoCloseable {
    static final String KEY = "jcnn-test-key";

    final ConnectionInfo info;
    final WireCodec codec = new WireCodec(new Signer("hmac-sha256", KEY), "client-session", "tester");
    private final ZContext context = new ZContext(1);
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket stdin;
    final ZMQ.Socket iopub;
    final ZMQ.Socket heartbeat;

    KernelClient(ConnectionInfo info) {
        this.info = info;
        byte[] identity = "test-client".getBytes(StandardCharsets.UTF_8);
        shell = socket(SocketType.DEALER, info.shellPort(), identity);
        control = socket(SocketType.DEALER, info.controlPort(), null);
        stdin = socket(SocketType.DEALER, info.stdinPort(), identity);
        iopub = socket(SocketType.SUB, info.iopubPort(), null);
        iopub.subscribe(new byte[0]);
        heartbeat = socket(SocketType.REQ, info.hbPort(), null);
    }

    /** A tcp connection description on five free loopback ports. */
    static ConnectionInfo freeTcpConnection() throws IOException {
        int[] ports = new int[5];
        List<ServerSocket> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ServerSocket s = new ServerSocket(0);
            held.add(s);
            ports[i] = s.getLocalPort();
        }
        for (ServerSocket s : held) {
            s.close();
        }
        return new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4], KEY, "hmac-sha256");
    }

    private ZMQ.Socket socket(SocketType type, int port, byte[] identity) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(0);
        if (identity != null) {
            s.setIdentity(identity);
        }
        s.connect(info.endpoint(port));
        return s;
    }

    /** Sends a signed request; returns it (its header's msg_id identifies replies). */
    Message send(ZMQ.Socket socket, String type, JsonObject content) {
        Message m = codec.create(type, null, content);
        sendFrames(socket, codec.encode(m));
        return m;
    }

    static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The next message on {@code socket} within the timeout, or null. */
    Message receive(ZMQ.Socket socket, int timeoutMillis) {
        socket.setReceiveTimeOut(timeoutMillis);
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        if (socket.hasReceiveMore()) {
            frames.addAll(SocketThread.receiveAll(socket));
        }
        try {
            return codec.decode(frames);
        } catch (MalformedMessageException e) {
            throw new AssertionError("the kernel sent a malformed message: " + e.getMessage(), e);
        }
    }

    /** iopub messages whose parent is {@code request}, up to and including its idle status. */
    List<Message> iopubUntilIdle(Message request, int timeoutMillis) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Message m = receive(iopub, (int) Math.max(1, deadline - System.currentTimeMillis()));
            if (m == null) {
                break;
            }
            if (!isChildOf(m, request)) {
                continue;
            }
            messages.add(m);
            if (m.type().equals("status") && m.string("execution_state", "").equals("idle")) {
                return messages;
            }
        }
        throw new AssertionError("no idle status for " + request.type() + " within " + timeoutMillis
                + " ms; got " + messages);
    }

    static boolean isChildOf(Message m, Message request) {
        var id = m.parentHeader().get("msg_id");
        return id != null && id.getAsString().equals(request.header().msgId());
    }

    /**
     * Sends kernel_info until iopub delivers its status: a SUB socket misses what is published
     * before its subscription reaches the kernel (ZeroMQ's slow joiner).
     */
    void waitUntilReady() {
        for (int attempt = 0; attempt < 50; attempt++) {
            Message request = send(shell, "kernel_info_request", new JsonObject());
            Message reply = receive(shell, 5000);
            if (reply == null) {
                throw new AssertionError("no kernel_info_reply within 5 s");
            }
            Message status = receive(iopub, 200);
            if (status != null) {
                // drain the rest of this request's status messages
                while (receive(iopub, 100) != null) {
                    // keep draining
                }
                return;
            }
        }
        throw new AssertionError("iopub never delivered a message");
    }

    @Override
    public void close() {
        context.close();
    }
}
