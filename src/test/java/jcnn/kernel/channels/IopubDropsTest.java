package jcnn.kernel.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcnn.kernel.protocol.Signer;
import jcnn.kernel.protocol.WireCodec;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Issue 10: a client that stops reading iopub loses output past the high-water mark, and is told
 * exactly how much: for every client, messages received + messages its notices say were dropped
 * = messages published. The old iopub counted only the first dropped message (ZeroMQ then skips
 * the full subscriber silently) and told the stuck client nothing.
 */
class IopubDropsTest {
    private static final Pattern COUNT = Pattern.compile("([\\d,]+) output messages");

    /** Messages and notice counts one subscriber saw. */
    private static final class Seen {
        final AtomicLong messages = new AtomicLong();
        final AtomicLong noticed = new AtomicLong();
        final AtomicLong notices = new AtomicLong();
        final AtomicLong warmUps = new AtomicLong();

        void add(List<byte[]> frames) {
            int delimiter = -1;
            for (int i = 0; i < frames.size(); i++) {
                if (new String(frames.get(i), StandardCharsets.UTF_8).equals("<IDS|MSG>")) {
                    delimiter = i;
                    break;
                }
            }
            JsonObject content = JsonParser.parseString(new String(frames.get(delimiter + 5), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            String text = content.has("text") ? content.get("text").getAsString() : "";
            if (text.equals("warm-up")) {
                warmUps.incrementAndGet();
            } else if (text.contains("were dropped here")) {
                Matcher m = COUNT.matcher(text);
                assertTrue(m.find(), text);
                noticed.addAndGet(Long.parseLong(m.group(1).replace(",", "")));
                notices.incrementAndGet();
            } else {
                messages.incrementAndGet();
            }
        }
    }

    @Test
    void everyClientReceivesOrIsToldExactlyHowManyWereDropped() throws Exception {
        int[] ports = freePorts();
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
                "key", "hmac-sha256");
        WireCodec codec = new WireCodec(new Signer("hmac-sha256", "key"), "session", "kernel");
        int published = 5000;
        String text = "x".repeat(2000) + "\n";
        try (Channels channels = new Channels(info, codec, m -> { }, m -> { }, m -> { });
             ZContext client = new ZContext(1)) {
            channels.start();
            ZMQ.Socket reading = client.createSocket(SocketType.SUB);
            reading.subscribe(new byte[0]);
            reading.connect("tcp://127.0.0.1:" + info.iopubPort());
            ZMQ.Socket stuck = client.createSocket(SocketType.SUB);
            stuck.setRcvHWM(10);
            stuck.setReceiveBufferSize(4096);
            stuck.subscribe(new byte[0]);
            stuck.connect("tcp://127.0.0.1:" + info.iopubPort());
            // ZeroMQ's slow joiner: a PUB socket sees a new subscriber only while it sends, so
            // warm-up messages go out until both have one (the stuck client then stops reading)
            Seen readingSeen = new Seen();
            Seen stuckSeen = new Seen();
            reading.setReceiveTimeOut(50);
            stuck.setReceiveTimeOut(50);
            for (int i = 0; i < 400 && (readingSeen.warmUps.get() == 0 || stuckSeen.warmUps.get() == 0); i++) {
                JsonObject content = new JsonObject();
                content.addProperty("name", "stdout");
                content.addProperty("text", "warm-up");
                channels.publish(codec.create("stream", null, content));
                readAvailable(reading, readingSeen);
                readAvailable(stuck, stuckSeen);
            }
            assertTrue(readingSeen.warmUps.get() > 0 && stuckSeen.warmUps.get() > 0, "the subscribers never connected");
            Thread reader = new Thread(() -> readUntilQuiet(reading, readingSeen, 1000));
            reader.start();
            for (int i = 0; i < published; i++) {
                JsonObject content = new JsonObject();
                content.addProperty("name", "stdout");
                content.addProperty("text", text);
                channels.publish(codec.create("stream", null, content));
            }
            reader.join(60_000);
            // the stuck client reads at last: what ZeroMQ kept for it, then its notice
            readUntilQuiet(stuck, stuckSeen, 1000);

            assertEquals(published, readingSeen.messages.get() + readingSeen.noticed.get(),
                    "reading client: received " + readingSeen.messages + ", told " + readingSeen.noticed + " were dropped");
            assertEquals(published, stuckSeen.messages.get() + stuckSeen.noticed.get(),
                    "stuck client: received " + stuckSeen.messages + ", told " + stuckSeen.noticed + " were dropped");
            assertTrue(stuckSeen.noticed.get() > 0 && stuckSeen.notices.get() == 1,
                    "the stuck client must lose output past the mark and get one notice: " + stuckSeen.notices);
            assertEquals(readingSeen.noticed.get() + stuckSeen.noticed.get(), channels.droppedOutput());
        }
    }

    private static void readAvailable(ZMQ.Socket socket, Seen seen) {
        byte[] first;
        while ((first = socket.recv(0)) != null) {
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv(0));
            }
            seen.add(frames);
        }
    }

    private static void readUntilQuiet(ZMQ.Socket socket, Seen seen, int quietMillis) {
        socket.setReceiveTimeOut(quietMillis);
        while (true) {
            byte[] first = socket.recv(0);
            if (first == null) {
                return;
            }
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv(0));
            }
            seen.add(frames);
        }
    }

    private static int[] freePorts() throws IOException {
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
        return ports;
    }
}
