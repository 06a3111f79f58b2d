package jcnn.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import jcnn.tensor.backend.Cancellation;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST (gzip-compressed or raw;
 * compression is recognised by its first bytes, not the file name).
 *
 * <p>Layout (all integers big-endian):
 * <pre>
 *   bytes 0-1   0x00 0x00
 *   byte  2     data type: 0x08 unsigned byte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double
 *   byte  3     number of dimensions d
 *   4·d bytes   the dimensions, each a 32-bit integer
 *   then        prod(dims) values of the data type, row-major
 * </pre>
 * Example: {@code train-images-idx3-ubyte} is {@code 0x00000803}, then 60000, 28, 28 and
 * 47,040,000 pixel bytes.
 *
 * @see #read(Path)
 */
public final class Idx {
    private Idx() {
    }

    /** IDX data types with their type code and byte size. */
    public enum Type {
        UNSIGNED_BYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        final int code;
        final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The content of one IDX file: its type, dimensions and values. */
    public static final class Array {
        private final Type type;
        private final int[] dims;
        private final ByteBuffer data;

        Array(Type type, int[] dims, ByteBuffer data) {
            this.type = type;
            this.dims = dims;
            this.data = data.order(ByteOrder.BIG_ENDIAN);
        }

        public Type type() {
            return type;
        }

        /** The dimensions, e.g. {@code [60000, 28, 28]} (a copy). */
        public int[] dims() {
            return dims.clone();
        }

        /** Number of values, the product of the dimensions. */
        public int count() {
            int n = 1;
            for (int d : dims) {
                n *= d;
            }
            return n;
        }

        /** All values as floats (unsigned bytes as 0..255). */
        public float[] toFloats() {
            int n = count();
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = (float) value(i);
            }
            return out;
        }

        /**
         * The values of an unsigned-byte array, as stored (read them as {@code b & 0xff}).
         *
         * @throws IllegalStateException for any other type
         */
        public byte[] toBytes() {
            if (type != Type.UNSIGNED_BYTE) {
                throw new IllegalStateException("toBytes: this IDX array holds " + type + " values; expected UNSIGNED_BYTE,"
                        + " read it with toFloats() or toInts()");
            }
            byte[] out = new byte[count()];
            data.get(0, out);
            return out;
        }

        /**
         * The unsigned bytes without a copy where the array holds exactly them (as {@link Idx#read}
         * makes it): for a loader that keeps the values and drops this Array, so that a 47 MB
         * image file is not held twice. Must not be written to.
         */
        byte[] bytesWithoutCopy() {
            if (type == Type.UNSIGNED_BYTE && data.hasArray() && data.arrayOffset() == 0 && data.position() == 0
                    && data.array().length == data.limit()) {
                return data.array();
            }
            return toBytes();
        }

        /** All values as ints (unsigned bytes as 0..255; floats truncated). */
        public int[] toInts() {
            int n = count();
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = (int) value(i);
            }
            return out;
        }

        private double value(int i) {
            return switch (type) {
                case UNSIGNED_BYTE -> data.get(i) & 0xFF;
                case BYTE -> data.get(i);
                case SHORT -> data.getShort(i * 2);
                case INT -> data.getInt(i * 4);
                case FLOAT -> data.getFloat(i * 4);
                case DOUBLE -> data.getDouble(i * 8);
            };
        }

