package jcnn.kernel.protocol;

import static jcnn.kernel.protocol.SignerTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    final WireCodec codec = new WireCodec(new Signer("hmac-sha256", "jcnn-test-key"), "session-1", "kernel");

    @Test
    void decodesThePythonSignedMessage() throws MalformedMessageException {
        List<byte[]> frames = new ArrayList<>(List.of(bytes("client"), WireCodec.DELIMITER,
                bytes(SignerTest.PYTHON_SIGNATURE)));
        frames.addAll(SignerTest.FRAMES);
        Message m = codec.decode(frames);
        assertEquals("execute_request", m.type());
        assertEquals("6*7", m.string("code", null));
        assertArrayEquals(bytes("client"), m.identities().get(0));
    }

    @Test
    void encodedReplyDecodesWithTheSameKeyAndEchoesTheParentHeader() throws MalformedMessageException {
        JsonObject content = new JsonObject();
        content.addProperty("code", "6*7");
        Message request = codec.create("execute_request", null, content).withIdentities(List.of(bytes("id")));
        Message reply = codec.create("execute_reply", request, new JsonObject());
        Message decoded = codec.decode(codec.encode(reply));
        assertEquals("execute_reply", decoded.type());
        assertEquals(request.header().msgId(), decoded.parentHeader().get("msg_id").getAsString());
        assertEquals("5.3", decoded.header().version());
        assertArrayEquals(bytes("id"), decoded.identities().get(0));
    }

    @Test
    void rejectsAWrongOrMissingSignature() {
        List<byte[]> frames = signedFrames();
        frames.set(2, bytes("0".repeat(64)));
        assertTrue(assertThrows(MalformedMessageException.class, () -> codec.decode(frames))
                .getMessage().contains("signature does not match"));
        frames.set(2, new byte[0]);
        assertTrue(assertThrows(MalformedMessageException.class, () -> codec.decode(frames))
                .getMessage().contains("not signed"));
    }

    /** Issue 10: a signed message captured and sent again was executed again. */
    @Test
    void refusesAReplayedSignedMessage() throws MalformedMessageException {
        List<byte[]> frames = codec.encode(codec.create("execute_request", null, new JsonObject()));
        codec.decode(frames);
        assertTrue(assertThrows(MalformedMessageException.class, () -> codec.decode(frames))
                .getMessage().contains("replayed"));
        codec.decode(codec.encode(codec.create("execute_request", null, new JsonObject())));
    }

    @Test
    void rejectsMissingDelimiterAndTooFewFrames() {
        List<byte[]> frames = signedFrames();
        frames.remove(1);
        assertTrue(assertThrows(MalformedMessageException.class, () -> codec.decode(frames))
                .getMessage().contains("<IDS|MSG>"));
        List<byte[]> shortFrames = signedFrames().subList(0, 5);
        assertTrue(assertThrows(MalformedMessageException.class, () -> codec.decode(shortFrames))
                .getMessage().contains("got 3 frames"));
    }

    @Test
    void rejectsUnparsableOrNonObjectJsonEvenWhenSigned() {
        WireCodec unsigned = new WireCodec(Signer.none(), "s", "kernel");
        List<byte[]> frames = new ArrayList<>(List.of(WireCodec.DELIMITER, bytes(""), bytes("{not json"),
                bytes("{}"), bytes("{}"), bytes("{}")));
        assertTrue(assertThrows(MalformedMessageException.class, () -> unsigned.decode(frames))
                .getMessage().contains("header is not valid JSON"));
        frames.set(2, bytes("[1, 2]"));
        assertTrue(assertThrows(MalformedMessageException.class, () -> unsigned.decode(frames))
                .getMessage().contains("must be a JSON object"));
        frames.set(2, bytes("{\"msg_id\": \"x\"}"));
        assertTrue(assertThrows(MalformedMessageException.class, () -> unsigned.decode(frames))
                .getMessage().contains("no msg_type"));
    }

    private List<byte[]> signedFrames() {
        List<byte[]> frames = new ArrayList<>(List.of(bytes("client"), WireCodec.DELIMITER,
                bytes(SignerTest.PYTHON_SIGNATURE)));
        frames.addAll(SignerTest.FRAMES);
        return frames;
    }
}
