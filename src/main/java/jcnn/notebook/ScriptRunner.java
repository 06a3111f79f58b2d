package jcnn.notebook;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import jcnn.display.Display;
import jcnn.display.DisplaySink;
import jcnn.display.MimeBundle;
import jcnn.eval.CellContext;
import jcnn.eval.Evaluator;

/**
 * Runs a JShell script ({@code .jsh}) through the same {@link Evaluator} as notebooks (same
 * imports, same magics), printing what it prints. Pictures it displays are saved next to the
 * script as {@code NAME-1.png}, {@code NAME-2.png}, ... (an updated display, such as the live
 * training chart, rewrites its own file); text displays are printed. JShell commands
 * ({@code /exit}) at the end of the script are ignored.
 */
public final class ScriptRunner {
    private final Supplier<? extends Evaluator> evaluators;
    private final PrintStream out;
    private final PrintStream err;

    public ScriptRunner(Supplier<? extends Evaluator> evaluators, PrintStream out, PrintStream err) {
        this.evaluators = Objects.requireNonNull(evaluators, "evaluators");
        this.out = out;
        this.err = err;
    }

    /**
     * Runs {@code script}; pictures go to {@code outputDir} (or next to the script when null).
     *
     * @return the result, with {@code cells} 1 and {@code written} the folder the pictures went to
     */
    public NotebookRunner.Result run(Path script, Path outputDir) {
        String code;
        try {
            code = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + script + ": " + e.getMessage(), e);
        }
        code = withoutTrailingCommands(code);
        Path dir = outputDir != null ? outputDir
                : (script.toAbsolutePath().getParent() == null ? Path.of(".") : script.toAbsolutePath().getParent());
        String stem = script.getFileName().toString().replaceAll("\\.jsh$", "");
        Printer printer = new Printer(dir, stem);
        long start = System.nanoTime();
        Evaluator.Outcome outcome;
        DisplaySink previous = Display.setSink(printer);
        try (Evaluator evaluator = evaluators.get()) {
            outcome = evaluator.execute(code, printer, Map.of());
        } finally {
            Display.setSink(previous);
        }
        printer.finish();
        if (outcome.isOk() && outcome.result() != null) {
            printer.display(outcome.result(), null, false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        NotebookRunner.Failure failure = null;
        if (!outcome.isOk()) {
            failure = new NotebookRunner.Failure(script, 1, 1, outcome.errorName(), outcome.errorValue(), outcome.traceback());
        }
        return new NotebookRunner.Result(script, dir, 1, 1, seconds, failure);
    }

    /** JShell scripts often end with {@code /exit}; it is a JShell command, not Java. */
    static String withoutTrailingCommands(String code) {
        List<String> lines = new ArrayList<>(List.of(code.split("\n", -1)));
        int last = lines.size() - 1;
        while (last >= 0 && (lines.get(last).isBlank() || lines.get(last).strip().matches("/exit(\\s+\\S+)?"))) {
            last--;
        }
        return String.join("\n", lines.subList(0, last + 1)) + "\n";
    }

    /** Prints streams and text displays; saves pictures as files. */
    private final class Printer implements CellContext {
        private final Path dir;
        private final String stem;
        private final Map<String, Path> files = new LinkedHashMap<>();
        /** Text-only displays that were updated: their final text is printed once, at the end. */
        private final Map<String, String> updatedText = new LinkedHashMap<>();
        private int pictures;

        Printer(Path dir, String stem) {
            this.dir = dir;
            this.stem = stem;
        }

        @Override
        public synchronized void stdout(String text) {
            out.print(text);
            out.flush();
        }

        @Override
        public synchronized void stderr(String text) {
            err.print(text);
            err.flush();
        }

        @Override
        public String input(String prompt, boolean password) {
            throw new IllegalStateException("input(\"" + prompt + "\"): `jcnn run` has no stdin for scripts; set the value"
                    + " in the script, or run it in jshell");
        }

        @Override
        public int executionCount() {
            return 1;
        }

        @Override
        public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
            Object png = bundle.data().get("image/png");
            if (png instanceof String base64) {
                Path file = displayId == null ? null : files.get(displayId);
                boolean fresh = file == null;
                if (fresh) {
                    file = dir.resolve(stem + "-" + (++pictures) + ".png");
                    if (displayId != null) {
                        files.put(displayId, file);
                    }
                }
                try {
                    Files.createDirectories(dir);
                    Files.write(file, Base64.getDecoder().decode(base64));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot save picture " + file + ": " + e.getMessage(), e);
                }
                if (fresh) {
                    out.println("[" + bundle.plain() + " saved to " + file + "]");
                }
            } else if (update) {
                updatedText.put(displayId, bundle.plain());
            } else {
                out.println(bundle.plain());
            }
        }

        void finish() {
            updatedText.values().forEach(out::println);
            out.flush();
        }
    }
}
