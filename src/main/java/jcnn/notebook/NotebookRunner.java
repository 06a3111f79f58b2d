package jcnn.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import jcnn.display.Display;
import jcnn.display.Comms;
import jcnn.display.DisplaySink;
import jcnn.display.widgets.Widgets;
import jcnn.eval.Evaluator;

/**
 * Executes a Jupyter notebook in this JVM, cell by cell, through an {@link Evaluator} (the
 * kernel's own JShell evaluator and renderers; no Python, no sockets), and stores what the
 * cells print and show as nbformat 4.5 outputs, the way {@code jupyter nbconvert --execute}
 * would.
 *
 * <p>Each notebook gets a fresh evaluator, so notebooks cannot see each other's variables.
 * Execution stops at the first failing cell; the notebook is still written, with the error as
 * that cell's output and the later cells without outputs, so the failure can be read in
 * context. As in nbclient, a cell tagged {@code raises-exception} may fail (a lecture shows a
 * mistake and its message) and execution goes on; {@link #allowErrors(boolean)} lets every cell
 * fail that way ({@code --allow-errors}). A cell that runs past the timeout always stops the
 * notebook. Empty code cells are skipped (no execution count), as in Jupyter.
 *
 * <pre>{@code
 * var runner = new NotebookRunner(JShellEvaluator::new);
 * NotebookRunner.Result r = runner.run(Path.of("notebooks/02-convolution.ipynb"), null);
 * if (!r.ok()) System.err.println(r.failure().describe());
 * }</pre>
 */
public final class NotebookRunner {

    /** Where and how a notebook failed: the 1-based cell number among all cells and In[n]. */
    public record Failure(Path notebook, int cellNumber, int executionCount, String errorName,
                          String errorValue, List<String> traceback) {
        /** "notebooks/03.ipynb, cell 7 (In[5]): ShapeMismatchException: conv2d: expected ..." */
        public String describe() {
            return notebook + ", cell " + cellNumber + " (In[" + executionCount + "]): " + errorName
                    + (errorValue == null || errorValue.isEmpty() ? "" : ": " + errorValue);
        }
    }

    /**
     * What running one notebook did.
     *
     * @param cells         all cells (markdown included)
     * @param executed      code cells that ran (the failing one included)
     * @param failure       null when every cell succeeded or was allowed to fail
     * @param allowedErrors the cells that failed and were allowed to (tag {@code raises-exception}
     *                      or {@code --allow-errors}), in order
     */
    public record Result(Path notebook, Path written, int cells, int executed, double seconds, Failure failure,
                         List<Failure> allowedErrors) {
        public Result {
            allowedErrors = List.copyOf(allowedErrors);
        }

        public Result(Path notebook, Path written, int cells, int executed, double seconds, Failure failure) {
            this(notebook, written, cells, executed, seconds, failure, List.of());
        }

        public boolean ok() {
            return failure == null;
        }
    }

    /** The nbformat cell tag that lets one cell fail without stopping the notebook (as nbclient reads it). */
    public static final String RAISES_EXCEPTION = "raises-exception";

    private final Supplier<? extends Evaluator> evaluators;
    private double cellTimeoutSeconds;
    private boolean allowErrors;

    /** @param evaluators makes one fresh evaluator per notebook (closed when the notebook ends) */
    public NotebookRunner(Supplier<? extends Evaluator> evaluators) {
        this.evaluators = Objects.requireNonNull(evaluators, "evaluators");
    }

    /**
     * Stops a cell that runs longer than {@code seconds} (0, the default, means no limit): the
     * evaluator is interrupted and the cell fails with an error that names the limit.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative
     */
    public NotebookRunner cellTimeout(double seconds) {
        if (seconds < 0 || Double.isNaN(seconds)) {
            throw new IllegalArgumentException("cell timeout: expected 0 (no limit) or more seconds but got " + seconds);
        }
        this.cellTimeoutSeconds = seconds;
        return this;
    }

    /**
     * When true, a failing cell does not stop the notebook: its error is stored as its output
     * and the next cell runs, like {@code jupyter nbconvert --execute --allow-errors}. Default
     * false: only cells tagged {@value #RAISES_EXCEPTION} may fail.
     */
    public NotebookRunner allowErrors(boolean allow) {
        this.allowErrors = allow;
        return this;
    }

    /**
     * Executes {@code notebook} and writes the executed copy into {@code outputDir} under the
     * same file name, or over the notebook itself when {@code outputDir} is null.
     *
     * @throws IllegalArgumentException if the file is not an nbformat 4 notebook
     */
    public Result run(Path notebook, Path outputDir) {
        JsonObject nb = NotebookJson.read(notebook);
        Path target = outputDir == null ? notebook : outputDir.resolve(notebook.getFileName());
        long start = System.nanoTime();
        Execution execution = execute(nb, notebook);
        double seconds = (System.nanoTime() - start) / 1e9;
        NotebookJson.write(nb, target);
        return new Result(notebook, target, nb.getAsJsonArray("cells").size(), execution.executed, seconds, execution.failure,
                execution.allowedErrors);
    }

    /** How far an execution got. */
    record Execution(int executed, Failure failure, List<Failure> allowedErrors) {
    }

