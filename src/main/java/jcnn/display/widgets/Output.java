package jcnn.display.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcnn.display.Display;
import jcnn.display.DisplaySink;
import jcnn.display.MimeBundle;

/**
 * An output area inside a widget layout. {@link #capture} runs code whose prints,
 * {@code display(...)} calls and exceptions land here instead of in the cell, and sends them
 * to the frontend as the model's {@code outputs} (so a saved notebook keeps them too).
 *
 * <pre>{@code
 * var out = new Output();
 * button.onClick(b -> out.capture(() -> System.out.println("clicked")));
 * }</pre>
 */
public final class Output extends Widget {
    /** Text gathered this long is sent even while the captured code still runs. */
    private static final long STREAM_FLUSH_MILLIS = 100;

    private static final com.google.gson.Gson GSON = new com.google.gson.Gson();

    private final List<JsonObject> outputs = new ArrayList<>();
    private final Map<String, List<JsonObject>> byDisplayId = new HashMap<>();
    private boolean clearPending;
    private long lastSent;

    public Output() {
        super("@jupyter-widgets/output", "1.0.0", "OutputModel", "@jupyter-widgets/output", "1.0.0", "OutputView");
        put("_dom_classes", new JsonArray());
        put("layout", new Layout());
        put("msg_id", "");
        put("outputs", new JsonArray());
        put("tabbable", null);
        put("tooltip", null);
    }

    /** Runs {@code action} with its output shown here, after what is shown already. */
    public void capture(Runnable action) {
        capture(false, action);
    }

    /**
     * Runs {@code action} with its output shown here; with {@code replace}, what was shown is
     * replaced when the first new output arrives (a redraw without flicker). An exception
     * thrown by {@code action} is shown here and not thrown on.
     */
    public void capture(boolean replace, Runnable action) {
        if (replace) {
            clear(true);
        }
        Sink sink = new Sink();
        DisplaySink previous = Display.setSink(sink);
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            appendError(e);
        } finally {
            Display.setSink(previous);
            send();
        }
    }

    /** Removes everything shown; with {@code wait}, only when the next output arrives. */
    public synchronized void clear(boolean wait) {
        if (wait) {
            clearPending = true;
            return;
        }
        outputs.clear();
        byDisplayId.clear();
        clearPending = false;
        send();
    }

    /** Shows {@code value} here (rendered as {@code display(value)} would). */
    public void display(Object value) {
        append(displayData(Display.render(value)), null);
        send();
    }

    /** The outputs shown now, as nbformat output objects (a copy). */
    public synchronized JsonArray outputs() {
        JsonArray a = new JsonArray();
        outputs.forEach(o -> a.add(o.deepCopy()));
        return a;
    }

    private synchronized void append(JsonObject output, String displayId) {
        if (clearPending) {
            outputs.clear();
            byDisplayId.clear();
            clearPending = false;
        }
        outputs.add(output);
        if (displayId != null) {
            byDisplayId.computeIfAbsent(displayId, k -> new ArrayList<>()).add(output);
        }
    }

    private synchronized void appendText(String name, String text) {
        if (clearPending) {
            outputs.clear();
            byDisplayId.clear();
            clearPending = false;
        }
        JsonObject last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
        if (last != null && "stream".equals(last.get("output_type").getAsString()) && name.equals(last.get("name").getAsString())) {
            last.addProperty("text", last.get("text").getAsString() + text);
        } else {
            JsonObject s = new JsonObject();
            s.addProperty("output_type", "stream");
            s.addProperty("name", name);
            s.addProperty("text", text);
            outputs.add(s);
        }
        if (System.currentTimeMillis() - lastSent >= STREAM_FLUSH_MILLIS) {
            send();
        }
    }

    private void appendError(Throwable e) {
        String name = e.getClass().getSimpleName();
        String message = e.getMessage() == null ? "" : e.getMessage();
        // NOTE: the kernel's stop request (jcnn.eval.Stop$CellInterrupted) is an Error this package
        // cannot name; it means the user interrupted the callback.
        if (name.equals("CellInterrupted")) {
            name = "Interrupted";
            message = "the callback was interrupted";
        }
        List<String> traceback = new ArrayList<>();
        traceback.add(name + ": " + message);
        int shown = 0;
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("REPL.") && shown < 5) {
                traceback.add("    at " + frame.getMethodName() + " (line " + frame.getLineNumber() + " of its cell)");
                shown++;
            }
        }
        JsonObject error = new JsonObject();
        error.addProperty("output_type", "error");
        error.addProperty("ename", name);
        error.addProperty("evalue", message);
        JsonArray tb = new JsonArray();
        traceback.forEach(tb::add);
        error.add("traceback", tb);
        append(error, null);
    }

    /** A bundle as an nbformat {@code display_data} output. */
    static JsonObject displayData(MimeBundle bundle) {
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "display_data");
        o.add("data", GSON.toJsonTree(bundle.data()));
        o.add("metadata", GSON.toJsonTree(bundle.metadata()));
        return o;
    }

    private void send() {
        JsonArray copy;
        synchronized (this) {
            lastSent = System.currentTimeMillis();
            copy = outputs();
        }
        set("outputs", copy);
    }

    /** Where displays and prints go while {@link #capture} runs. */
    private final class Sink implements DisplaySink {
        @Override
        public void display(MimeBundle bundle, String displayId, boolean update) {
            JsonObject data = displayData(bundle);
            if (update && displayId != null) {
                synchronized (Output.this) {
                    for (JsonObject o : byDisplayId.getOrDefault(displayId, List.of())) {
                        o.add("data", data.get("data"));
                        o.add("metadata", data.get("metadata"));
                    }
                }
            } else {
                append(data, displayId);
            }
            send();
        }

        @Override
        public void clear(boolean wait) {
            Output.this.clear(wait);
        }

        @Override
        public boolean captureText(String name, String text) {
            appendText(name, text);
            return true;
        }
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of();
    }

    @Override
    public synchronized String toString() {
        return "Output(" + outputs.size() + (outputs.size() == 1 ? " output" : " outputs") + ")";
    }
}
