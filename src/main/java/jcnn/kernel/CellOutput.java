package jcnn.kernel;

import com.google.gson.JsonObject;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jcnn.display.MimeBundle;
import jcnn.eval.CellContext;
import jcnn.kernel.protocol.Message;

/**
 * Where one cell's output goes: {@code stream} messages for System.out/err, coalesced, and
 * {@code display_data} / {@code update_display_data} for {@code display(...)}.
 *
 * <p>Text is buffered and published when 1,000 characters have gathered, 100 ms after the
 * first unpublished character, when the other stream writes, and before every display
 * message, so the notebook shows output in the order the cell produced it without one
 * message per {@code println}. After {@code limit} characters the rest of the cell's text is
 * discarded behind one visible notice on stderr. A silent cell publishes nothing.
 */
final class CellOutput implements CellContext {
    static final int FLUSH_CHARS = 1000;
    static final long FLUSH_MILLIS = 100;

    /** Publishes one message with this cell's request as parent (iopub, in call order). */
    interface Publisher {
        void publish(String msgType, JsonObject content);
    }

    /** Asks the client for a line over the stdin socket. */
    interface InputSource {
        String input(String prompt, boolean password);
    }

    private final Publisher publisher;
    private final InputSource inputSource;
    private final ScheduledExecutorService timer;
    private final int executionCount;
    private final boolean silent;
    private final boolean allowStdin;
    private final long limit;

    private final StringBuilder buffer = new StringBuilder();
    private String bufferName;
    private long written;
    private boolean capped;
    private ScheduledFuture<?> pendingFlush;

    CellOutput(Publisher publisher, InputSource inputSource, ScheduledExecutorService timer, int executionCount,
               boolean silent, boolean allowStdin, long limit) {
        this.publisher = publisher;
        this.inputSource = inputSource;
        this.timer = timer;
        this.executionCount = executionCount;
        this.silent = silent;
        this.allowStdin = allowStdin;
        this.limit = limit;
    }

    @Override
    public void stdout(String text) {
        append("stdout", text);
    }

    @Override
    public void stderr(String text) {
        append("stderr", text);
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
        if (silent) {
            return;
        }
        flushLocked();
        JsonObject content = Bundles.content(bundle);
        JsonObject transientPart = new JsonObject();
        if (displayId != null) {
            transientPart.addProperty("display_id", displayId);
        }
        content.add("transient", transientPart);
        publisher.publish(update ? "update_display_data" : "display_data", content);
    }

    @Override
    public synchronized void clear(boolean wait) {
        if (silent) {
            return;
        }
        flushLocked();
        JsonObject content = new JsonObject();
        content.addProperty("wait", wait);
        publisher.publish("clear_output", content);
    }

    @Override
    public String input(String prompt, boolean password) {
        flush();
        if (!allowStdin) {
            throw new IllegalStateException("this client does not accept input (allow_stdin is false), so System.in"
                    + " cannot be read in this cell; run it from a notebook or console that supports input,"
                    + " or put the data in the cell");
        }
        return inputSource.input(prompt, password);
    }

    @Override
    public int executionCount() {
        return executionCount;
    }

    /** Publishes what is buffered now (end of cell, before results and errors). */
    synchronized void flush() {
        flushLocked();
    }

    /** Publishes a message in order with the cell's text: the buffer is flushed first. */
    synchronized void publishAfterOutput(String msgType, JsonObject content) {
        flushLocked();
        publisher.publish(msgType, content);
    }

    private synchronized void append(String name, String text) {
        if (silent || capped || text.isEmpty()) {
            return;
        }
        if (!name.equals(bufferName)) {
            flushLocked();
            bufferName = name;
        }
        if (written + text.length() > limit) {
            buffer.append(text, 0, (int) Math.max(0, limit - written));
            written = limit;
            flushLocked();
            capped = true;
            JsonObject notice = new JsonObject();
            notice.addProperty("name", "stderr");
            notice.addProperty("text", "\n[jcnn] This cell printed more than " + String.format("%,d", limit)
                    + " characters; the rest of its output is not shown. Print less (for example every 100th"
                    + " step), or raise the limit with -Djcnn.output.limit=N in the kernelspec's argv.\n");
            publisher.publish("stream", notice);
            return;
        }
        buffer.append(text);
        written += text.length();
        if (buffer.length() >= FLUSH_CHARS) {
            flushLocked();
        } else if (pendingFlush == null) {
            pendingFlush = timer.schedule(this::flush, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void flushLocked() {
        if (pendingFlush != null) {
            pendingFlush.cancel(false);
            pendingFlush = null;
        }
        if (buffer.length() == 0) {
            return;
        }
        JsonObject content = new JsonObject();
        content.addProperty("name", bufferName);
        content.addProperty("text", buffer.toString());
        buffer.setLength(0);
        publisher.publish("stream", content);
    }
}