        @Override
        public String toString() {
            return "Idx.Array(" + type + ", " + java.util.Arrays.toString(dims) + ")";
        }
    }

    /**
     * Reads an IDX file, raw or gzip-compressed.
     *
     * @throws IdxFormatException   if the file is not IDX, is truncated or has trailing bytes; the
     *                              message names the file and what was expected and found
     * @throws UncheckedIOException if the file cannot be read (missing, permissions)
     */
    public static Array read(Path file) {
        long size;
        boolean gzip;
        try (InputStream probe = Files.newInputStream(file)) {
            size = Files.size(file);
            gzip = probe.read() == 0x1F && probe.read() == 0x8B;
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("IDX file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
        // streamed: the values go straight into an array of their exact size (no copy of the whole
        // file, compressed or not, is held on the way: Fashion-MNIST's training images are 47 MB)
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return parse(file.toString(), in);
        } catch (EOFException e) {
            throw new IdxFormatException("IDX file " + file + " is truncated: its gzip stream ends early ("
                    + size + " compressed bytes); download or reinstall the file", e);
        } catch (ZipException e) {
            throw new IdxFormatException("IDX file " + file + " is corrupt: its gzip stream is damaged ("
                    + e.getMessage() + "); download or reinstall the file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + (gzip ? "decompress" : "read") + " IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads up to {@code length} bytes into {@code b} from {@code offset}, fewer only at the end of
     * the stream; returns how many. In chunks of 64 KiB, so an interrupted cell stops within one
     * (decompressing Fashion-MNIST's 47 MB of images takes about 0.5 s).
     */
    private static int readUpTo(InputStream in, byte[] b, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            Cancellation.check();
            int n = in.read(b, offset + done, Math.min(length - done, 1 << 16));
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** An IDX file from a stream of its (uncompressed) bytes, read to the end. */
    private static Array parse(String name, InputStream in) throws IOException {
        byte[] start = new byte[4];
        int got = readUpTo(in, start, 0, 4);
        if (got < 4) {
            throw new IdxFormatException("IDX file " + name + " is truncated: expected at least a 4-byte header but found "
                    + got + " bytes");
        }
        if (start[0] != 0 || start[1] != 0) {
            throw new IdxFormatException(String.format(
                    "%s is not an IDX file: expected magic number 0x0000TTDD (two zero bytes, type, dimensions) but found 0x%02X%02X%02X%02X",
                    name, start[0], start[1], start[2], start[3]));
        }
        Type type = Type.of(start[2] & 0xFF);
        if (type == null) {
            throw new IdxFormatException(String.format(
                    "IDX file %s has unknown data type 0x%02X; expected 0x08 (unsigned byte), 0x09, 0x0B, 0x0C, 0x0D or 0x0E", name, start[2] & 0xFF));
        }
        int rank = start[3] & 0xFF;
        if (rank == 0) {
            throw new IdxFormatException("IDX file " + name + " declares 0 dimensions; expected at least 1");
        }
        int header = 4 + 4 * rank;
        byte[] dimBytes = new byte[4 * rank];
        got = readUpTo(in, dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new IdxFormatException("IDX file " + name + " is truncated: expected a " + header + "-byte header for "
                    + rank + " dimensions but found " + (4 + got) + " bytes");
        }
        ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = dimBuffer.getInt(4 * i);
            if (dims[i] < 0) {
                throw new IdxFormatException("IDX file " + name + " is corrupt: dimension " + i + " is " + dims[i]);
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE) {
                throw new IdxFormatException("IDX file " + name + " is corrupt or too large: dimensions "
                        + java.util.Arrays.toString(dims) + " exceed 2^31 values");
            }
        }
        long expected = header + count * type.bytes;
        if (count * type.bytes > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException("IDX file " + name + " is too large: dimensions " + java.util.Arrays.toString(dims)
                    + " of " + type + " take " + count * type.bytes + " bytes, more than a Java array holds");
        }
        // a file shorter than its dimensions say must not make us allocate what they say: grow the
        // array in steps of at most 64 MiB as the values arrive
        int length = (int) (count * type.bytes);
        byte[] values = new byte[Math.min(length, 1 << 26)];
        int have = readUpTo(in, values, 0, values.length);
        while (have == values.length && have < length) {
            values = java.util.Arrays.copyOf(values, (int) Math.min(length, 2L * values.length));
            have += readUpTo(in, values, have, values.length - have);
        }
        long extra = 0;
        if (have == length) {
            byte[] skip = new byte[1 << 12];
            for (int n; (n = readUpTo(in, skip, 0, skip.length)) > 0; ) {
                extra += n;
            }
        }
        long found = header + have + extra;
        if (found != expected) {
            String what = found < expected ? "is truncated" : "has " + (found - expected) + " bytes too many";
            throw new IdxFormatException("IDX file " + name + " " + what + ": expected " + expected + " bytes ("
                    + header + "-byte header + " + dimsText(dims) + " values of " + type.bytes + " byte" + (type.bytes > 1 ? "s" : "")
                    + ") but found " + found + "; download or reinstall the file");
        }
        return new Array(type, dims, ByteBuffer.wrap(values));
    }

    private static String dimsText(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? "×" : "").append(dims[i]);
        }
        return sb.toString();
    }

    /**
     * Writes unsigned bytes as an IDX file ({@code type 0x08}), gzip-compressed when {@code gzip}.
     * Used to make small data sets and test files.
     *
     * @throws IllegalArgumentException if {@code data.length} is not the product of {@code dims}
     */
    public static void writeUnsignedBytes(Path file, int[] dims, byte[] data, boolean gzip) {
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("writeUnsignedBytes: dimensions " + java.util.Arrays.toString(dims)
                    + " hold " + count + " values but data has " + data.length);
        }
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length).order(ByteOrder.BIG_ENDIAN);
        header.put((byte) 0).put((byte) 0).put((byte) Type.UNSIGNED_BYTE.code).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        try (OutputStream file0 = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(file0) : file0) {
            out.write(header.array());
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IDX file " + file + ": " + e.getMessage(), e);
        }
    }
}
