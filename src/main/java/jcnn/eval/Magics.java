package jcnn.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPython-style magics. Each is desugared to a call of a static method of this class (or of
 * {@link jcnn.display.Display}), so magics mix with Java in one cell, and the same methods work
 * in a plain JShell:
 *
 * <pre>
 *   %classpath lib/*.jar          Magics.classpath("lib/*.jar")
 *   %maven g:a:v                  Magics.maven("g:a:v")
 *   %load setup.jsh               runs the file's cells here (Magics.load prints /open in JShell)
 *   %time expr-or-statement       Magics.time(() -> ...)   wall and CPU time of the user code
 *   %%time                        the same for the whole cell
 *   %timeit expr-or-statement     Magics.timeit(() -> ...) mean ± std. dev. of 7 runs
 *   %%html / %%markdown           Display.html("...") / Display.markdown("...")
 *   %lsmagic                      Magics.lsmagic()
 * </pre>
 *
 * <p>A line magic is a line whose first non-blank characters are {@code %name}; a cell magic
 * is a cell whose first line is {@code %%name}.
 */
public final class Magics {
    private static final Pattern LINE_MAGIC = Pattern.compile("(?m)^([ \\t]*)%([A-Za-z]\\w*)[ \\t]*(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("\\A\\s*%%([A-Za-z]\\w*)[ \\t]*(.*)$", Pattern.MULTILINE);
    static final List<String> LINE_MAGICS = List.of("classpath", "maven", "load", "time", "timeit", "lsmagic");
    static final List<String> CELL_MAGICS = List.of("time", "html", "markdown");
    private static volatile JShellEvaluator attached;

    private Magics() {
    }

    static void attach(JShellEvaluator evaluator) {
        attached = evaluator;
    }

    static void detach(JShellEvaluator evaluator) {
        if (attached == evaluator) {
            attached = null;
        }
    }

    // ---------------------------------------------------------------- the static API

    /** A statement to time or repeat (a lambda with a block body). */
    @FunctionalInterface
    public interface Block {
        void run() throws Exception;
    }

    /**
     * Adds jars or class folders to the cells' class path; {@code dir/*} adds every jar in dir.
     * Entries already there are skipped. Paths are separated by the platform's separator.
     */
    public static void classpath(String paths) {
        JShellEvaluator evaluator = attached;
        for (String entry : expand(paths)) {
            if (evaluator == null) {
                System.out.println("in a plain JShell type: /env --class-path " + entry);
            } else if (evaluator.addClasspathEntry(entry)) {
                System.out.println("added to the class path: " + entry);
            } else {
                System.out.println("already on the class path: " + entry);
            }
        }
    }

    private static List<String> expand(String paths) {
        List<String> out = new ArrayList<>();
        for (String raw : paths.strip().split(java.io.File.pathSeparator)) {
            String p = unquote(raw.strip());
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("*")) {
                Path dir = Path.of(p.substring(0, p.length() - 1).isEmpty() ? "." : p.substring(0, p.length() - 1));
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                    List<String> found = new ArrayList<>();
                    jars.forEach(j -> found.add(j.toString()));
                    found.sort(null);
                    out.addAll(found);
                } catch (IOException e) {
                    throw new IllegalArgumentException("%classpath: cannot list " + dir.toAbsolutePath() + ": " + e.getMessage());
                }
            } else {
                if (!Files.exists(Path.of(p))) {
                    throw new IllegalArgumentException("%classpath: " + Path.of(p).toAbsolutePath()
                        + " does not exist; give a jar file or a folder of classes");
                }
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Resolves {@code group:artifact:version} and its runtime dependencies with Maven Resolver
     * (Maven Central, or offline from ~/.m2 when the network is unreachable) and adds the jars
     * to the cells' class path.
     */
    public static void maven(String coordinates) {
        List<Path> jars = MavenResolve.resolve(coordinates.strip());
        JShellEvaluator evaluator = attached;
        int added = 0;
        for (Path jar : jars) {
            if (evaluator == null) {
                System.out.println("in a plain JShell type: /env --class-path " + jar);
            } else if (evaluator.addClasspathEntry(jar.toString())) {
                added++;
            }
        }
        if (evaluator != null) {
            System.out.println(coordinates.strip() + ": " + jars.size() + " jar(s) resolved, " + added + " added to the class path");
        }
    }

    /** In a plain JShell: the command that loads a file (a kernel runs {@code %load} itself). */
    public static void load(String file) {
        System.out.println("in a plain JShell type: /open " + file);
    }

    /** Runs {@code action}, prints its wall and CPU time, returns its value. */
    public static <T> T time(Callable<T> action) throws Exception {
        long[] start = clocks();
        try {
            return action.call();
        } finally {
            printTime(start, clocks());
        }
    }

    /** Runs {@code action} and prints its wall and CPU time. */
    public static void time(Block action) throws Exception {
        long[] start = clocks();
        try {
            action.run();
        } finally {
            printTime(start, clocks());
        }
    }

    /** Wall clock and process CPU time, in nanoseconds. */
    static long[] clocks() {
        return new long[] {System.nanoTime(), processCpuNanos()};
    }

    static void printTime(long[] start, long[] end) {
        PrintStream out = System.out;
        long cpu = start[1] < 0 || end[1] < 0 ? -1 : end[1] - start[1];
        out.println("CPU time: " + (cpu < 0 ? "unknown" : format(cpu)) + ", Wall time: " + format(end[0] - start[0]));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Times {@code action} like IPython's %timeit: loops per run chosen to take ~0.2 s, 7 runs. */
    public static void timeit(Block action) throws Exception {
        timeitLoop(() -> {
            action.run();
            return null;
        });
    }

    /** {@link #timeit(Block)} for an expression. */
    public static void timeit(Callable<?> action) throws Exception {
        timeitLoop(action);
    }

    private static void timeitLoop(Callable<?> action) throws Exception {
        long loops = 1;
        while (true) {
            long took = run(action, loops);
            if (took >= 200_000_000L || loops >= 1L << 40) {
                break;
            }
            loops *= took < 20_000_000L ? 10 : 2;
        }
        int runs = 7;
        double[] perLoop = new double[runs];
        for (int r = 0; r < runs; r++) {
            perLoop[r] = (double) run(action, loops) / loops;
        }
        double mean = 0;
        for (double v : perLoop) {
            mean += v;
        }
        mean /= runs;
        double var = 0;
        for (double v : perLoop) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / (runs - 1));
        System.out.println(format(mean) + " ± " + format(std) + " per loop (mean ± std. dev. of " + runs
            + " runs, " + loops + (loops == 1 ? " loop" : " loops") + " each)");
    }

    private static long run(Callable<?> action, long loops) throws Exception {
        long t0 = System.nanoTime();
        for (long i = 0; i < loops; i++) {
            Stop.check();
            action.call();
        }
        return System.nanoTime() - t0;
    }

    /** "1.23 s", "45.6 ms", "789 µs", "12.3 ns". */
    static String format(double nanos) {
        String[] units = {"ns", "µs", "ms", "s"};
        double v = nanos;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
            : String.format(Locale.ROOT, "%.2f", v)) + " " + units[u];
    }

    /** Prints the magics and what each does. */
    public static void lsmagic() {
        System.out.println("""
            Line magics (a line that starts with %):
              %classpath PATH        add jars or class folders (dir/* for all jars in dir)
              %maven G:A:V           resolve an artifact with its dependencies and add them
              %load FILE.jsh         run a JShell script here
              %time STATEMENT        wall and CPU time of one statement or expression
              %timeit STATEMENT      mean and spread of many runs
              %lsmagic               this list
            Cell magics (the cell's first line):
              %%time                 wall and CPU time of the whole cell
              %%html                 show the cell as HTML
              %%markdown             show the cell as Markdown""");
    }

    // ---------------------------------------------------------------- parsing cells

    /** One piece of a cell, run in order by the evaluator. */
    interface Part {
        Evaluator.Outcome run(JShellEvaluator evaluator, String cellCode, int cell);
    }

    private record Java(String code, int offset) implements Part {
        @Override
        public Evaluator.Outcome run(JShellEvaluator evaluator, String cellCode, int cell) {
            return evaluator.runJava(code, offset, cellCode, cell);
        }
    }

    /** Java made from a magic: tried in order, the first that compiles runs. */
    private record Desugared(List<String> alternatives, int argumentStart, List<Integer> prefixLengths) implements Part {
        @Override
        public Evaluator.Outcome run(JShellEvaluator evaluator, String cellCode, int cell) {
            Evaluator.Outcome last = null;
            for (int i = 0; i < alternatives.size(); i++) {
                last = evaluator.runJava(alternatives.get(i), argumentStart - prefixLengths.get(i), cellCode, cell);
                if (last.isOk() || !"CompilationError".equals(last.errorName())) {
                    return last;
                }
            }
            return last;
        }
    }

    private record Timed(List<Part> body) implements Part {
        @Override
        public Evaluator.Outcome run(JShellEvaluator evaluator, String cellCode, int cell) {
            // only the time spent running the cell's code counts, not JShell compiling it
            long[] start = evaluator.userClocks();
            Evaluator.Outcome last = Evaluator.Outcome.ok(null);
            try {
                for (Part p : body) {
                    last = p.run(evaluator, cellCode, cell);
                    if (!last.isOk()) {
                        break;
                    }
                }
            } finally {
                printTime(start, evaluator.userClocks());
            }
            return last;
        }
    }

    private record Load(String file) implements Part {
        @Override
        public Evaluator.Outcome run(JShellEvaluator evaluator, String cellCode, int cell) {
            String text;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                String m = "%load: cannot read " + Path.of(file).toAbsolutePath() + " (" + e.getMessage() + ")";
                return Evaluator.Outcome.error("MagicError", m, List.of("MagicError: " + m));
            }
            Evaluator.Outcome last = Evaluator.Outcome.ok(null);
            for (Part p : parse(text)) {
                last = p.run(evaluator, text, cell);
                if (!last.isOk()) {
                    return last;
                }
            }
            return last;
        }
    }

