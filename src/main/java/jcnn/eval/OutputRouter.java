package jcnn.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out}, {@code System.err} and {@code System.in} to the cell that is
 * running. Installed once per JVM; text written by any thread while a cell runs (the cell's
 * own thread, a training pool, a timer) goes to that cell, in the order it was written. With
 * no cell running, the JVM's original streams are used.
 */
final class OutputRouter {
    private static final Object LOCK = new Object();
    private static volatile CellContext current;
    private static PrintStream originalOut;
    private static PrintStream originalErr;
    private static InputStream originalIn;

    private OutputRouter() {
    }

    /** Replaces System.out/err/in by the routing streams (once per JVM). */
    static void install() {
        synchronized (LOCK) {
            if (originalOut != null) {
                return;
            }
            originalOut = System.out;
            originalErr = System.err;
            originalIn = System.in;
            System.setOut(new PrintStream(new Decoding(false), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Decoding(true), true, StandardCharsets.UTF_8));
            System.setIn(new RoutedInput());
        }
    }

    /** Sends output to {@code context} from now on (null: back to the original streams). */
    static CellContext route(CellContext context) {
        System.out.flush();
        System.err.flush();
        CellContext old = current;
        current = context;
        return old;
    }

    /** The process's own stderr (before routing): for logs that must never reach a cell. */
    static PrintStream originalErr() {
        synchronized (LOCK) {
            return originalErr != null ? originalErr : System.err;
        }
    }

    /** The process's own stdout (before routing). */
    static PrintStream originalOut() {
        synchronized (LOCK) {
            return originalOut != null ? originalOut : System.out;
        }
    }

    /** Bytes to text (UTF-8, a character split across writes is kept for the next write). */
    private static final class Decoding extends OutputStream {
        private final boolean error;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] carry = new byte[0];

        Decoding(boolean error) {
            this.error = error;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            CellContext context = current;
            if (context == null) {
                PrintStream original = error ? originalErr : originalOut;
                original.write(bytes, offset, length);
                return;
            }
            ByteBuffer in;
            if (carry.length > 0) {
                byte[] joined = new byte[carry.length + length];
                System.arraycopy(carry, 0, joined, 0, carry.length);
                System.arraycopy(bytes, offset, joined, carry.length, length);
                in = ByteBuffer.wrap(joined);
            } else {
                in = ByteBuffer.wrap(bytes, offset, length);
            }
            CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, chars, false);
            // an incomplete character at the end waits for the next write
            carry = new byte[in.remaining()];
            in.get(carry);
            chars.flip();
            if (chars.hasRemaining()) {
                // an Output widget capturing a callback takes the text instead of the cell
                jcnn.display.DisplaySink capture = jcnn.display.Display.sink();
                if (capture != null && capture != context && capture.captureText(error ? "stderr" : "stdout", chars.toString())) {
                    return;
                }
                if (error) {
                    context.stderr(chars.toString());
                } else {
                    context.stdout(chars.toString());
                }
            }
        }

        @Override
        public void flush() {
            PrintStream original = error ? originalErr : originalOut;
            if (current == null && original != null) {
                original.flush();
            }
        }
    }

    /** System.in: a line from the client ({@link CellContext#input}) when a cell runs. */
    private static final class RoutedInput extends InputStream {
        private byte[] buffer = new byte[0];
        private int position;

        @Override
        public synchronized int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        @Override
        public synchronized int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, buffer.length - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }

        @Override
        public synchronized int available() {
            return buffer.length - position;
        }

        private boolean fill() throws IOException {
            if (position < buffer.length) {
                return true;
            }
            CellContext context = current;
            if (context == null) {
                int b = originalIn.read();
                if (b < 0) {
                    return false;
                }
                buffer = new byte[] {(byte) b};
                position = 0;
                return true;
            }
            System.out.flush();
            // throws IllegalStateException with the client's reason when input is not allowed
            String line = context.input("", false);
            if (line == null) {
                return false;
            }
            buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }
    }
}
