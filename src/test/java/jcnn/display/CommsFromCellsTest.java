package jcnn.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Comms opened and used with plain Java values, as a cell must (jcnn's gson is relocated in the
 * jar, so a cell cannot make the JsonObject the JSON overloads take).
 */
class CommsFromCellsTest {
    private final List<String> sent = new ArrayList<>();
    private CommTransport previous;

    @BeforeEach
    void record() {
        Comms.reset();
        previous = Comms.setTransport((type, id, target, data, metadata, buffers) ->
                sent.add(type + " " + target + " " + data + " " + metadata + " " + buffers.size()));
    }

    @AfterEach
    void restore() {
        Comms.setTransport(previous);
        Comms.reset();
    }

    @Test
    void mapsAndListsBecomeTheMessagesJson() {
        Comm comm = Comms.open("test.client", Map.of("from", "thread"), Map.of("v", 2), List.of(new byte[] {1, 2, 3}));
        comm.send(new java.util.TreeMap<>(Map.of("n", List.of(1, 2.5, "three"), "ok", true)));
        comm.send(new JsonObject());
        assertEquals(List.of(
                "comm_open test.client {\"from\":\"thread\"} {\"v\":2} 1",
                "comm_msg null {\"n\":[1,2.5,\"three\"],\"ok\":true} {} 0",
                "comm_msg null {} {} 0"), sent);
        Comms.open("test.client", (Map<String, ?>) null);
        assertEquals("comm_open test.client {} {} 0", sent.get(3));
    }
}