    /**
     * Splits a cell into Java and magics.
     *
     * @throws IllegalArgumentException for an unknown magic, naming the known ones
     */
    static List<Part> parse(String code) {
        Matcher cell = CELL_MAGIC.matcher(code);
        if (cell.lookingAt()) {
            String name = cell.group(1);
            int bodyStart = Math.min(code.length(), cell.end() + 1);
            String body = code.substring(bodyStart);
            switch (name) {
                case "time":
                    return List.of(new Timed(parse(body, bodyStart)));
                case "html":
                    return List.of(new Java("jcnn.display.Display.html(" + literal(body) + ")", 0));
                case "markdown":
                    return List.of(new Java("jcnn.display.Display.markdown(" + literal(body) + ")", 0));
                default:
                    throw unknown("%%" + name);
            }
        }
        return parse(code, 0);
    }

    private static List<Part> parse(String code, int base) {
        List<Part> parts = new ArrayList<>();
        Matcher m = LINE_MAGIC.matcher(code);
        int at = 0;
        while (m.find()) {
            if (!code.substring(at, m.start()).isBlank()) {
                parts.add(new Java(code.substring(at, m.start()), base + at));
            }
            String name = m.group(2);
            String argument = m.group(3).strip();
            int argumentStart = base + m.start(3);
            switch (name) {
                case "classpath", "maven" -> parts.add(new Java("jcnn.eval.Magics." + name + "(" + literal(argument) + ");", 0));
                case "lsmagic" -> parts.add(new Java("jcnn.eval.Magics.lsmagic();", 0));
                case "load" -> parts.add(new Load(unquote(argument)));
                case "time" -> parts.add(new Timed(List.of(new Java(code.substring(m.start(3), m.end(3)), argumentStart))));
                case "timeit" -> {
                    String statement = argument.endsWith(";") ? argument.substring(0, argument.length() - 1) : argument;
                    String expressionForm = "jcnn.eval.Magics.timeit(() -> ";
                    String blockForm = "jcnn.eval.Magics.timeit(() -> { ";
                    parts.add(new Desugared(List.of(expressionForm + statement + ");", blockForm + statement + "; });"),
                        argumentStart, List.of(expressionForm.length(), blockForm.length())));
                }
                default -> throw unknown("%" + name);
            }
            at = m.end();
        }
        if (!code.substring(at).isBlank()) {
            parts.add(new Java(code.substring(at), base + at));
        }
        return parts;
    }

