package jcnn.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffers wire format, as much of it as an ONNX file needs: varints, 32-bit floats,
 * and length-delimited strings, bytes and nested messages
 * (<a href="https://protobuf.dev/programming-guides/encoding/">encoding</a>).
 *
 * <pre>
 *   field key = (field number &lt;&lt; 3) | wire type     wire types: 0 varint, 2 length-delimited, 5 fixed32
 *   varint    = 7 bits per byte, least significant group first, high bit set on all but the last byte
 * </pre>
 * Fields are written in call order; negative int64 values take ten bytes (two's complement),
 * as protobuf specifies. Repeated scalars are written one field each (unpacked), which every
 * parser accepts, packed or not.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int64, int32 or enum field. */
    ProtoWriter varint(int field, long value) {
        key(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** A float field (little-endian IEEE 754). */
    ProtoWriter float32(int field, float value) {
        key(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    /** A string field, UTF-8. */
    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bytes field. */
    ProtoWriter bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** A nested message field. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
