package jcnn.kernel.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketRelayTest {
    @TempDir
    Path temp;

    @Test
    void bytesWrittenToTheSocketFileReachTheTcpPortAndBack() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = upstream.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] buffer = new byte[1024];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        out.write('!');
                        out.flush();
                    }
                } catch (Exception e) {
                    // the test ends the connection
                }
            });
            echo.start();
            Path path = temp.resolve("kernel-ipc-5");
            try (UnixSocketRelay relay = new UnixSocketRelay(path, new InetSocketAddress("127.0.0.1", upstream.getLocalPort()));
                 SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                assertTrue(Files.exists(path));
                client.connect(UnixDomainSocketAddress.of(path));
                client.write(ByteBuffer.wrap("zmtp".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer answer = ByteBuffer.allocate(5);
                while (answer.hasRemaining() && client.read(answer) >= 0) {
                    // read all five bytes
                }
                assertEquals("zmtp!", new String(answer.array(), StandardCharsets.US_ASCII));
                relay.close();
                assertFalse(Files.exists(path), "closing removes the socket file");
            }
            echo.join(5000);
        }
    }
}
