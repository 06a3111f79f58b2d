package jcnn.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jcnn.display.CommMessage;
import jcnn.display.Comms;
import jcnn.display.MimeBundle;
import jcnn.eval.Evaluator;
import jcnn.eval.Evaluator.Outcome;
import jcnn.kernel.channels.Channels;
import jcnn.kernel.channels.KernelLog;
import jcnn.kernel.channels.ConnectionInfo;
import jcnn.kernel.protocol.Header;
import jcnn.kernel.protocol.Message;
import jcnn.kernel.protocol.Signer;
import jcnn.kernel.protocol.WireCodec;

/**
 * The Jupyter kernel: answers the shell, control and stdin requests of protocol 5.3 and
 * publishes a cell's life on iopub (busy, execute_input, stream, display_data, execute_result
 * or error, idle).
 *
 * <p>Threads: each socket has its own (see {@link Channels}); cells and the requests that
 * need the evaluator (complete, inspect, is_complete, history, comm_info) run in arrival order
 * on one execution thread, so the shell and control sockets stay responsive while a cell
 * runs. kernel_info and shutdown are answered on the socket's thread at once, even while
 * JShell is still starting in the background; interrupt_request arrives on control, is answered
 * at once, and {@link #interruptRunningCell()} keeps raising the stop until the cell has ended.
 */
public final class Kernel implements AutoCloseable {
    /** How often a pending interrupt is raised again until the cell has ended. */
    static final long INTERRUPT_REASSERT_MILLIS = 50;
    /** After this long, a cell that ignores the interrupt gets a notice (and, on JDK 17-19, Thread.stop). */
    static final long INTERRUPT_NOTICE_MILLIS = 5000;
    /** Default per-cell output cap in characters ({@code -Djcnn.output.limit=N} changes it). */
    static final long DEFAULT_OUTPUT_LIMIT = 5_000_000;
    /** JShell starts at the latest this long after the kernel, if no request asked earlier. */
    static final long WARMUP_DELAY_MILLIS = 300;