    private static IllegalArgumentException unknown(String magic) {
        return new IllegalArgumentException("unknown magic " + magic + "; line magics: %" + String.join(", %", LINE_MAGICS)
            + "; cell magics: %%" + String.join(", %%", CELL_MAGICS) + " (%lsmagic explains them)");
    }

    /** A Java string literal for {@code text}. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    // ---------------------------------------------------------------- editor support

    static boolean isCellMagic(String code) {
        return CELL_MAGIC.matcher(code).lookingAt();
    }

    /**
     * The cell as JShell should see it for completion and is_complete: magic names and the
     * arguments of path-like magics blanked out with spaces (same length, so positions hold);
     * the Java after {@code %time} and {@code %timeit} stays.
     */
    static String maskForAnalysis(String code) {
        if (isCellMagic(code)) {
            Matcher cell = CELL_MAGIC.matcher(code);
            cell.lookingAt();
            if (!cell.group(1).equals("time")) {
                return " ".repeat(code.length());
            }
            code = " ".repeat(cell.end()) + code.substring(cell.end());
        }
        StringBuilder out = new StringBuilder(code);
        Matcher m = LINE_MAGIC.matcher(code);
        while (m.find()) {
            String name = m.group(2);
            int blankTo = name.equals("time") || name.equals("timeit") ? m.start(3) : m.end();
            for (int i = m.start(2) - 1; i < blankTo; i++) {
                out.setCharAt(i, ' ');
            }
        }
        return out.toString();
    }

    /** Completion of a magic name typed after % or %% at a line start, or null. */
    static Evaluator.Completion completeMagic(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String before = code.substring(lineStart, cursor);
        Matcher m = Pattern.compile("^\\s*(%%?)(\\w*)$").matcher(before);
        if (!m.find()) {
            return null;
        }
        boolean cellMagic = m.group(1).equals("%%");
        List<String> names = cellMagic ? CELL_MAGICS : LINE_MAGICS;
        List<String> matches = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith(m.group(2))) {
                matches.add(m.group(1) + n);
            }
        }
        return new Evaluator.Completion(matches, lineStart + m.start(1), cursor, Map.of());
    }

}