    /**
     * Executes the notebook tree in place: outputs and execution counts of code cells are
     * replaced, cell ids added where missing, the jcnn kernelspec set.
     */
    Execution execute(JsonObject nb, Path name) {
        NotebookJson.setKernelMetadata(nb);
        JsonArray cells = nb.getAsJsonArray("cells");
        assignIds(cells, name);
        for (JsonElement cell : cells) {
            JsonObject c = cell.getAsJsonObject();
            if (isCode(c)) {
                c.add("outputs", new JsonArray());
                c.add("execution_count", JsonNull.INSTANCE);
            }
        }
        CellOutputs outputs = new CellOutputs();
        Comms.reset(); // widgets of an earlier notebook in this JVM are not this one's
        Widgets.reset();
        // numbered widget ids: re-executing the notebook leaves its saved widget state's ids as they were
        java.util.concurrent.atomic.AtomicLong nextId = new java.util.concurrent.atomic.AtomicLong();
        Comms.setIdSource(() -> String.format("%032x", nextId.incrementAndGet()));
        int count = 0; // the execution count In[n]: code cells run so far, empty ones skipped
        List<Failure> allowed = new ArrayList<>();
        DisplaySink previousSink = Display.setSink(outputs);
        try (Evaluator evaluator = evaluators.get()) {
            for (int i = 0; i < cells.size(); i++) {
                JsonObject cell = cells.get(i).getAsJsonObject();
                if (!isCode(cell)) {
                    continue;
                }
                String source = NotebookJson.text(cell.get("source"));
                if (source.isBlank()) {
                    continue;
                }
                count++;
                outputs.startCell(count);
                Evaluator.Outcome outcome;
                Watchdog watchdog = cellTimeoutSeconds > 0 ? new Watchdog(evaluator, cellTimeoutSeconds) : null;
                try {
                    outcome = evaluator.execute(source, outputs, Map.of());
                } catch (RuntimeException | Error e) {
                    // a bug in the evaluator, not in the cell: still report it as this cell's error
                    outcome = Evaluator.Outcome.error(e.getClass().getName(), String.valueOf(e.getMessage()),
                            List.of(e.toString()));
                } finally {
                    if (watchdog != null) {
                        watchdog.cancel();
                    }
                }
                boolean timedOut = watchdog != null && watchdog.fired() && !outcome.isOk();
                if (timedOut) {
                    String message = "the cell ran longer than the limit of " + formatSeconds(cellTimeoutSeconds)
                            + " s and was stopped; raise it with --timeout SECONDS (0: no limit)";
                    List<String> traceback = new java.util.ArrayList<>(outcome.traceback());
                    traceback.add(message);
                    outcome = Evaluator.Outcome.error("CellTimeout", message, traceback);
                }
                if (outcome.isOk()) {
                    if (outcome.result() != null) {
                        outputs.result(outcome.result());
                    }
                } else {
                    outputs.error(outcome.errorName(), outcome.errorValue(), outcome.traceback());
                }
                cell.add("outputs", outputs.finishCell());
                cell.addProperty("execution_count", count);
                if (!outcome.isOk()) {
                    Failure failure = new Failure(name, i + 1, count, outcome.errorName(), outcome.errorValue(),
                            outcome.traceback());
                    if (timedOut || !(allowErrors || hasTag(cell, RAISES_EXCEPTION))) {
                        return new Execution(count, failure, allowed);
                    }
                    allowed.add(failure);
                }
            }
        } finally {
            Display.setSink(previousSink);
            saveWidgetState(nb);
        }
        return new Execution(count, null, allowed);
    }

    /**
     * Stores the last state of the notebook's widgets in its metadata (the widget-state MIME,
     * as JupyterLab's "save widget state" and nbclient do), so that the executed notebook shows
     * them without a kernel; removes stale state when no widget was made.
     */
    private static void saveWidgetState(JsonObject nb) {
        JsonObject saved = Widgets.savedState();
        JsonObject metadata = nb.has("metadata") ? nb.getAsJsonObject("metadata") : new JsonObject();
        nb.add("metadata", metadata);
        if (saved == null) {
            metadata.remove("widgets");
        } else {
            JsonObject widgets = new JsonObject();
            widgets.add(Widgets.STATE_MIME, saved);
            metadata.add("widgets", widgets);
        }
        Widgets.reset();
        Comms.reset();
        Comms.setIdSource(null);
    }

    /** Interrupts the evaluator once the time is up, from its own daemon thread. */
    private static final class Watchdog {
        private final Thread thread;
        private volatile boolean fired;

        Watchdog(Evaluator evaluator, double seconds) {
            thread = new Thread(() -> {
                try {
                    Thread.sleep(Math.max(1, Math.round(seconds * 1000)));
                } catch (InterruptedException e) {
                    return; // the cell finished in time
                }
                fired = true;
                evaluator.interrupt(5000);
            }, "jcnn-run-cell-timeout");
            thread.setDaemon(true);
            thread.start();
        }

        void cancel() {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean fired() {
            return fired;
        }
    }

    private static String formatSeconds(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    /** Whether the cell's {@code metadata.tags} holds {@code tag}. */
    static boolean hasTag(JsonObject cell, String tag) {
        if (!(cell.get("metadata") instanceof JsonObject metadata) || !(metadata.get("tags") instanceof JsonArray tags)) {
            return false;
        }
        for (JsonElement t : tags) {
            if (t.isJsonPrimitive() && tag.equals(t.getAsString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCode(JsonObject cell) {
        return cell.has("cell_type") && "code".equals(cell.get("cell_type").getAsString());
    }

    /** nbformat 4.5 requires cell ids; stable ones (from the file name and position) keep diffs small. */
    private static void assignIds(JsonArray cells, Path name) {
        String stem = name.getFileName().toString().replaceAll("\\.ipynb$", "").replaceAll("[^A-Za-z0-9_-]", "-");
        if (stem.length() > 50) {
            stem = stem.substring(0, 50);
        }
        for (int i = 0; i < cells.size(); i++) {
            JsonObject c = cells.get(i).getAsJsonObject();
            if (!c.has("id") || c.get("id").getAsString().isEmpty()) {
                c.addProperty("id", stem + "-" + (i + 1));
            }
            if (!c.has("metadata")) {
                c.add("metadata", new JsonObject());
            }
        }
    }
}
