package jcnn.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The wire format against the examples of protobuf's encoding guide (protobuf.dev/programming-guides/encoding). */
class ProtoWriterTest {
    private static String hex(ProtoWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }

    @Test
    void varintsMatchTheEncodingGuide() {
        assertEquals("089601", hex(new ProtoWriter().varint(1, 150)));
        assertEquals("0801", hex(new ProtoWriter().varint(1, 1)));
        assertEquals("08ffffffffffffffffff01", hex(new ProtoWriter().varint(1, -1)), "a negative int64 takes ten bytes");
        assertEquals("a00114", hex(new ProtoWriter().varint(20, 20)), "field 20 needs a two-byte key");
    }

    @Test
    void stringsAndNestedMessagesAreLengthDelimited() {
        assertEquals("120774657374696e67", hex(new ProtoWriter().string(2, "testing")));
        assertEquals("1a03089601", hex(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150))));
    }

    @Test
    void floatsAreLittleEndianFixed32() {
        assertEquals("150000803f", hex(new ProtoWriter().float32(2, 1f)));
    }
}
