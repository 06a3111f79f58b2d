package jcnn.notebook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcnn.display.Display;
import jcnn.display.MimeBundle;
import jcnn.eval.CellContext;
import jcnn.eval.Evaluator;

/**
 * A tiny line-command evaluator standing in for JShell, so the runner's bookkeeping can be
 * tested alone. One command per line:
 * {@code print T}, {@code eprint T}, {@code display ID T}, {@code update ID T}, {@code png ID},
 * {@code set K V}, {@code get K} (prints the value or "unset"), {@code input}, {@code fail NAME MSG},
 * {@code result T} (the cell's value), {@code hang} (sleeps until interrupted).
 */
final class FakeEvaluator implements Evaluator {
    /** A 1x1 PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private final Map<String, String> vars = new HashMap<>();
    private volatile Thread running;
    boolean closed;

    @Override
    public Outcome execute(String code, CellContext context, Map<String, String> userExpressions) {
        MimeBundle result = null;
        for (String line : code.split("\n")) {
            String[] p = line.strip().split(" ", 3);
            switch (p[0]) {
                case "" -> { }
                case "print" -> context.stdout(rest(line, 1) + "\n");
                case "eprint" -> context.stderr(rest(line, 1) + "\n");
                case "display" -> Display.show(MimeBundle.text(p[2]), p[1], false);
                case "update" -> Display.show(MimeBundle.text(p[2]), p[1], true);
                case "png" -> Display.show(new MimeBundle().put("text/plain", "a picture")
                        .png(java.util.Base64.getDecoder().decode(PNG), 1, 1), p[1], false);
                case "set" -> vars.put(p[1], p[2]);
                case "get" -> context.stdout(vars.getOrDefault(p[1], "unset") + "\n");
                case "input" -> {
                    try {
                        context.input("name? ", false);
                    } catch (IllegalStateException e) {
                        return Outcome.error("IllegalStateException", e.getMessage(), List.of("IllegalStateException: " + e.getMessage()));
                    }
                }
                case "fail" -> {
                    return Outcome.error(p[1], p[2], List.of(p[1] + ": " + p[2], "\tat line " + line));
                }
                case "result" -> result = MimeBundle.text(rest(line, 1));
                case "hang" -> {
                    running = Thread.currentThread();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        return Outcome.error("Interrupted", "the cell was interrupted", List.of("interrupted"));
                    } finally {
                        running = null;
                    }
                }
                default -> {
                    return Outcome.error("UnknownCommand", line, List.of("unknown command " + line));
                }
            }
        }
        return Outcome.ok(result);
    }

    private static String rest(String line, int words) {
        String s = line.strip();
        for (int i = 0; i < words; i++) {
            int sp = s.indexOf(' ');
            s = sp < 0 ? "" : s.substring(sp + 1);
        }
        return s;
    }

    @Override
    public boolean interrupt(long timeoutMillis) {
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
        return true;
    }

    @Override
    public Completion complete(String code, int cursor) {
        return new Completion(List.of(), cursor, cursor, Map.of());
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return new Inspection(false, null);
    }

    @Override
    public IsComplete isComplete(String code) {
        return new IsComplete("complete", "");
    }

    @Override
    public void close() {
        closed = true;
    }
}
