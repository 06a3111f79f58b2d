package jcnn.kernel.channels;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves one {@code ipc://PATH} endpoint of the connection file.
 *
 * <p>NOTE: jeromq's own "ipc" transport is TCP on a port hashed from the name, which libzmq
 * clients (pyzmq, jupyter_client) cannot reach: they connect to a Unix domain socket file.
 * So the kernel's socket binds to an ephemeral loopback TCP port and this relay accepts
 * connections on the Unix socket file and copies bytes both ways. ZMTP does not carry
 * addresses, so the peers cannot tell the difference.
 */
public final class UnixSocketRelay implements AutoCloseable {
    private final Path path;
    private final InetSocketAddress target;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /**
     * Binds the Unix socket file at {@code path} (replacing a stale one) and starts accepting.
     *
     * @param target where the jeromq socket listens (127.0.0.1 and its ephemeral port)
     */
    public UnixSocketRelay(Path path, InetSocketAddress target) throws IOException {
        this.path = path;
        this.target = target;
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        this.server.bind(UnixDomainSocketAddress.of(path));
        this.acceptor = new Thread(this::accept, "jcnn-ipc-" + path.getFileName());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                SocketChannel upstream = SocketChannel.open(target);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                KernelLog.warn("ipc relay " + path + ": cannot reach " + target + ": " + e);
                closeQuietly(client);
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // the peer went away; close both directions below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "jcnn-ipc-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stale socket file is replaced on the next start
        }
    }
}