    private final WireCodec codec;
    private final Channels channels;
    private final Supplier<Evaluator> evaluatorFactory;
    private final CompletableFuture<Evaluator> evaluator = new CompletableFuture<>();
    private final BlockingQueue<Message> work = new LinkedBlockingQueue<>();
    /** Requests taken from {@link #work} after an error with stop_on_error, answered {@code aborted}; execution thread only. */
    private final List<Message> toAbort = new ArrayList<>();
    /** While {@link #abortQueued} works through {@link #toAbort}: the requests after the current one. */
    private List<Message> abortedAfter = List.of();
    private final Thread executionThread;
    private final ScheduledThreadPoolExecutor timer;
    private final CellHistory history = new CellHistory();
    private final AtomicReference<CompletableFuture<String>> pendingInput = new AtomicReference<>();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final long outputLimit;
    private final java.util.concurrent.atomic.AtomicBoolean warmupStarted = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean restart;
    /** The request comm messages sent from Java belong to: the cell or comm message being handled. */
    private volatile Message commParent;
    /** True while an execute request runs: only then may a cell handle comm messages itself. */
    private volatile boolean cellRunning;
    private int executionCount;
    /** The execute request being handled on the execution thread, or null; guarded by itself. */
    private final Object cellGuard = new Object();
    /** Written under {@code cellGuard}; volatile so that interrupt_request reads it without the lock. */
    private volatile RunningCell current;
    private final java.util.concurrent.atomic.AtomicBoolean socketsClosed = new java.util.concurrent.atomic.AtomicBoolean();
    /** execute_requests received on shell so far (shell thread; counted before they are queued). */
    private final java.util.concurrent.atomic.AtomicLong executeReceived = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Every execute_request received up to this count (see {@link #executeReceived}) was received
     * before an interrupt: it must not run on. Only grows.
     */
    private final java.util.concurrent.atomic.AtomicLong interruptedUpTo = new java.util.concurrent.atomic.AtomicLong();
    /**
     * The session and header date of the last interrupt_request. A client's execute_request and
     * its interrupt_request travel on two sockets, so the interrupt can be read first; a request
     * of the same session dated before it was sent before it and must not run on either
     * ({@link #interruptedBeforeStart}). Null before any interrupt_request (SIGINT has no date).
     */
    private volatile Stamp lastInterrupt;

    /** A client session and an instant from its clock. */
    private record Stamp(String session, java.time.Instant date) {
        /** The stamp of {@code m}'s header, or null if it has no session or no readable date. */
        static Stamp of(Message m) {
            String session = m.header() == null ? null : m.header().session();
            String date = m.header() == null ? null : m.header().date();
            if (session == null || session.isEmpty() || date == null) {
                return null;
            }
            try {
                return new Stamp(session, java.time.OffsetDateTime.parse(date).toInstant());
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    // no offset: jupyter_client's dates are UTC
                    return new Stamp(session, java.time.LocalDateTime.parse(date).toInstant(java.time.ZoneOffset.UTC));
                } catch (java.time.format.DateTimeParseException e2) {
                    return null;
                }
            }
        }

        /** Whether {@code request} (its stamp; null: none) came from this session with an earlier date. */
        boolean after(Stamp request) {
            return request != null && request.session.equals(session) && request.date.isBefore(date);
        }
    }

    /** execute_requests taken from {@link #work} so far, executed or aborted; execution thread only. */
    private long executeTaken;

    /** One execute request from dequeuing until its code has stopped running. */
    private static final class RunningCell {
        final Message request;
        /** The request's session and date, parsed once (null: none), for {@link Kernel#interruptedBeforeStart}. */
        final Stamp stamp;
        /** Its place among the execute_requests received (1 = the first), see {@link #executeReceived}. */
        final long seq;
        final CountDownLatch ended = new CountDownLatch(1);
        volatile CellOutput output;
        volatile boolean interrupted;
        /** Interrupted by an interrupt_request sent after it but read before it (see {@link Kernel#lastInterrupt}). */
        volatile boolean overtaken;
        /** Whether a thread already keeps asserting the interrupt. */
        final java.util.concurrent.atomic.AtomicBoolean keeper = new java.util.concurrent.atomic.AtomicBoolean();

        RunningCell(Message request, long seq) {
            this.request = request;
            this.stamp = Stamp.of(request);
            this.seq = seq;
        }
    }

    /**
     * Binds the sockets of {@code info}; nothing is served until {@link #start()}.
     *
     * @param evaluatorFactory creates the evaluator; called once, on a background thread
     * @param outputLimit      characters a cell may print before the rest is cut off with a notice
     */
    public Kernel(ConnectionInfo info, Supplier<Evaluator> evaluatorFactory, long outputLimit) throws IOException {
        KernelLog.init();
        this.codec = new WireCodec(new Signer(info.signatureScheme(), info.key()), UUID.randomUUID().toString(), "kernel");
        this.evaluatorFactory = evaluatorFactory;
        this.outputLimit = outputLimit;
        this.channels = new Channels(info, codec, this::onShell, this::onControl, this::onStdin);
        this.executionThread = new Thread(this::executionLoop, "jcnn-execution");
        this.executionThread.setDaemon(true);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jcnn-output-flush");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts serving. JShell starts in the background once the first kernel_info_reply is out
     * (or the first request needs it, or after {@link #WARMUP_DELAY_MILLIS}): starting it at
     * once would compete for the CPU with answering that first request.
     */
    public void start() {
        Comms.reset();
        Comms.setTransport(this::sendComm);
        Comms.setPump(this::pumpComms);
        jcnn.display.widgets.Widgets.registerTargets();
        channels.start();
        executionThread.start();
        timer.schedule(this::startEvaluator, WARMUP_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void startEvaluator() {
        if (!warmupStarted.compareAndSet(false, true)) {
            return;
        }
        Thread warmup = new Thread(() -> {
            try {
                evaluator.complete(evaluatorFactory.get());
            } catch (Throwable t) {
                KernelLog.warn("the Java evaluator did not start: " + t, t);
                evaluator.completeExceptionally(t);
            }
        }, "jcnn-evaluator-start");
        warmup.setDaemon(true);
        warmup.start();
    }

    /** Blocks until a shutdown_request arrives; returns its {@code restart} flag. */
    public boolean awaitShutdown() throws InterruptedException {
        shutdown.await();
        return restart;
    }

    /**
     * Ends {@link #awaitShutdown()} as if a shutdown_request without restart had arrived: the
     * frontend that started the kernel has gone, or the process got SIGTERM.
     */
    public void requestShutdown(String why) {
        KernelLog.warn("shutting down: " + why);
        shutdown.countDown();
    }

    /**
     * Sends what is queued and closes the sockets (removing ipc socket files), leaving the
     * evaluator (the process is exiting). Safe to call more than once and from any thread.
     */
    public void closeSockets() {
        if (!socketsClosed.compareAndSet(false, true)) {
            return;
        }
        Comms.setTransport(null);
        Comms.setPump(null);
        executionThread.interrupt();
        timer.shutdownNow();
        channels.close();
    }

    /** Sends what is queued, closes the sockets and the evaluator. */
    @Override
    public void close() {
        closeSockets();
        Evaluator ev = evaluator.getNow(null);
        if (ev != null) {
            ev.close();
        }
    }

    // ---- shell, control and stdin sockets (their own threads) ----

    private void onShell(Message m) {
        switch (m.type()) {
            case "kernel_info_request" -> {
                withStatusRun(m, channels::shell, () -> channels.shell(reply(m, kernelInfo())));
                startEvaluator();
            }
            case "shutdown_request" -> shutdown(m, channels::shell);
            case "execute_request" -> {
                // counted before it is queued: an interrupt that sees the count covers this request
                executeReceived.incrementAndGet();
                work.add(m);
            }
            default -> work.add(m);
        }
    }

    private void onControl(Message m) {
        switch (m.type()) {
            case "kernel_info_request" -> {
                withStatusRun(m, channels::control, () -> channels.control(reply(m, kernelInfo())));
                startEvaluator();
            }
            case "shutdown_request" -> shutdown(m, channels::control);
            case "interrupt_request" -> withStatusRun(m, channels::control, () -> {
                // The cell this request is about: the one running when it arrived (a volatile read,
                // no lock). The reply goes out first; stopping needs locks, JShell and the cell's
                // threads, so it runs on its own thread and never delays the reply (issue 10: 50 ms).
                // The mark comes first: a cell received before it never runs on, even if it is not
                // yet the running cell (queued, or being dequeued).
                Stamp stamp = Stamp.of(m);
                if (stamp != null) {
                    lastInterrupt = stamp;
                }
                markInterrupt();
                RunningCell target = current;
                CompletableFuture<String> input = pendingInput.get();
                Message reply = reply(m, ok());
                // the kernel's own share of the latency (the request read on this thread until its
                // reply goes to ZeroMQ), so that a client can tell it from scheduling and transport
                JsonObject timing = new JsonObject();
                timing.addProperty("jcnn_received_to_reply_ms", (System.nanoTime() - Channels.receivedNanos()) / 1e6);
                channels.control(new Message(reply.identities(), reply.header(), reply.headerJson(), reply.parentHeader(),
                        timing, reply.content(), reply.buffers()));
                startStopping(target, input);
            });
            default -> withStatusRun(m, channels::control, () -> KernelLog.warn("control: ignored unknown message type '"
                    + m.type() + "'"));
        }
    }

    private void onStdin(Message m) {
        if (!m.type().equals("input_reply")) {
            KernelLog.warn("stdin: ignored unexpected message type '" + m.type() + "'");
            return;
        }
        CompletableFuture<String> pending = pendingInput.get();
        if (pending == null) {
            KernelLog.warn("stdin: input_reply arrived but no cell is waiting for input");
            return;
        }
        pending.complete(m.string("value", ""));
    }

    private void shutdown(Message m, Consumer<Message> sender) {
        restart = m.bool("restart", false);
        withStatusRun(m, sender, () -> {
            JsonObject content = new JsonObject();
            content.addProperty("status", "ok");
            content.addProperty("restart", restart);
            sender.accept(reply(m, content));
        });
        shutdown.countDown();
    }

    /**
     * Stops the running cell, if any, like an interrupt_request (which calls it; so does SIGINT).
     * Returns at once: a keeper thread raises the stop again every {@link #INTERRUPT_REASSERT_MILLIS}
     * ms until the cell has ended, whatever it was doing when the request came (still queued,
     * waiting for JShell to start, compiling, in library code that swallowed the interrupt), and
     * after {@link #INTERRUPT_NOTICE_MILLIS} tells the user that a restart will stop it.
     */
    public void interruptRunningCell() {
        markInterrupt();
        startStopping(current, pendingInput.get());
    }

    /**
     * Records that every execute_request received so far was received before an interrupt: the
     * running one is stopped, and those still queued never run on ({@link #interruptedBeforeStart};
     * with stop_on_error they are answered {@code aborted}, see {@link #execute}). Call before
     * reading {@link #current}: with the execution thread writing {@code current} before it reads
     * the mark, one of the two always sees the other (both volatile).
     */
    private void markInterrupt() {
        interruptedUpTo.accumulateAndGet(executeReceived.get(), Math::max);
    }

    /**
     * True if {@code cell} was interrupted, or received before an interrupt, or sent before an
     * interrupt_request of its session that was read first; marks it interrupted.
     */
    private boolean interruptedBeforeStart(RunningCell cell) {
        if (cell.seq <= interruptedUpTo.get()) {
            cell.interrupted = true;
        }
        Stamp stamp = lastInterrupt;
        if (!cell.interrupted && stamp != null && stamp.after(cell.stamp)) {
            cell.interrupted = true;
            cell.overtaken = true;
        }
        return cell.interrupted;
    }

    /** Marks {@code cell} interrupted and starts the thread that stops it (see {@link #interrupt}). */
    private void startStopping(RunningCell cell, CompletableFuture<String> input) {
        if (cell != null) {
            cell.interrupted = true; // a flag: a cell still waiting for JShell never runs
        }
        Thread stopper = new Thread(() -> interrupt(cell, input), "jcnn-interrupt");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * Stops {@code cell} (the cell running when the interrupt came; null: none) and ends the
     * {@code input} it waited for, if any. If {@code cell} has ended meanwhile, the next cell is
     * left alone. With no cell, a widget callback running between cells is stopped. The calling
     * thread becomes the cell's keeper unless another already is.
     */
    private void interrupt(RunningCell cell, CompletableFuture<String> input) {
        if (cell == null) {
            if (input != null) {
                input.completeExceptionally(new InterruptedException("interrupted while waiting for input"));
            }
            synchronized (cellGuard) {
                if (current == null) {
                    // no cell: a widget callback may be running between cells (Evaluator.call); stop it
                    Evaluator ev = evaluatorIfStarted();
                    if (ev != null) {
                        ev.interrupt(0);
                    }
                }
            }
            return;
        }
        cell.interrupted = true;
        assertStop(cell);
        // after the stop is raised: the cell's input() then fails as an interrupt, not as an error
        if (input != null) {
            input.completeExceptionally(new InterruptedException("interrupted while waiting for input"));
        }
        if (cell.keeper.compareAndSet(false, true)) {
            keepInterrupting(cell);
        }
    }

    /** Raises the evaluator's stop request if {@code cell} is still the one running. */
    private void assertStop(RunningCell cell) {
        synchronized (cellGuard) {
            Evaluator ev = evaluatorIfStarted();
            if (current == cell && ev != null) {
                ev.interrupt(0);
            }
        }
    }

    private void keepInterrupting(RunningCell cell) {
        long start = System.nanoTime();
        boolean noticed = false;
        try {
            while (!cell.ended.await(INTERRUPT_REASSERT_MILLIS, TimeUnit.MILLISECONDS)) {
                assertStop(cell);
                if (!noticed && System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(INTERRUPT_NOTICE_MILLIS)) {
                    noticed = true;
                    notResponding(cell);
                }
            }
        } catch (InterruptedException e) {
            // the kernel is closing
        }
    }

    private void notResponding(RunningCell cell) {
        Evaluator ev = evaluatorIfStarted();
        boolean forced;
        synchronized (cellGuard) {
            forced = current == cell && ev != null && ev.forceStop();
        }
        String text = "\n[jcnn] The cell does not respond to the interrupt (" + INTERRUPT_NOTICE_MILLIS / 1000
                + " s): its code ignores interrupts. "
                + (forced ? "Its thread is being stopped by force (Thread.stop, JDK 17-19); if it still runs, restart"
                        : "Restart")
                + " the kernel to stop it (variables are lost).\n";
        KernelLog.warn(text.strip());
        CellOutput output = cell.output;
        if (output != null && !cell.request.bool("silent", false)) {
            JsonObject content = new JsonObject();
            content.addProperty("name", "stderr");
            content.addProperty("text", text);
            output.publishAfterOutput("stream", content);
        }
    }

    // ---- the execution thread ----

    private void executionLoop() {
        try {
            while (true) {
                Message m = work.take();
                boolean abort = withStatus(m, channels::shell, () -> handle(m));
                if (abort) {
                    abortQueued();
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Handles one shell request; returns true when queued execute requests must be aborted. */
    private boolean handle(Message m) {
        switch (m.type()) {
            case "execute_request" -> {
                return execute(m);
            }
            case "complete_request" -> channels.shell(reply(m, complete(m)));
            case "inspect_request" -> channels.shell(reply(m, inspect(m)));
            case "is_complete_request" -> channels.shell(reply(m, isComplete(m)));
            case "history_request" -> channels.shell(reply(m, history(m)));
            case "comm_info_request" -> channels.shell(reply(m, commInfo(m)));
            case "comm_open", "comm_msg", "comm_close" -> comm(m);
            default -> KernelLog.warn("shell: ignored unknown message type '" + m.type() + "'");
        }
        return false;
    }

    private boolean execute(Message m) {
        long seq = ++executeTaken; // first: requests are numbered in the order they were received
        String code = m.string("code", "");
        boolean silent = m.bool("silent", false);
        boolean storeHistory = m.bool("store_history", true) && !silent;
        boolean stopOnError = m.bool("stop_on_error", true);
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            publish(m, "execute_input", input);
        }
        CellOutput output = new CellOutput((type, content) -> publish(m, type, content),
                (prompt, password) -> input(m, prompt, password), timer, count, silent,
                m.bool("allow_stdin", false), outputLimit);
        commParent = m;
        RunningCell cell = new RunningCell(m, seq);
        cell.output = output;
        synchronized (cellGuard) {
            current = cell;
        }
        Outcome outcome;
        cellRunning = true;
        try {
            outcome = run(code, output, userExpressions(m), cell);
        } finally {
            cellRunning = false;
            synchronized (cellGuard) {
                current = null;
            }
            cell.ended.countDown();
        }
        output.flush();

        JsonObject reply;
        if (outcome.isOk()) {
            if (outcome.result() != null && !silent) {
                JsonObject result = Bundles.content(outcome.result());
                result.addProperty("execution_count", count);
                output.publishAfterOutput("execute_result", result);
            }
            reply = ok();
            reply.addProperty("execution_count", count);
            reply.add("payload", new JsonArray());
            reply.add("user_expressions", userExpressionsJson(m, outcome.userExpressions()));
        } else {
            JsonObject error = error(outcome.errorName(), outcome.errorValue(), outcome.traceback());
            if (!silent) {
                output.publishAfterOutput("error", error.deepCopy());
            }
            reply = error;
            reply.addProperty("execution_count", count);
            reply.add("user_expressions", new JsonObject());
        }
        if (storeHistory) {
            history.add(count, code, outcome.result() == null ? null : outcome.result().plain());
        }
        // a cell stopped by an interrupt that overtook it aborts nothing: the cells queued behind it
        // are dated after it and are judged by their own dates
        boolean abort = !outcome.isOk() && stopOnError && !cell.overtaken;
        long interruptedUpToNow = interruptedUpTo.get();
        if (abort && cell.seq <= interruptedUpToNow) {
            // Interrupted: the requests received before the interrupt are aborted; those sent
            // after it (the user interrupted, then ran a cell) run normally.
            takeReceivedUpTo(interruptedUpToNow);
        } else if (abort) {
            // Only requests queued before the client can see this reply are aborted: a request
            // sent after the error reply (e.g. the next cell, run by hand) must run.
            work.drainTo(toAbort);
            executeTaken += toAbort.stream().filter(q -> q.type().equals("execute_request")).count();
        }
        channels.shell(reply(m, reply));
        return abort;
    }

    /**
     * Moves the queued requests up to and including the execute_request numbered {@code upTo}
     * to {@link #toAbort} (the requests in between are answered as usual there).
     */
    private void takeReceivedUpTo(long upTo) {
        Message q;
        while (executeTaken < upTo && (q = work.poll()) != null) {
            if (q.type().equals("execute_request")) {
                executeTaken++;
            }
            toAbort.add(q);
        }
    }

    private Outcome run(String code, CellOutput output, Map<String, String> userExpressions, RunningCell cell) {
        Evaluator ev;
        startEvaluator();
        String interruptedMessage = "the cell was interrupted before it started; variables defined before it are kept";
        try {
            while (true) {
                // an interrupt while JShell is still starting ends the cell now, not once JShell is up
                if (interruptedBeforeStart(cell)) {
                    return Outcome.error("Interrupted", interruptedMessage, List.of("Interrupted: " + interruptedMessage));
                }
                try {
                    ev = evaluator.get(INTERRUPT_REASSERT_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    // still starting
                }
            }
        } catch (ExecutionException e) {
            return Outcome.error("EvaluatorError", "the Java evaluator did not start: " + e.getCause()
                    + "; see the kernel's log, then restart the kernel", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.error("Interrupted", "the kernel is shutting down", List.of());
        }
        if (interruptedBeforeStart(cell)) {
            // interrupted while queued or while JShell was starting: never run it
            return Outcome.error("Interrupted", interruptedMessage, List.of("Interrupted: " + interruptedMessage));
        }
        try {
            return ev.execute(code, output, userExpressions);
        } catch (RuntimeException | Error e) {
            // A bug in the evaluator, not in the cell: show everything.
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return Outcome.error(e.getClass().getName(), "jcnn's evaluator failed (a bug in jcnn, not in your cell): "
                    + e.getMessage(), List.of(trace.toString()));
        }
    }

    // ---- comms ----

    /**
     * A comm message from the frontend, on the execution thread: its handler (widget callbacks)
     * runs through {@link Evaluator#call} like a cell, with this message as the parent of what
     * it prints and sends. A comm_open to a target nobody registered is closed at once.
     */
    private void comm(Message m) {
        String commId = m.string("comm_id", null);
        String target = m.string("target_name", null);
        if (commId == null) {
            KernelLog.warn("shell: " + m.type() + " without comm_id ignored");
            return;
        }
        if (m.type().equals("comm_open") && !Comms.hasTarget(target)) {
            KernelLog.warn("shell: comm_open to unknown target '" + target + "'; closing comm " + commId);
            JsonObject close = new JsonObject();
            close.addProperty("comm_id", commId);
            close.add("data", new JsonObject());
            publish(m, "comm_close", close);
            return;
        }
        if (supersededByQueued(m)) {
            return;
        }
        var data = m.content().get("data");
        CommMessage message = new CommMessage(data != null && data.isJsonObject() ? data.getAsJsonObject() : null,
                m.metadata(), m.buffers());
        CellOutput output = new CellOutput((type, content) -> publish(m, type, content),
                (prompt, password) -> input(m, prompt, password), timer, executionCount, false, false, outputLimit);
        Message previousParent = commParent;
        commParent = m;
        Outcome outcome;
        try {
            boolean[] handled = {true};
            outcome = evaluatorOrThrow().call(() -> handled[0] = Comms.received(m.type(), commId, target, message), output);
            if (!handled[0] && !m.type().equals("comm_close")) {
                KernelLog.warn("shell: " + m.type() + " for comm " + commId + ", which is not open; ignored");
            }
        } finally {
            commParent = previousParent;
        }
        if (!outcome.isOk()) {
            // a failing handler is shown where the frontend shows the message's output; the kernel lives on
            output.stderr((outcome.traceback().isEmpty() ? outcome.errorName() + ": " + outcome.errorValue()
                    : String.join("\n", outcome.traceback())) + "\n");
        }
        output.flush();
    }

    /**
     * {@link Comms#processEvents}: a running cell handles the comm messages queued behind it,
     * on its own thread (the execution thread is waiting for that cell, so callbacks still run
     * one at a time). Other requests keep their place in the queue.
     */
    private void pumpComms(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            Message next = null;
            if (cellRunning) {
                for (Message q : work) {
                    if (q.type().startsWith("comm_") && work.remove(q)) {
                        next = q;
                        break;
                    }
                }
            }
            if (next != null) {
                Message m = next;
                withStatusRun(m, channels::shell, () -> commInCell(m));
                continue;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 20));
        }
    }

    /** A comm message handled by the waiting cell: its output goes to that cell. */
    private void commInCell(Message m) {
        String commId = m.string("comm_id", null);
        String target = m.string("target_name", null);
        if (commId == null) {
            return;
        }
        if (m.type().equals("comm_open") && !Comms.hasTarget(target)) {
            JsonObject close = new JsonObject();
            close.addProperty("comm_id", commId);
            close.add("data", new JsonObject());
            publish(m, "comm_close", close);
            return;
        }
        var data = m.content().get("data");
        CommMessage message = new CommMessage(data != null && data.isJsonObject() ? data.getAsJsonObject() : null,
                m.metadata(), m.buffers());
        Message previousParent = commParent;
        commParent = m;
        try {
            Comms.received(m.type(), commId, target, message);
        } catch (RuntimeException e) {
            System.err.println(e);
        } finally {
            commParent = previousParent;
        }
    }

    /**
     * True for a widget {@code update} whose attributes a later queued update of the same comm
     * sets again, with nothing but comm messages in between: a slider dragged while a callback
     * (or a cell) runs sends dozens of values, and only the newest needs its callback run. The
     * frontend waits for the echo of its newest update per attribute only, so skipping the
     * older ones is safe; a queued cell in between keeps them all (it may read the values).
     */
    private boolean supersededByQueued(Message m) {
        JsonObject keys = updatedState(m);
        if (keys == null) {
            return false;
        }
        String commId = m.string("comm_id", "");
        List<Message> later = new ArrayList<>(abortedAfter);
        later.addAll(work);
        for (Message q : later) {
            if (!q.type().startsWith("comm_")) {
                return false;
            }
            if (commId.equals(q.string("comm_id", null))) {
                JsonObject next = updatedState(q);
                return next != null && next.keySet().equals(keys.keySet());
            }
        }
        return false;
    }

    /** The {@code state} of a widget update without buffers, else null. */
    private static JsonObject updatedState(Message m) {
        if (!m.type().equals("comm_msg") || !m.buffers().isEmpty()) {
            return null;
        }
        var data = m.content().get("data");
        if (data == null || !data.isJsonObject()) {
            return null;
        }
        JsonObject d = data.getAsJsonObject();
        boolean update = d.has("method") && d.get("method").isJsonPrimitive() && d.get("method").getAsString().equals("update");
        boolean noPaths = !d.has("buffer_paths") || (d.get("buffer_paths").isJsonArray() && d.getAsJsonArray("buffer_paths").isEmpty());
        return update && noPaths && d.has("state") && d.get("state").isJsonObject() ? d.getAsJsonObject("state") : null;
    }

    private JsonObject commInfo(Message m) {
        String target = m.string("target_name", null);
        JsonObject comms = new JsonObject();
        Comms.openComms(target).forEach((id, name) -> {
            JsonObject c = new JsonObject();
            c.addProperty("target_name", name);
            comms.add(id, c);
        });
        JsonObject content = ok();
        content.add("comms", comms);
        return content;
    }

    /** The {@link jcnn.display.CommTransport}: publishes on iopub; any thread. */
    private void sendComm(String msgType, String commId, String targetName, JsonObject data, JsonObject metadata,
                          List<byte[]> buffers) {
        JsonObject content = new JsonObject();
        content.addProperty("comm_id", commId);
        if (targetName != null) {
            content.addProperty("target_name", targetName);
        }
        content.add("data", data);
        Message created = codec.create(msgType, commParent, content);
        channels.publish(new Message(List.of(), created.header(), created.headerJson(), created.parentHeader(),
                metadata, content, buffers));
    }

    /** After an error with stop_on_error: execute requests already queued are answered {@code aborted}. */
    private void abortQueued() {
        List<Message> queued = new ArrayList<>(toAbort);
        toAbort.clear();
        for (int i = 0; i < queued.size(); i++) {
            Message q = queued.get(i);
            abortedAfter = queued.subList(i + 1, queued.size());
            if (q.type().equals("execute_request")) {
                withStatusRun(q, channels::shell, () -> {
                    JsonObject content = new JsonObject();
                    content.addProperty("status", "aborted");
                    content.addProperty("execution_count", executionCount);
                    channels.shell(reply(q, content));
                });
            } else {
                withStatus(q, channels::shell, () -> handle(q));
            }
        }
        abortedAfter = List.of();
    }

    private String input(Message parent, String prompt, boolean password) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        pendingInput.set(answer);
        try {
            JsonObject content = new JsonObject();
            content.addProperty("prompt", prompt == null ? "" : prompt);
            content.addProperty("password", password);
            // The stdin socket's peer has the same identity as the shell socket's (jupyter_client).
            channels.stdin(codec.create("input_request", parent, content));
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for input");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage());
        } finally {
            pendingInput.compareAndSet(answer, null);
        }
    }

    private JsonObject complete(Message m) {
        String code = m.string("code", "");
        int cursor = clampCursor(m, code);
        Evaluator.Completion c = evaluatorOrThrow().complete(code, cursor);
        JsonObject content = ok();
        content.add("matches", WireCodec.gson().toJsonTree(c.matches()));
        content.addProperty("cursor_start", toCodePoints(code, c.cursorStart()));
        content.addProperty("cursor_end", toCodePoints(code, c.cursorEnd()));
        content.add("metadata", WireCodec.gson().toJsonTree(c.metadata() == null ? Map.of() : c.metadata()));
        return content;
    }

    private JsonObject inspect(Message m) {
        String code = m.string("code", "");
        Evaluator.Inspection i = evaluatorOrThrow().inspect(code, clampCursor(m, code), m.integer("detail_level", 0));
        JsonObject content = i.found() && i.data() != null ? Bundles.content(i.data()) : Bundles.content(new MimeBundle());
        content.addProperty("status", "ok");
        content.addProperty("found", i.found());
        return content;
    }

    private JsonObject isComplete(Message m) {
        Evaluator.IsComplete r = evaluatorOrThrow().isComplete(m.string("code", ""));
        JsonObject content = new JsonObject();
        content.addProperty("status", r.status());
        if (r.status().equals("incomplete")) {
            content.addProperty("indent", r.indent() == null ? "" : r.indent());
        }
        return content;
    }

    private JsonObject history(Message m) {
        boolean output = m.bool("output", false);
        JsonArray entries = switch (m.string("hist_access_type", "tail")) {
            case "range" -> history.range(m.integer("session", 0), m.integer("start", 0), m.integer("stop", 0), output);
            case "search" -> history.search(m.string("pattern", "*"), m.integer("n", 0), m.bool("unique", false), output);
            default -> history.tail(m.integer("n", 10), output);
        };
        JsonObject content = ok();
        content.add("history", entries);
        return content;
    }

    // ---- helpers ----

    private JsonObject kernelInfo() {
        String java = System.getProperty("java.version");
        JsonObject language = new JsonObject();
        jcnn.eval.LanguageInfo.fields().forEach(language::addProperty);
        JsonObject content = ok();
        content.addProperty("protocol_version", Header.PROTOCOL_VERSION);
        content.addProperty("implementation", "jcnn");
        content.addProperty("implementation_version", version());
        content.add("language_info", language);
        content.addProperty("banner", "jcnn " + version() + " - Java " + java + " (JShell) with a pure-Java CNN library\n"
                + "display(x) shows objects; Tab completes; Shift+Tab shows Javadoc.");
        content.addProperty("debugger", false);
        JsonArray links = new JsonArray();
        links.add(link("Java " + Runtime.version().feature() + " API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"));
        links.add(link("JShell guide", "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature()
                + "/jshell/introduction-jshell.html"));
        content.add("help_links", links);
        return content;
    }

    private static JsonObject link(String text, String url) {
        JsonObject l = new JsonObject();
        l.addProperty("text", text);
        l.addProperty("url", url);
        return l;
    }

    /** The jar's Maven version (pom.properties), or "dev" when run from classes. */
    static String version() {
        try (InputStream in = Kernel.class.getResourceAsStream("/META-INF/maven/io.github.jcnn/jcnn/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "dev";
    }

    private Evaluator evaluatorIfStarted() {
        try {
            return evaluator.getNow(null);
        } catch (RuntimeException e) {
            return null; // it failed to start, so nothing runs
        }
    }

    private Evaluator evaluatorOrThrow() {
        startEvaluator();
        try {
            return evaluator.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Java evaluator did not start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the kernel is shutting down");
        }
    }

    /**
     * Runs {@code body} between busy and idle status messages whose parent is {@code m}; a
     * failure becomes an error reply (for requests) and never kills the calling thread.
     */
    private boolean withStatus(Message m, Consumer<Message> replyTo, java.util.function.BooleanSupplier body) {
        publishStatus(m, "busy");
        try {
            return body.getAsBoolean();
        } catch (RuntimeException e) {
            KernelLog.warn(m.type() + " failed: " + e, e);
            if (m.type().endsWith("_request")) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                JsonObject content = error(e.getClass().getSimpleName(), String.valueOf(e.getMessage()),
                        List.of(trace.toString()));
                replyTo.accept(reply(m, content));
            }
            return false;
        } finally {
            publishStatus(m, "idle");
        }
    }

    private void withStatusRun(Message m, Consumer<Message> replyTo, Runnable body) {
        withStatus(m, replyTo, () -> {
            body.run();
            return false;
        });
    }

    private void publishStatus(Message parent, String state) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish(parent, "status", content);
    }

    private void publish(Message parent, String type, JsonObject content) {
        channels.publish(codec.create(type, parent, content));
    }

    private Message reply(Message request, JsonObject content) {
        String type = request.type().endsWith("_request")
                ? request.type().substring(0, request.type().length() - "_request".length()) + "_reply"
                : request.type() + "_reply";
        return codec.create(type, request, content);
    }

    /**
     * The request's {@code cursor_pos} as an index into the Java string. Jupyter counts the cursor
     * in Unicode code points (protocol 5.2+), Java strings in UTF-16 units: they differ after any
     * character outside the Basic Multilingual Plane (an emoji in a string literal, say).
     */
    static int clampCursor(Message m, String code) {
        int codePoints = code.codePointCount(0, code.length());
        int cursor = Math.max(0, Math.min(m.integer("cursor_pos", codePoints), codePoints));
        return code.offsetByCodePoints(0, cursor);
    }

    /** A UTF-16 index into {@code code} as the code-point offset Jupyter expects in replies. */
    static int toCodePoints(String code, int index) {
        int i = Math.max(0, Math.min(index, code.length()));
        return code.codePointCount(0, i);
    }

    private static Map<String, String> userExpressions(Message m) {
        Map<String, String> map = new LinkedHashMap<>();
        var e = m.content().get("user_expressions");
        if (e != null && e.isJsonObject()) {
            e.getAsJsonObject().entrySet().forEach(x -> map.put(x.getKey(), x.getValue().getAsString()));
        }
        return map;
    }

    private static JsonObject userExpressionsJson(Message m, Map<String, MimeBundle> values) {
        JsonObject out = new JsonObject();
        for (String name : userExpressions(m).keySet()) {
            MimeBundle value = values == null ? null : values.get(name);
            if (value != null) {
                JsonObject v = Bundles.content(value);
                v.addProperty("status", "ok");
                out.add(name, v);
            } else {
                out.add(name, error("UserExpressionError", "could not evaluate user expression '" + name + "'", List.of()));
            }
        }
        return out;
    }

    private static JsonObject ok() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        return content;
    }

    private static JsonObject error(String name, String value, List<String> traceback) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "error");
        content.addProperty("ename", name == null ? "Error" : name);
        content.addProperty("evalue", value == null ? "" : value);
        content.add("traceback", WireCodec.gson().toJsonTree(traceback == null ? List.of() : traceback));
        return content;
    }
}
