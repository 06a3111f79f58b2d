package jcnn.eval;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import jcnn.display.Display;
import jcnn.display.DisplaySink;
import jcnn.display.MimeBundle;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Runs cells in an in-process JShell: state persists between cells, objects stay live (the
 * last expression's value is rendered through {@link Display#render}), output is routed to
 * the running cell, and {@link #interrupt} stops any cell on JDK 17 and 25 alike.
 *
 * <p>A cell may mix declarations, statements, a final expression and magics
 * ({@code %time}, {@code %maven}, ...; see {@link Magics}). It is split into JShell snippets
 * with {@link SourceCodeAnalysis#analyzeCompletion}; each snippet gets stop checks woven in by
 * {@link SourceRewriter} and runs on a "jcnn-cell" thread (see {@link StoppableExecutionControl}).
 *
 * <p>Used from one execution thread; {@link #interrupt}, {@link #complete}, {@link #inspect}
 * and {@link #isComplete} may be called from other threads, also while a cell runs.
 */
public final class JShellEvaluator implements Evaluator {
    /** The stack of the thread a snippet runs on: deep recursion works, runaway recursion ends soon. */
    private static final long CELL_STACK_BYTES = 64L << 20;
    private static final long ANALYSIS_WAIT_MILLIS = 2_000;
    /** How often a pending interrupt is raised again while {@link #interrupt} waits. */
    static final long REASSERT_MILLIS = 50;

    private final ReentrantLock shellLock = new ReentrantLock();
    private final StoppableExecutionControl control;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** JShell's records of finished snippets, removed as they finish; see {@link JShellRecords}. */
    private final JShellRecords records;
    private final Map<String, ErrorRenderer.Origin> origins = new ConcurrentHashMap<>();
    private final Set<String> classpath = new LinkedHashSet<>();
    /** The class holding each live variable snippet's value (by snippet id); see {@link #releaseReplacedValues}. */
    private final Map<String, Class<?>> varClasses = new ConcurrentHashMap<>();
    /** Guards the start and end of a cell against a concurrent {@link #interrupt}. */
    private final Object cellLock = new Object();
    private volatile CountDownLatch running;
    private volatile boolean interruptRequested;
    private volatile boolean closed;

    /** Starts JShell in this JVM with jcnn's classes and the default imports. */
    public JShellEvaluator() {
        OutputRouter.install();
        control = new StoppableExecutionControl(shellLock, CELL_STACK_BYTES);
        shell = JShell.builder()
            .executionEngine(StoppableExecutionControl.provider(control), Map.of())
            .build();
        analysis = shell.sourceCodeAnalysis();
        records = JShellRecords.of(shell);
        if (!records.isActive()) {
            OutputRouter.originalErr().println("jcnn: " + records.reason());
        }
        try {
            control.initJdkCancel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare JShell's stop checks: " + e, e);
        }
        shellLock.lock();
        try {
            for (String entry : hostClasspath()) {
                addClasspathEntry(entry);
            }
            for (String line : DefaultImports.lines()) {
                shell.eval(line); // a package missing from this build is rejected and skipped
            }
        } finally {
            shellLock.unlock();
        }
        Magics.attach(this);
    }

    /**
     * The process's own stderr. While a cell runs, {@code System.err} of every thread goes to
     * that cell; the kernel's log lines (dropped messages, socket errors) belong here instead.
     */
    public static java.io.PrintStream processErr() {
        return OutputRouter.originalErr();
    }

    /** The process's own stdout; see {@link #processErr()}. */
    public static java.io.PrintStream processOut() {
        return OutputRouter.originalOut();
    }

    /** The class path of this JVM plus where jcnn itself was loaded from. */
    private static List<String> hostClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!p.isBlank()) {
                entries.add(p);
            }
        }
        CodeSource source = JShellEvaluator.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file location (unusual class loader): the JVM class path is all we have
            }
        }
        return new ArrayList<>(entries);
    }

    /**
     * Adds a jar or class folder to the cells' class path (compiler and class loader).
     *
     * @return false when it was already there
     */
    public boolean addClasspathEntry(String entry) {
        String normalized = Path.of(entry).toAbsolutePath().normalize().toString();
        shellLock.lock();
        try {
            synchronized (classpath) {
                if (!classpath.add(normalized)) {
                    return false;
                }
            }
            shell.addToClasspath(normalized);
            return true;
        } finally {
            shellLock.unlock();
        }
    }

    /** The entries added to the cells' class path so far, in order. */
    public List<String> classpath() {
        synchronized (classpath) {
            return List.copyOf(classpath);
        }
    }

    @Override
    public Outcome execute(String code, CellContext context, Map<String, String> userExpressions) {
        if (closed) {
            throw new IllegalStateException("this evaluator was closed; start a new one");
        }
        CountDownLatch done = new CountDownLatch(1);
        Magics.attach(this); // %classpath and %maven act on the evaluator running the cell
        synchronized (cellLock) {
            // an interrupt meant for the previous cell must not reach this one
            interruptRequested = false;
            control.resetStop();
            running = done;
        }
        CellContext previousRoute = OutputRouter.route(context);
        DisplaySink previousSink = Display.setSink(context);
        shellLock.lock();
        try {
            Outcome outcome = runCell(code, context.executionCount());
            if (outcome.isOk() && userExpressions != null && !userExpressions.isEmpty()) {
                outcome = new Outcome(outcome.status(), outcome.result(), null, null, List.of(),
                    evaluateUserExpressions(userExpressions, context.executionCount()));
            }
            return outcome;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a failure of JShell or of jcnn itself, not of the cell: say so, keep the kernel alive
            e.printStackTrace(OutputRouter.originalErr());
            String message = "the evaluator failed (" + e + "); this is a bug in jcnn or JShell, "
                + "the kernel keeps running (restart it if cells keep failing)";
            return Outcome.error("InternalError", message, List.of("InternalError: " + message));
        } finally {
            shellLock.unlock();
            System.out.flush();
            System.err.flush();
            Display.setSink(previousSink);
            OutputRouter.route(previousRoute);
            synchronized (cellLock) {
                running = null;
            }
            done.countDown();
        }
    }

    /**
     * Runs a comm handler (widget callbacks) like a cell: on a stoppable "jcnn-cell" thread,
     * output routed to {@code context}, stopped by {@link #interrupt}. JShell itself is not
     * needed (the callback's classes are compiled already), so completion stays available.
     */
    @Override
    public Outcome call(Runnable action, CellContext context) {
        if (closed) {
            throw new IllegalStateException("this evaluator was closed; start a new one");
        }
        CountDownLatch done = new CountDownLatch(1);
        synchronized (cellLock) {
            interruptRequested = false;
            control.resetStop();
            running = done;
        }
        CellContext previousRoute = OutputRouter.route(context);
        DisplaySink previousSink = Display.setSink(context);
        try {
            control.runStoppable(action);
            return interruptRequested ? callbackInterrupted() : Outcome.ok(null);
        } catch (Stop.CellInterrupted e) {
            return callbackInterrupted();
        } catch (RuntimeException | Error e) {
            if (interruptRequested) {
                return callbackInterrupted();
            }
            String message = e.getMessage() == null ? "" : e.getMessage();
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            return Outcome.error(e.getClass().getName(), message, List.of(trace.toString()));
        } finally {
            System.out.flush();
            System.err.flush();
            Display.setSink(previousSink);
            OutputRouter.route(previousRoute);
            synchronized (cellLock) {
                running = null;
            }
            done.countDown();
        }
    }

    private Map<String, MimeBundle> evaluateUserExpressions(Map<String, String> expressions, int cell) {
        Map<String, MimeBundle> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            Outcome o = runJava(e.getValue(), 0, e.getValue(), cell);
            out.put(e.getKey(), o.isOk()
                ? (o.result() != null ? o.result() : MimeBundle.text(""))
                : MimeBundle.text(o.errorName() + ": " + o.errorValue()).meta("status", "error"));
        }
        return out;
    }

    /** Runs a whole cell: magics first turned into Java (see {@link Magics}). */
    private Outcome runCell(String code, int cell) {
        List<Magics.Part> parts;
        try {
            parts = Magics.parse(code);
        } catch (IllegalArgumentException e) {
            return Outcome.error("MagicError", e.getMessage(), List.of("MagicError: " + e.getMessage()));
        }
        Outcome last = Outcome.ok(null);
        for (Magics.Part part : parts) {
            if (interruptRequested) {
                return interrupted();
            }
            last = part.run(this, code, cell);
            if (!last.isOk()) {
                return last;
            }
        }
        return last;
    }

    /**
     * Runs Java source that starts at {@code offset} of the cell text {@code cellCode}, snippet
     * by snippet; the value of a final expression becomes the result.
     */
    Outcome runJava(String code, int offset, String cellCode, int cell) {
        String remaining = code;
        int at = offset;
        MimeBundle result = null;
        while (!remaining.isBlank()) {
            if (interruptRequested) {
                return interrupted();
            }
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            String source;
            String rest;
            if (completeness.isComplete()) {
                source = info.source();
                rest = info.remaining();
            } else {
                source = remaining; // incomplete: compiling it gives the error to show
                rest = "";
            }
            int lead = 0;
            while (lead < remaining.length() && Character.isWhitespace(remaining.charAt(lead))) {
                lead++;
            }
            // diagnostics count from the start of the source, stack lines from its first code line
            SnippetRun run = runSnippet(source, at, at + lead, cellCode, cell);
            if (run.error != null) {
                return run.error;
            }
            // display(x) as the last line has shown x already; its handle is not a result
            result = run.hasValue && !(run.value instanceof jcnn.display.DisplayHandle) ? render(run.value) : null;
            at += remaining.length() - rest.length();
            remaining = rest;
        }
        return Outcome.ok(result);
    }

    private static MimeBundle render(Object value) {
        try {
            return Display.render(value);
        } catch (RuntimeException | LinkageError e) {
            return MimeBundle.text(String.valueOf(value) + "\n(rendering failed: " + e + ")");
        }
    }

    private record SnippetRun(Outcome error, boolean hasValue, Object value) {
    }

    private SnippetRun runSnippet(String source, int start, int codeStart, String cellCode, int cell) {
        SourceRewriter.Result rewritten = SourceRewriter.rewrite(source);
        control.takeInvokedClasses();
        List<SnippetEvent> events = shell.eval(rewritten.source());
        releaseReplacedValues(events, control.takeInvokedClasses());
        try {
            return handleEvents(events, rewritten, start, codeStart, cellCode, cell);
        } finally {
            releaseFinishedClasses(events);
        }
    }

    private SnippetRun handleEvents(List<SnippetEvent> events, SourceRewriter.Result rewritten, int start,
                                    int codeStart, String cellCode, int cell) {
        int firstLine = lineIndex(cellCode, codeStart);
        boolean hasValue = false;
        Object value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new ErrorRenderer.Origin(cell, firstLine));
            if (event.status() == Snippet.Status.REJECTED) {
                return new SnippetRun(compileError(snippet, rewritten, start, cellCode, cell), false, null);
            }
            JShellException exception = event.exception();
            if (interruptRequested) {
                return new SnippetRun(interrupted(), false, null);
            }
            if (exception != null) {
                return new SnippetRun(runtimeError(exception, snippet), false, null);
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                List<String> missing = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).toList();
                System.err.println("note: " + describe(snippet) + " was defined, but it cannot be used until "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " declared");
            }
            if (snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                hasValue = true;
                value = control.lastValue();
                dropTempVar(v);
            } else if (snippet instanceof ExpressionSnippet) {
                hasValue = true;
                value = control.lastValue();
            } else {
                hasValue = false;
            }
        }
        return new SnippetRun(null, hasValue, value);
    }

    /**
     * JShell keeps every snippet's class, and a replaced variable's old class keeps its value in
     * a static field: redefining a 10 MB {@code float[]} 500 times would hold 5 GB. When a
     * variable is overwritten or dropped, its old field is cleared so the value can be collected.
     */
    private void releaseReplacedValues(List<SnippetEvent> events, List<Class<?>> ran) {
        for (SnippetEvent event : events) {
            if (event.snippet() instanceof VarSnippet v && event.causeSnippet() != null
                    && (event.status() == Snippet.Status.OVERWRITTEN || event.status() == Snippet.Status.DROPPED)) {
                Class<?> old = varClasses.remove(v.id());
                // NOTE: the same source again reuses the snippet and re-runs its class: that field now
                // holds the new value, and the old one is already unreachable
                java.lang.reflect.Field field = old == null || ran.contains(old) ? null : staticField(old, v.name());
                if (field != null && !field.getType().isPrimitive()) {
                    try {
                        field.setAccessible(true);
                        field.set(null, null);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // a final or inaccessible field keeps its value; nothing else to do
                    }
                }
            }
        }
        for (SnippetEvent event : events) {
            if (event.snippet() instanceof VarSnippet v && event.causeSnippet() == null && event.status().isDefined()) {
                for (int i = ran.size() - 1; i >= 0; i--) {
                    if (staticField(ran.get(i), v.name()) != null) {
                        varClasses.put(v.id(), ran.get(i));
                        break;
                    }
                }
            }
        }
    }

    /**
     * Lets the classes of snippets that JShell will never run or name again be unloaded (see
     * {@link SnippetClassLoaders}): statements and expressions once they ran (an expression's
     * {@code $N} variable when it is dropped), variables once overwritten or dropped. Without
     * this every cell left a class behind for good (issue 10's soak: about 2 KB of metaspace
     * and 7 KB of heap per cell).
     */
    private void releaseFinishedClasses(List<SnippetEvent> events) {
        // NOTE: a variable declared again with the same source gets the old snippet's class back
        // (JShell sees the same bytes and does not load them again): that class stays
        Set<String> declared = new java.util.HashSet<>();
        for (SnippetEvent event : events) {
            if (event.snippet().kind().isPersistent() && event.status().isDefined()) {
                String className = classNameOf(event.snippet());
                if (className != null) {
                    declared.add(className);
                }
            }
        }
        for (SnippetEvent event : events) {
            Snippet snippet = event.snippet();
            Snippet.Kind kind = snippet.kind();
            if (event.causeSnippet() == null && (kind == Snippet.Kind.STATEMENT || kind == Snippet.Kind.EXPRESSION)) {
                forget(snippet, null, declared);
            } else if (snippet instanceof VarSnippet && event.causeSnippet() != null
                    && (event.status() == Snippet.Status.OVERWRITTEN || event.status() == Snippet.Status.DROPPED)) {
                forget(snippet, null, declared);
            }
        }
    }

    private String classNameOf(Snippet snippet) {
        try {
            return analysis.wrapper(snippet).fullClassName();
        } catch (RuntimeException e) {
            return null; // no wrapper (a snippet JShell rejected): nothing was loaded
        }
    }

    /**
     * Releases the class of a finished snippet and JShell's records of it; {@code tempName} is
     * the name of a dropped {@code $N} variable, or null. A class in {@code inUse} (that of a
     * live declaration) is not released, only the snippet's own record.
     */
    private void forget(Snippet snippet, String tempName, Set<String> inUse) {
        String className = classNameOf(snippet);
        if (className != null && inUse.contains(className)) {
            className = null;
        }
        if (className != null) {
            control.loaders().release(className);
        }
        records.forget(snippet, className, tempName);
    }

    /** How many snippets JShell holds, of every status (for tests; public JShell API). */
    long jshellSnippetCount() {
        return withShell(a -> shell.snippets().count(), -1L);
    }

    /** JShell's records of finished snippets (for tests). */
    JShellRecords records() {
        return records;
    }

    /** The loaders of the snippet classes (for tests). */
    SnippetClassLoaders snippetLoaders() {
        return control.loaders();
    }

    /**
     * Drops JShell's temporary variable ({@code $1}, {@code $2}, ...) of an expression whose value
     * the cell has taken. JShell imports every live one into every later snippet, so each kept
     * {@code $N} made all later snippets' source, compiled state and memory bigger (issue 10's
     * soak grew about 5 MiB per 100 cells, quadratic in the cells run); the value itself is shown
     * as the cell's result, and notebooks do not refer to {@code $N}.
     */
    private void dropTempVar(VarSnippet v) {
        try {
            shell.drop(v);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return; // JShell closed, or the snippet is not active: nothing is kept
        }
        Class<?> holder = varClasses.remove(v.id());
        forget(v, v.name(), Set.of());
        java.lang.reflect.Field field = holder == null ? null : staticField(holder, v.name());
        if (field != null && !field.getType().isPrimitive()) {
            try {
                field.setAccessible(true);
                field.set(null, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an inaccessible field keeps its value until the class is gone
            }
        }
    }

    private static java.lang.reflect.Field staticField(Class<?> c, String name) {
        try {
            java.lang.reflect.Field f = c.getDeclaredField(name);
            return java.lang.reflect.Modifier.isStatic(f.getModifiers()) ? f : null;
        } catch (NoSuchFieldException | LinkageError e) {
            return null;
        }
    }

    private static String describe(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet d) {
            return snippet.kind().name().toLowerCase(Locale.ROOT).replace("type_decl", "type") + " " + d.name();
        }
        return "the snippet";
    }

    private Outcome compileError(Snippet snippet, SourceRewriter.Result rewritten, int start, String cellCode, int cell) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : shell.diagnostics(snippet).toList()) {
            if (!diag.isError()) {
                continue;
            }
            long p = diag.getPosition();
            int position = start + (p < 0 ? 0 : rewritten.originalPosition((int) p));
            if (!traceback.isEmpty()) {
                traceback.add("");
            }
            traceback.addAll(ErrorRenderer.compileError(cell, cellCode, position, diag));
            if (first == null) {
                first = ErrorRenderer.cleanMessage(diag.getMessage(Locale.ROOT)).split("\n")[0];
            }
        }
        if (first == null) {
            first = "the snippet could not be compiled";
            traceback.add(ErrorRenderer.location(cell, lineIndex(cellCode, start) + 1) + ": " + first);
        }
        List<String> messages = shell.diagnostics(snippet).filter(Diag::isError)
                .map(d -> d.getMessage(Locale.ROOT)).toList();
        List<String> hints = ErrorRenderer.hints(snippet.source(), messages);
        if (!hints.isEmpty()) {
            traceback.add("");
            traceback.addAll(hints);
        }
        return Outcome.error("CompilationError", first, traceback);
    }

    private Outcome runtimeError(JShellException exception, Snippet snippet) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            List<String> missing = shell.unresolvedDependencies(unresolved.getSnippet()).toList();
            String message = describe(unresolved.getSnippet()) + " cannot be used until "
                + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " declared";
            return Outcome.error("UnresolvedReference", message, List.of("UnresolvedReference: " + message));
        }
        String name = exception instanceof EvalException eval ? eval.getExceptionClassName() : exception.getClass().getName();
        if (name.equals(Stop.CellExit.class.getName())) {
            String message = exception.getMessage()
                + "; the kernel keeps running with its variables (restart the kernel to start over)";
            return Outcome.error("SystemExit", message, List.of("SystemExit: " + message));
        }
        if (name.equals(Stop.CellInterrupted.class.getName()) || name.equals("java.lang.ThreadDeath")) {
            return interrupted();
        }
        String message = exception.getMessage() == null ? "" : ErrorRenderer.cleanNames(exception.getMessage());
        return Outcome.error(name, message, ErrorRenderer.runtimeError(exception, origins));
    }

    private static Outcome callbackInterrupted() {
        String message = "the widget callback was interrupted; the kernel keeps its variables";
        return Outcome.error("Interrupted", message, List.of("Interrupted: " + message));
    }

    private static Outcome interrupted() {
        String message = "the cell was interrupted; variables defined before it are kept";
        return Outcome.error("Interrupted", message, List.of("Interrupted: " + message));
    }

    /** 0-based line of {@code position} in {@code text}. */
    private static int lineIndex(String text, int position) {
        int line = 0;
        for (int i = 0; i < position && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Wall and CPU nanoseconds spent in user code so far (compiling excluded), for %time. */
    long[] userClocks() {
        return control.userClocks();
    }

    /**
     * Stops the running cell: raises the stop flags and interrupts its thread, then, while
     * waiting up to {@code timeoutMillis}, raises them again every {@link #REASSERT_MILLIS} ms (a
     * library that swallows an interrupt clears the thread's flag). With a timeout of 0 it raises
     * them once and returns at once; the kernel calls it that way, repeatedly, until the cell ends.
     */
    @Override
    public boolean interrupt(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CountDownLatch done;
        synchronized (cellLock) {
            done = running;
            if (done == null) {
                return true;
            }
            interruptRequested = true;
            control.stopUserCode();
        }
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return done.getCount() == 0;
                }
                if (done.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(REASSERT_MILLIS)), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                synchronized (cellLock) {
                    if (running == done) {
                        control.stopUserCode();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done.getCount() == 0;
        }
    }

    @Override
    public boolean forceStop() {
        synchronized (cellLock) {
            return running != null && control.forceStop();
        }
    }

    /** Whether a snippet's code is running now (not JShell compiling it). */
    boolean isRunningUserCode() {
        return control.isRunningUserCode();
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public Completion complete(String code, int cursor) {
        return Analysis.complete(this, code, cursor);
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return Analysis.inspect(this, code, cursor, detailLevel);
    }

    @Override
    public IsComplete isComplete(String code) {
        return Analysis.isComplete(this, code);
    }

    /**
     * The source JShell would compile for {@code code} now: the wrapper class with its imports of
     * the live declarations of earlier snippets. For tests of what every snippet carries.
     */
    String wrappedSource(String code) {
        return withShell(a -> a.wrappers(code).stream().map(SourceCodeAnalysis.SnippetWrapper::wrapped)
            .collect(java.util.stream.Collectors.joining("\n")), null);
    }

    /** Runs {@code action} on JShell's analysis, waiting a little if a snippet is being compiled. */
    <T> T withShell(java.util.function.Function<SourceCodeAnalysis, T> action, T whenBusy) {
        try {
            if (!shellLock.tryLock(ANALYSIS_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return whenBusy;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return whenBusy;
        }
        try {
            return closed ? whenBusy : action.apply(analysis);
        } finally {
            shellLock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        interrupt(2_000);
        closed = true;
        Magics.detach(this);
        shellLock.lock();
        try {
            shell.close();
        } finally {
            shellLock.unlock();
        }
    }
}
