package jcnn.eval;

import java.util.List;
import java.util.Map;
import jcnn.display.MimeBundle;

/**
 * Runs cells of Java (JShell snippets and magics) and answers the editor's questions about
 * them. One cell runs at a time; {@link #interrupt(long)} may be called from any thread.
 * Implemented by {@code JShellEvaluator}; used by the kernel and the notebook runner.
 */
public interface Evaluator extends AutoCloseable {

    /** Result of one cell. {@code result} is the last expression's rendered value, or null. */
    record Outcome(Status status, MimeBundle result, String errorName, String errorValue,
                   List<String> traceback, Map<String, MimeBundle> userExpressions) {
        public enum Status { OK, ERROR }

        public static Outcome ok(MimeBundle result) {
            return new Outcome(Status.OK, result, null, null, List.of(), Map.of());
        }

        public static Outcome error(String name, String value, List<String> traceback) {
            return new Outcome(Status.ERROR, null, name, value, traceback, Map.of());
        }

        public boolean isOk() {
            return status == Status.OK;
        }
    }

    /** Completion matches replacing {@code code[cursorStart, cursorEnd)}. */
    record Completion(List<String> matches, int cursorStart, int cursorEnd, Map<String, Object> metadata) {
    }

    /** Inspection (Shift+Tab): {@code found} false means nothing is known at the cursor. */
    record Inspection(boolean found, MimeBundle data) {
    }

    /** {@code status} is "complete", "incomplete" (with an {@code indent}), "invalid" or "unknown". */
    record IsComplete(String status, String indent) {
    }

    /**
     * Runs one cell on the calling thread and returns when it has finished, failed or been
     * interrupted. Output goes to {@code context} while the cell runs.
     *
     * @param userExpressions expressions to evaluate after the cell (Jupyter's user_expressions)
     */
    Outcome execute(String code, CellContext context, Map<String, String> userExpressions);

    /**
     * Runs {@code action} (a comm message's handler: widget callbacks) like a cell, on the
     * calling thread's behalf: output goes to {@code context}, {@link #interrupt} stops it, and
     * it never runs at the same time as a cell. A failure becomes an error outcome.
     * This default runs it directly (evaluators without stoppable threads, tests).
     */
    default Outcome call(Runnable action, CellContext context) {
        jcnn.display.DisplaySink previous = jcnn.display.Display.setSink(context);
        try {
            action.run();
            return Outcome.ok(null);
        } catch (RuntimeException e) {
            return Outcome.error(e.getClass().getName(), String.valueOf(e.getMessage()), List.of(e.toString()));
        } finally {
            jcnn.display.Display.setSink(previous);
        }
    }

    /**
     * Stops the running cell. Waits up to {@code timeoutMillis} for the execution thread to
     * really stop; returns true if it stopped (or nothing was running), false if it did not.
     * A timeout of 0 raises the stop request and returns at once; calling it again raises it
     * again (the kernel does so until the cell has ended).
     */
    boolean interrupt(long timeoutMillis);

    /**
     * Last resort after {@link #interrupt} did not stop the cell: forcibly ends its thread where
     * the JDK still can ({@code Thread.stop}, JDK 17 to 19). Returns whether it tried.
     */
    default boolean forceStop() {
        return false;
    }

    /** Whether a cell is running now (between the start and the end of {@link #execute}). */
    default boolean isRunning() {
        return false;
    }

    Completion complete(String code, int cursor);

    Inspection inspect(String code, int cursor, int detailLevel);

    IsComplete isComplete(String code);

    /** Releases JShell; the evaluator cannot be used afterwards. */
    @Override
    void close();
}
