package jcnn.notebook;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import jcnn.eval.Evaluator;
import jcnn.eval.JShellEvaluator;

/**
 * {@code java -jar jcnn.jar run FILE.ipynb|FILE.jsh ... [--out DIR] [--timeout SECONDS] [--allow-errors]}: executes
 * notebooks and JShell scripts headless, in this JVM, with the kernel's evaluator.
 *
 * <p>Prints one line per file (status, name, cells, seconds) and stops at the first failing
 * cell, naming the notebook, the cell and the error, with exit status 1. A notebook cell tagged
 * {@code raises-exception} may fail, and with {@code --allow-errors} any notebook cell may (as
 * with nbconvert): the error is stored as the cell's output, the run goes on and the file's line
 * lists those cells. Executed notebooks
 * are written in place, or into {@code --out DIR} under their own names.
 */
public final class RunCommand {
    private RunCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, RunCommand::newEvaluator);
        System.out.flush();
        System.err.flush();
        // NOTE: exit explicitly: a cell may have started non-daemon threads (a window, a timer).
        System.exit(status);
    }

    /**
     * Runs the command; returns the exit status (0 all ran, 1 a cell failed, 2 bad usage or
     * unreadable file).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Supplier<? extends Evaluator> evaluators) {
        List<Path> files = new ArrayList<>();
        Path outDir = null;
        double timeout = 0;
        boolean allowErrors = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--out") || a.equals("-o")) {
                if (i + 1 >= args.length) {
                    err.println("jcnn run: --out needs a folder, e.g. --out build/notebooks");
                    return 2;
                }
                outDir = Path.of(args[++i]);
            } else if (a.startsWith("--out=")) {
                outDir = Path.of(a.substring("--out=".length()));
            } else if (a.equals("--timeout")) {
                if (i + 1 >= args.length) {
                    err.println("jcnn run: --timeout needs the seconds a cell may run, e.g. --timeout 600 (0: no limit)");
                    return 2;
                }
                try {
                    timeout = Double.parseDouble(args[++i]);
                } catch (NumberFormatException e) {
                    timeout = -1;
                }
                if (!(timeout >= 0)) {
                    err.println("jcnn run: --timeout expects 0 (no limit) or more seconds but got '" + args[i] + "'");
                    return 2;
                }
            } else if (a.equals("--allow-errors")) {
                allowErrors = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                usage(out);
                return 0;
            } else if (a.startsWith("-")) {
                err.println("jcnn run: unknown option '" + a + "'; expected FILE.ipynb|FILE.jsh ... [--out DIR] [--timeout SECONDS] [--allow-errors]");
                return 2;
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            err.println("jcnn run: no files given; expected FILE.ipynb|FILE.jsh ... [--out DIR],"
                    + " e.g. java -jar target/jcnn.jar run notebooks/*.ipynb");
            return 2;
        }
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (!Files.isRegularFile(f)) {
                err.println("jcnn run: " + f + " does not exist (working directory " + Path.of("").toAbsolutePath() + ")");
                return 2;
            }
            if (!n.endsWith(".ipynb") && !n.endsWith(".jsh")) {
                err.println("jcnn run: " + f + " is neither a notebook (.ipynb) nor a JShell script (.jsh)");
                return 2;
            }
        }
        NotebookRunner notebooks = new NotebookRunner(evaluators).cellTimeout(timeout).allowErrors(allowErrors);
        ScriptRunner scripts = new ScriptRunner(evaluators, out, err);
        int width = files.stream().mapToInt(f -> f.toString().length()).max().orElse(10);
        for (Path f : files) {
            NotebookRunner.Result r;
            try {
                r = f.toString().endsWith(".jsh") ? scripts.run(f, outDir) : notebooks.run(f, outDir);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                err.println("jcnn run: " + e.getMessage());
                return 2;
            }
            String line = String.format(Locale.ROOT, "%-6s %-" + width + "s %3d cells %8.1f s", r.ok() ? "ok" : "FAILED",
                    f, r.cells(), r.seconds());
            int raised = r.allowedErrors().size();
            if (raised > 0) {
                line += ", " + raised + (raised == 1 ? " cell" : " cells") + " raised an error (allowed): "
                        + r.allowedErrors().stream().map(a -> "cell " + a.cellNumber() + " " + a.errorName())
                                .collect(java.util.stream.Collectors.joining(", "));
            }
            out.println(line);
            out.flush();
            if (!r.ok()) {
                NotebookRunner.Failure failure = r.failure();
                err.println("jcnn run: stopped at " + failure.describe());
                for (String t : failure.traceback()) {
                    err.println("  " + t.replace("\n", "\n  "));
                }
                if (f.toString().endsWith(".ipynb")) {
                    err.println("jcnn run: the notebook with the outputs so far was written to " + r.written());
                }
                return 1;
            }
        }
        if (outDir != null) {
            out.println("executed files written to " + outDir.toAbsolutePath());
        }
        return 0;
    }

    /** The kernel's evaluator: JShell in this JVM, with jcnn's imports, magics and renderers. */
    static Evaluator newEvaluator() {
        return new JShellEvaluator();
    }

    private static void usage(PrintStream out) {
        out.println("usage: java --add-modules jdk.incubator.vector -jar jcnn.jar run FILE.ipynb|FILE.jsh ... [--out DIR] [--timeout SECONDS] [--allow-errors]");
        out.println("  executes notebooks (writing them back with outputs, or into DIR) and JShell scripts");
        out.println("  (printing their output, saving their pictures as NAME-1.png ... next to them);");
        out.println("  --timeout stops a notebook cell that runs longer (default 0: no limit)");
        out.println("  --allow-errors: a failing notebook cell does not stop the run (its error becomes its output),");
        out.println("  as with nbconvert; without it only cells tagged raises-exception may fail");
    }
}
