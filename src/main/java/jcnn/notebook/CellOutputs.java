package jcnn.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jcnn.display.MimeBundle;
import jcnn.eval.CellContext;

/**
 * Collects what cells produce as nbformat 4 outputs, the way Jupyter's nbclient stores them.
 *
 * <ul>
 *   <li>consecutive writes to the same stream are merged into one {@code stream} output;</li>
 *   <li>{@code display(...)} becomes {@code display_data}; an {@code update_display_data}
 *       (a {@link jcnn.display.DisplayHandle#update}) replaces the data of every earlier output
 *       shown under that display id, also in earlier cells, and adds nothing; a new display
 *       under a known id also refreshes the earlier ones (as nbclient does);</li>
 *   <li>the last expression's value becomes {@code execute_result} with the execution count;
 *       a failure becomes {@code error} with ename, evalue and traceback.</li>
 * </ul>
 * One instance serves a whole notebook (display ids outlive cells). Methods are synchronized:
 * a cell may print from several threads.
 */
final class CellOutputs implements CellContext {
    private final Map<String, List<JsonObject>> byDisplayId = new HashMap<>();
    private JsonArray outputs = new JsonArray();
    private int executionCount;
    /** The stream output being appended to, with its text so far (text is split into lines at the end). */
    private JsonObject openStream;
    private StringBuilder openStreamText;

    /** A clear_output(wait=true) waiting for the next output. */
    private boolean clearPending;

    /** Starts collecting for a new cell. */
    synchronized void startCell(int count) {
        closeStream();
        clearPending = false;
        outputs = new JsonArray();
        executionCount = count;
    }

    /** Ends the cell and returns its outputs. */
    synchronized JsonArray finishCell() {
        closeStream();
        return outputs;
    }

    @Override
    public synchronized void stdout(String text) {
        stream("stdout", text);
    }

    @Override
    public synchronized void stderr(String text) {
        stream("stderr", text);
    }

    @Override
    public String input(String prompt, boolean password) {
        throw new IllegalStateException("input(\"" + prompt + "\"): the notebook runner has no stdin, so a cell cannot ask for"
                + " input; set the value in the cell instead, or run the notebook in Jupyter");
    }

    @Override
    public synchronized int executionCount() {
        return executionCount;
    }

    @Override
    public synchronized void clear(boolean wait) {
        closeStream();
        if (wait) {
            clearPending = true;
        } else {
            clearNow();
        }
    }

    /** Drops the outputs so far, as nbclient does on clear_output. */
    private void clearNow() {
        clearPending = false;
        // displays of this cell are gone; those of earlier cells can still be updated
        Set<JsonObject> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        outputs.forEach(o -> dropped.add(o.getAsJsonObject()));
        byDisplayId.values().forEach(list -> list.removeIf(dropped::contains));
        outputs = new JsonArray();
    }

    /** Called before any new output: a pending clear_output(wait=true) happens now. */
    private void beforeOutput() {
        if (clearPending) {
            clearNow();
        }
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
        closeStream();
        if (!update) {
            beforeOutput();
        }
        if (displayId != null) {
            for (JsonObject earlier : byDisplayId.getOrDefault(displayId, List.of())) {
                earlier.add("data", data(bundle));
                earlier.add("metadata", metadata(bundle));
            }
        }
        if (update) {
            return; // an update only replaces what is shown; an unknown id is ignored, as in Jupyter
        }
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "display_data");
        output.add("data", data(bundle));
        output.add("metadata", metadata(bundle));
        outputs.add(output);
        if (displayId != null) {
            byDisplayId.computeIfAbsent(displayId, k -> new ArrayList<>()).add(output);
        }
    }

    /** Adds the cell's {@code execute_result}. */
    synchronized void result(MimeBundle bundle) {
        closeStream();
        beforeOutput();
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "execute_result");
        output.addProperty("execution_count", executionCount);
        output.add("data", data(bundle));
        output.add("metadata", metadata(bundle));
        outputs.add(output);
    }

    /** Adds the cell's {@code error} output. */
    synchronized void error(String name, String value, List<String> traceback) {
        closeStream();
        beforeOutput();
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "error");
        output.addProperty("ename", name == null ? "Error" : name);
        output.addProperty("evalue", value == null ? "" : value);
        JsonArray lines = new JsonArray();
        for (String line : traceback == null ? List.<String>of() : traceback) {
            lines.add(line);
        }
        output.add("traceback", lines);
        outputs.add(output);
    }

    private void stream(String name, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (clearPending) {
            closeStream();
            clearNow();
        }
        if (openStream == null || !openStream.get("name").getAsString().equals(name)) {
            closeStream();
            openStream = new JsonObject();
            openStream.addProperty("output_type", "stream");
            openStream.addProperty("name", name);
            openStreamText = new StringBuilder();
            outputs.add(openStream);
        }
        openStreamText.append(text);
    }

    private void closeStream() {
        if (openStream != null) {
            openStream.add("text", NotebookJson.lines(openStreamText.toString()));
            openStream = null;
            openStreamText = null;
        }
    }

    /** A bundle's data as nbformat stores it: text formats (and SVG) as lists of lines. */
    static JsonObject data(MimeBundle bundle) {
        JsonObject data = new JsonObject();
        for (Map.Entry<String, Object> e : bundle.data().entrySet()) {
            String mime = e.getKey();
            Object value = e.getValue();
            boolean lineSplit = mime.startsWith("text/") || mime.equals("image/svg+xml")
                    || mime.equals("application/javascript");
            if (value instanceof String s && lineSplit) {
                data.add(mime, NotebookJson.lines(s));
            } else {
                data.add(mime, NotebookJson.tree(value));
            }
        }
        return data;
    }

    static JsonObject metadata(MimeBundle bundle) {
        JsonElement tree = NotebookJson.tree(bundle.metadata());
        return tree.isJsonObject() ? tree.getAsJsonObject() : new JsonObject();
    }
}
