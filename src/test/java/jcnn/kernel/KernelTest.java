package jcnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jcnn.kernel.protocol.Message;
import jcnn.kernel.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel over real ZeroMQ sockets, with a scripted evaluator in place of JShell. */
class KernelTest {
    static final int WAIT = 10_000;

    FakeEvaluator evaluator;
    Kernel kernel;
    KernelClient client;

    @BeforeEach
    void start() throws Exception {
        startKernel(Kernel.DEFAULT_OUTPUT_LIMIT);
    }

    void startKernel(long outputLimit) throws Exception {
        evaluator = new FakeEvaluator();
        var info = KernelClient.freeTcpConnection();
        kernel = new Kernel(info, () -> evaluator, outputLimit);
        kernel.start();
        client = new KernelClient(info);
        client.waitUntilReady();
    }

    @AfterEach
    void stop() {
        client.close();
        kernel.close();
    }

    @Test
    void kernelInfoReplyDescribesJavaAndProtocol53() {
        Message request = client.send(client.shell, "kernel_info_request", new JsonObject());
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("kernel_info_reply", reply.type());
        assertTrue(KernelClient.isChildOf(reply, request));
        assertEquals("ok", reply.string("status", null));
        assertEquals("5.3", reply.string("protocol_version", null));
        assertEquals("jcnn", reply.string("implementation", null));
        JsonObject language = reply.content().getAsJsonObject("language_info");
        assertEquals("java", language.get("name").getAsString());
        assertEquals(Integer.toString(Runtime.version().feature()), language.get("version").getAsString(),
                "the feature release only: a JDK update must not make committed notebooks look modified");
        assertEquals("text/x-java", language.get("mimetype").getAsString());
        assertEquals(".jsh", language.get("file_extension").getAsString());
        assertEquals("text/x-java", language.get("codemirror_mode").getAsString(), "CodeMirror 5 has no mode named java");
        assertEquals("java", language.get("pygments_lexer").getAsString());
        JsonObject notebook = new JsonObject();
        jcnn.notebook.NotebookJson.setKernelMetadata(notebook);
        assertEquals(notebook.getAsJsonObject("metadata").getAsJsonObject("language_info"), language,
                "notebooks the runner writes must carry the kernel's language_info");
        List<String> states = states(client.iopubUntilIdle(request, WAIT));
        assertEquals(List.of("busy", "idle"), states);
    }

    @Test
    void kernelInfoIsAnsweredOnControlWhileACellRuns() throws Exception {
        Message cell = execute("sleep", true);
        assertTrue(evaluator.sleeping.await(WAIT, TimeUnit.MILLISECONDS));
        client.send(client.control, "kernel_info_request", new JsonObject());
        assertEquals("kernel_info_reply", client.receive(client.control, WAIT).type());
        client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("interrupt_reply", client.receive(client.control, WAIT).type());
        assertEquals("error", client.receive(client.shell, WAIT).string("status", null));
        client.iopubUntilIdle(cell, WAIT);
    }

    @Test
    void badlySignedMessageIsDroppedAndTheKernelKeepsServing() {
        JsonObject content = executeContent("6*7", true);
        Message forged = new WireCodec(new jcnn.kernel.protocol.Signer("hmac-sha256", "wrong-key"), "evil", "evil")
                .create("execute_request", null, content);
        KernelClient.sendFrames(client.shell, new WireCodec(new jcnn.kernel.protocol.Signer("hmac-sha256", "wrong-key"),
                "evil", "evil").encode(forged));
        // also a message with the signature frame missing entirely
        List<byte[]> unsigned = new ArrayList<>(client.codec.encode(client.codec.create("execute_request", null, content)));
        unsigned.set(1, new byte[0]);
        KernelClient.sendFrames(client.shell, unsigned);
        assertNull(client.receive(client.shell, 300), "a forged message must get no reply");
        assertEquals(0, evaluator.executed.get(), "a forged message must never run");
        assertKernelServes();
    }

    @Test
    void malformedFramesAndUnparsableJsonAreDropped() {
        KernelClient.sendFrames(client.shell, List.of(bytes("no delimiter"), bytes("{}")));
        KernelClient.sendFrames(client.shell, List.of(WireCodec.DELIMITER, bytes("sig")));
        List<byte[]> badJson = new ArrayList<>(client.codec.encode(client.codec.create("execute_request", null,
                executeContent("6*7", true))));
        badJson.set(5, bytes("{\"code\": "));
        // re-sign the broken content so only the JSON is wrong
        badJson.set(1, bytes(new jcnn.kernel.protocol.Signer("hmac-sha256", KernelClient.KEY).sign(badJson.subList(2, 6))));
        KernelClient.sendFrames(client.shell, badJson);
        assertNull(client.receive(client.shell, 300));
        assertEquals(0, evaluator.executed.get());
        assertKernelServes();
    }

    @Test
    void unknownMessageTypeGetsStatusButNoReply() {
        Message request = client.send(client.shell, "frobnicate_request", new JsonObject());
        assertEquals(List.of("busy", "idle"), states(client.iopubUntilIdle(request, WAIT)));
        assertNull(client.receive(client.shell, 300));
        Message onControl = client.send(client.control, "frobnicate_request", new JsonObject());
        assertEquals(List.of("busy", "idle"), states(client.iopubUntilIdle(onControl, WAIT)));
        assertKernelServes();
    }

    @Test
    void tenThousandLinesArriveInOrderBeforeIdle() {
        Message request = execute("print 10000", true);
        assertEquals("ok", client.receive(client.shell, WAIT).string("status", null));
        List<Message> messages = client.iopubUntilIdle(request, WAIT);
        String text = messages.stream().filter(m -> m.type().equals("stream"))
                .map(m -> m.string("text", "")).collect(Collectors.joining());
        String[] lines = text.split("\n");
        assertEquals(10_000, lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals("line " + i, lines[i]);
        }
        long streams = messages.stream().filter(m -> m.type().equals("stream")).count();
        assertTrue(streams < 200, "output should be coalesced into messages of about 1,000 characters, got " + streams);
        assertTrue(messages.stream().filter(m -> m.type().equals("stream"))
                .allMatch(m -> m.string("text", "").length() <= CellOutput.FLUSH_CHARS + 20));
    }

    @Test
    void stdoutAndStderrKeepTheirOrderAndTheResultComesAfterThem() {
        Message request = execute("mixed", true);
        client.receive(client.shell, WAIT);
        List<String> seen = new ArrayList<>();
        for (Message m : client.iopubUntilIdle(request, WAIT)) {
            switch (m.type()) {
                case "stream" -> seen.add(m.string("name", "") + ":" + m.string("text", ""));
                case "execute_result" -> seen.add("result:" + m.content().getAsJsonObject("data").get("text/plain").getAsString());
                case "execute_input", "status" -> seen.add(m.type());
                default -> seen.add("unexpected " + m.type());
            }
        }
        assertEquals(List.of("status", "execute_input", "stdout:out1\n", "stderr:err1\n", "stdout:out2\n", "result:done",
                "status"), seen);
    }

    @Test
    void displayFlushesTextFirstAndUpdateCarriesTheSameDisplayId() {
        Message request = execute("display", true);
        client.receive(client.shell, WAIT);
        List<String> seen = new ArrayList<>();
        for (Message m : client.iopubUntilIdle(request, WAIT)) {
            switch (m.type()) {
                case "stream" -> seen.add("stream:" + m.string("text", ""));
                case "display_data", "update_display_data" -> seen.add(m.type() + ":"
                        + m.content().getAsJsonObject("transient").get("display_id").getAsString() + ":"
                        + m.content().getAsJsonObject("data").get("text/plain").getAsString());
                default -> {
                }
            }
        }
        assertEquals(List.of("stream:before\n", "display_data:chart-1:first", "stream:between\n",
                "update_display_data:chart-1:second"), seen);
    }

    @Test
    void interruptOnControlStopsTheRunningCellAndStateIsKept() throws Exception {
        Message cell = execute("sleep", true);
        assertTrue(evaluator.sleeping.await(WAIT, TimeUnit.MILLISECONDS));
        Message interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        Message interruptReply = client.receive(client.control, WAIT);
        assertEquals("interrupt_reply", interruptReply.type());
        assertTrue(KernelClient.isChildOf(interruptReply, interrupt));
        assertEquals("ok", interruptReply.string("status", null));
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("error", reply.string("status", null));
        assertEquals("Interrupted", reply.string("ename", null));
        List<Message> out = client.iopubUntilIdle(cell, WAIT);
        assertTrue(out.stream().anyMatch(m -> m.type().equals("error")));
        assertKernelServes();
        execute("6*7", true);
        assertEquals(2, executionCountOfNextReply(), "the interrupted cell counted as In[1]; the next is In[2]");
    }

    /** Issue 10: the reply used to wait up to 2 s for the cell (and then said InterruptFailed). */
    @Test
    void interruptReplyComesAtOnceAndTheStopIsRaisedUntilTheCellEnds() throws Exception {
        Message cell = execute("deaf 4", true);
        assertTrue(evaluator.deafRunning.await(WAIT, TimeUnit.MILLISECONDS));
        long start = System.nanoTime();
        client.send(client.control, "interrupt_request", new JsonObject());
        Message interruptReply = client.receive(client.control, WAIT);
        long replyMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("ok", interruptReply.string("status", null), interruptReply.content().toString());
        assertTrue(replyMillis < 1000, "interrupt_reply took " + replyMillis + " ms");
        // the cell swallowed three interrupts; the kernel kept asserting until it ended
        Message reply = client.receive(client.shell, WAIT);
        assertNotNull(reply, "the interrupt was lost: the cell never ended");
        assertEquals("Interrupted", reply.string("ename", null));
        assertTrue(evaluator.interruptCalls.get() >= 4, "interrupt calls: " + evaluator.interruptCalls.get());
        client.iopubUntilIdle(cell, WAIT);
        int calls = evaluator.interruptCalls.get();
        execute("6*7", true);
        assertEquals("ok", client.receive(client.shell, WAIT).string("status", null));
        assertEquals(calls, evaluator.interruptCalls.get(), "the next cell must not be interrupted");
    }

    /**
     * Issue 10: interrupt_reply acknowledges the request; it must not wait for the work of
     * stopping (here an evaluator whose stop blocks until the test lets it go). The old kernel
     * sent the reply after raising the stop, so it never came while the stop was blocked.
     */
    @Test
    void interruptReplyDoesNotWaitForTheWorkOfStopping() throws Exception {
        CountDownLatch stopWork = new CountDownLatch(1);
        evaluator.stopWork = stopWork;
        Message cell = execute("sleep", true);
        assertTrue(evaluator.sleeping.await(WAIT, TimeUnit.MILLISECONDS));
        Message interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        Message interruptReply = client.receive(client.control, WAIT);
        assertNotNull(interruptReply, "no interrupt_reply while the stop work was blocked");
        assertTrue(KernelClient.isChildOf(interruptReply, interrupt));
        assertEquals("ok", interruptReply.string("status", null));
        assertTrue(evaluator.stopWorkStarted.await(WAIT, TimeUnit.MILLISECONDS), "the stop work never started");
        assertEquals(1, stopWork.getCount(), "the reply came before the stop work was let go");
        // a kernel_info_request on control is answered too while the stop is still blocked
        client.send(client.control, "kernel_info_request", new JsonObject());
        assertNotNull(client.receive(client.control, WAIT), "control is blocked by the stop work");
        evaluator.stopWork = null;
        stopWork.countDown();
        Message reply = client.receive(client.shell, WAIT);
        assertNotNull(reply, "the cell never ended");
        assertEquals("Interrupted", reply.string("ename", null));
        client.iopubUntilIdle(cell, WAIT);
    }

    /** Issue 10: a cell that ignores every interrupt gets a notice saying a restart will stop it. */
    @Test
    void aCellThatIgnoresTheInterruptGetsANoticeAfterFiveSeconds() throws Exception {
        Message cell = execute("deaf 0", true);
        assertTrue(evaluator.deafRunning.await(WAIT, TimeUnit.MILLISECONDS));
        long start = System.nanoTime();
        client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("ok", client.receive(client.control, WAIT).string("status", null));
        String notice = null;
        while (notice == null) {
            Message m = client.receive(client.iopub, WAIT);
            assertNotNull(m, "no notice");
            if (KernelClient.isChildOf(m, cell) && m.type().equals("stream")) {
                assertEquals("stderr", m.string("name", ""));
                notice = m.string("text", "");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 4.9 && seconds < 8, "notice after " + seconds + " s");
        assertTrue(notice.contains("does not respond to the interrupt") && notice.contains("Restart"), notice);
        evaluator.release();
        assertEquals("Interrupted", client.receive(client.shell, WAIT).string("ename", null));
        client.iopubUntilIdle(cell, WAIT);
    }

    /**
     * Issue 10: an interrupt that came while a cell was received but not started (here queued
     * behind a completion the kernel was busy with, so no cell was running) was ignored, and the
     * cell ran anyway. Now it never runs: it ends with Interrupted; a cell sent after the
     * interrupt runs normally.
     */
    @Test
    void aCellReceivedBeforeTheInterruptButNotStartedNeverRuns() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        evaluator.completeGate = gate;
        JsonObject complete = new JsonObject();
        complete.addProperty("code", "System.out.pr");
        complete.addProperty("cursor_pos", 13);
        client.send(client.shell, "complete_request", complete);
        assertTrue(evaluator.completeBlocked.await(WAIT, TimeUnit.MILLISECONDS));
        Message queued = execute("print 3", true);
        Thread.sleep(300); // let the shell thread queue it behind the completion
        client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("ok", client.receive(client.control, WAIT).string("status", null));
        Message after = execute("6*7", true);
        Thread.sleep(300); // queued too, but received after the interrupt
        evaluator.completeGate = null;
        gate.countDown();
        assertEquals("complete_reply", client.receive(client.shell, WAIT).type());
        Message reply = client.receive(client.shell, WAIT);
        assertTrue(KernelClient.isChildOf(reply, queued));
        assertEquals("error", reply.string("status", null), "the cell received before the interrupt ran: " + reply.content());
        assertEquals("Interrupted", reply.string("ename", null));
        Message next = client.receive(client.shell, WAIT);
        assertTrue(KernelClient.isChildOf(next, after));
        assertEquals("ok", next.string("status", null), "the cell sent after the interrupt must run: " + next.content());
        assertEquals(1, evaluator.executed.get(), "only the cell sent after the interrupt ran");
    }

    /**
     * Issue 10: an execute_request and the interrupt_request sent after it travel on two sockets,
     * so the kernel can read the interrupt first. The cell was sent before the interrupt (its
     * header's date is earlier, same session) and must not run; a cell sent afterwards runs. The
     * kernel before the date rule ran it ("ok").
     */
    @Test
    void anInterruptReadBeforeTheCellItWasSentAfterStillStopsIt() throws Exception {
        Message early = client.codec.create("execute_request", null, executeContent("print 3", true));
        Thread.sleep(20); // the interrupt's date is later
        client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("ok", client.receive(client.control, WAIT).string("status", null));
        KernelClient.sendFrames(client.shell, client.codec.encode(early));
        Message reply = client.receive(client.shell, WAIT);
        assertTrue(KernelClient.isChildOf(reply, early));
        assertEquals("error", reply.string("status", null), "the cell sent before the interrupt ran: " + reply.content());
        assertEquals("Interrupted", reply.string("ename", null));
        Message after = execute("6*7", true);
        Message next = client.receive(client.shell, WAIT);
        assertTrue(KernelClient.isChildOf(next, after));
        assertEquals("ok", next.string("status", null), "a cell sent after the interrupt must run: " + next.content());
        assertEquals(1, evaluator.executed.get(), "only the cell sent after the interrupt ran");
    }

    /**
     * Issue 10: the cells queued behind an interrupted cell are aborted (stop_on_error, as in
     * ipykernel), but a cell sent after the interrupt, and queued before the interrupted cell
     * had ended, must run (the old kernel aborted everything queued when the cell ended).
     */
    @Test
    void cellsQueuedBeforeTheInterruptAreAbortedAndACellSentAfterItRuns() throws Exception {
        CountDownLatch stopWork = new CountDownLatch(1);
        evaluator.stopWork = stopWork;
        Message running = execute("sleep", true);
        assertTrue(evaluator.sleeping.await(WAIT, TimeUnit.MILLISECONDS));
        Message queued1 = execute("print 1", true);
        Message queued2 = execute("print 2", true);
        Thread.sleep(300); // let the shell thread queue them behind the running cell
        client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("ok", client.receive(client.control, WAIT).string("status", null));
        Message after = execute("6*7", true);
        Thread.sleep(300); // queued before the running cell has ended (its stop is still blocked)
        evaluator.stopWork = null;
        stopWork.countDown();
        List<String> statuses = new ArrayList<>();
        for (Message request : List.of(running, queued1, queued2, after)) {
            Message r = client.receive(client.shell, WAIT);
            assertNotNull(r, "no reply for " + request.content());
            assertTrue(KernelClient.isChildOf(r, request), "replies out of order");
            statuses.add(r.string("status", null));
        }
        assertEquals(List.of("error", "aborted", "aborted", "ok"), statuses);
        assertEquals(2, evaluator.executed.get(), "the running cell and the cell sent after the interrupt");
    }

    @Test
    void silentCellPublishesNothingAndDoesNotCount() {
        Message silent = client.send(client.shell, "execute_request", executeContent("mixed", true, true));
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("ok", reply.string("status", null));
        assertEquals(0, reply.integer("execution_count", -1));
        assertEquals(List.of("status", "status"), client.iopubUntilIdle(silent, WAIT).stream().map(Message::type).toList());
        execute("6*7", true);
        assertEquals(1, executionCountOfNextReply());
    }

    @Test
    void errorAbortsExecuteRequestsAlreadyQueued() throws Exception {
        Message sleeping = execute("sleep", true);
        assertTrue(evaluator.sleeping.await(WAIT, TimeUnit.MILLISECONDS));
        Message fail = execute("fail", true);
        Message queued1 = execute("6*7", true);
        Message queued2 = execute("7*8", true);
        Thread.sleep(200); // let the shell thread queue them behind the running cell
        client.send(client.control, "interrupt_request", new JsonObject());
        // sleeping ends with an error, so everything queued behind it is aborted
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Message r = client.receive(client.shell, WAIT);
            statuses.add(r.string("status", null));
        }
        assertEquals(List.of("error", "aborted", "aborted", "aborted"), statuses);
        assertEquals(1, evaluator.executed.get());
        execute("6*7", true);
        assertEquals("ok", client.receive(client.shell, WAIT).string("status", null));
        assertNotNull(fail);
        assertNotNull(queued1);
        assertNotNull(queued2);
        assertNotNull(sleeping);
    }

    @Test
    void aRequestSentAfterTheErrorReplyIsNotAborted() {
        // the client sends the next cell the moment it sees the error reply (as a person
        // re-running a cell does); it was sent after the error, so it must run
        for (int i = 0; i < 30; i++) {
            execute("fail", true);
            assertEquals("error", client.receive(client.shell, WAIT).string("status", null));
            execute("6*7", true);
            assertEquals("ok", client.receive(client.shell, WAIT).string("status", null), "round " + i);
        }
    }

    @Test
    void inputRequestGoesOverStdinAndTheReplyReachesTheCell() {
        JsonObject content = executeContent("input", true);
        content.addProperty("allow_stdin", true);
        Message request = client.send(client.shell, "execute_request", content);
        Message inputRequest = client.receive(client.stdin, WAIT);
        assertEquals("input_request", inputRequest.type());
        assertEquals("name? ", inputRequest.string("prompt", null));
        assertTrue(KernelClient.isChildOf(inputRequest, request));
        JsonObject answer = new JsonObject();
        answer.addProperty("value", "Ada");
        client.send(client.stdin, "input_reply", answer);
        assertEquals("ok", client.receive(client.shell, WAIT).string("status", null));
        String text = client.iopubUntilIdle(request, WAIT).stream().filter(m -> m.type().equals("stream"))
                .map(m -> m.string("text", "")).collect(Collectors.joining());
        assertEquals("hello Ada\n", text);
    }

    @Test
    void inputFailsClearlyWhenTheClientDoesNotAllowStdin() {
        execute("input", false);
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("error", reply.string("status", null));
        assertTrue(reply.string("evalue", "").contains("allow_stdin is false"), reply.string("evalue", ""));
    }

    @Test
    void outputOverTheCapEndsWithAVisibleNotice() throws Exception {
        stop();
        startKernel(100);
        Message request = execute("print 100", true);
        client.receive(client.shell, WAIT);
        List<Message> streams = client.iopubUntilIdle(request, WAIT).stream()
                .filter(m -> m.type().equals("stream")).toList();
        String stdout = streams.stream().filter(m -> m.string("name", "").equals("stdout"))
                .map(m -> m.string("text", "")).collect(Collectors.joining());
        assertEquals(100, stdout.length());
        assertTrue(stdout.startsWith("line 0\nline 1\n"));
        Message last = streams.get(streams.size() - 1);
        assertEquals("stderr", last.string("name", null));
        assertTrue(last.string("text", "").contains("more than 100 characters"), last.string("text", ""));
    }

    @Test
    void historyAnswersTailRangeAndSearchOverThisSession() {
        for (String code : List.of("1+1", "2+2", "1+1")) {
            execute(code, true);
            client.receive(client.shell, WAIT);
        }
        JsonArray tail = history("{\"hist_access_type\":\"tail\",\"n\":2,\"output\":false,\"raw\":true}");
        assertEquals("[[1,2,\"2+2\"],[1,3,\"1+1\"]]", tail.toString());
        JsonArray range = history("{\"hist_access_type\":\"range\",\"session\":1,\"start\":1,\"stop\":2,\"output\":true,\"raw\":true}");
        assertEquals("[[1,1,[\"1+1\",\"1+1\"]]]", range.toString());
        assertEquals(2, history("{\"hist_access_type\":\"search\",\"pattern\":\"1*\",\"output\":false,\"raw\":true}").size());
        assertEquals("[[1,3,\"1+1\"]]",
                history("{\"hist_access_type\":\"search\",\"pattern\":\"1*\",\"unique\":true,\"output\":false,\"raw\":true}").toString());
        assertEquals(0, history("{\"hist_access_type\":\"search\",\"pattern\":\"3*\",\"output\":false,\"raw\":true}").size());
    }

    @Test
    void completeInspectAndIsCompleteDelegateToTheEvaluator() {
        JsonObject complete = new JsonObject();
        complete.addProperty("code", "System.out.pr");
        complete.addProperty("cursor_pos", 13);
        client.send(client.shell, "complete_request", complete);
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("[\"println\",\"printf\"]", reply.content().get("matches").toString());
        assertEquals(11, reply.integer("cursor_start", -1));
        assertEquals(13, reply.integer("cursor_end", -1));

        JsonObject inspect = new JsonObject();
        inspect.addProperty("code", "Math.max");
        inspect.addProperty("cursor_pos", 8);
        client.send(client.shell, "inspect_request", inspect);
        Message inspected = client.receive(client.shell, WAIT);
        assertTrue(inspected.bool("found", false));
        assertEquals("**doc**", inspected.content().getAsJsonObject("data").get("text/markdown").getAsString());

        JsonObject incomplete = new JsonObject();
        incomplete.addProperty("code", "for (int i = 0; i < 3; i++) {");
        client.send(client.shell, "is_complete_request", incomplete);
        Message isComplete = client.receive(client.shell, WAIT);
        assertEquals("incomplete", isComplete.string("status", null));
        assertEquals("    ", isComplete.string("indent", null));
    }

    @Test
    void cursorPositionsAreCodePointsOnTheWireAndStringIndicesInJava() {
        // "😀" is one code point (Jupyter's unit) but two UTF-16 chars (Java's)
        String code = "var s = \"\uD83D\uDE00\"; s.toUpperCa";
        int codePoints = code.codePointCount(0, code.length());
        assertEquals(code.length() - 1, codePoints);
        JsonObject complete = new JsonObject();
        complete.addProperty("code", code);
        complete.addProperty("cursor_pos", codePoints);
        client.send(client.shell, "complete_request", complete);
        Message reply = client.receive(client.shell, WAIT);
        assertEquals(code.length(), evaluator.lastCursor, "the evaluator gets the end of the Java string");
        assertEquals(codePoints - 2, reply.integer("cursor_start", -1), "replies count code points again");
        assertEquals(codePoints, reply.integer("cursor_end", -1));

        JsonObject inspect = new JsonObject();
        inspect.addProperty("code", code);
        inspect.addProperty("cursor_pos", 11); // just after the closing quote of the emoji
        client.send(client.shell, "inspect_request", inspect);
        client.receive(client.shell, WAIT);
        assertEquals(12, evaluator.lastCursor);
    }

    @Test
    void userExpressionsComeBackInTheReply() {
        JsonObject content = executeContent("6*7", true);
        JsonObject expressions = new JsonObject();
        expressions.addProperty("x", "1+2");
        content.add("user_expressions", expressions);
        client.send(client.shell, "execute_request", content);
        JsonObject x = client.receive(client.shell, WAIT).content().getAsJsonObject("user_expressions").getAsJsonObject("x");
        assertEquals("ok", x.get("status").getAsString());
        assertEquals("user:1+2", x.getAsJsonObject("data").get("text/plain").getAsString());
    }

    /** Issue 10: an interrupt while JShell was still starting was answered ok and forgotten. */
    @Test
    void aCellInterruptedWhileTheEvaluatorStartsNeverRuns() throws Exception {
        stop();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        evaluator = new FakeEvaluator();
        var info = KernelClient.freeTcpConnection();
        kernel = new Kernel(info, () -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return evaluator;
        }, Kernel.DEFAULT_OUTPUT_LIMIT);
        kernel.start();
        client = new KernelClient(info);
        client.waitUntilReady();
        Message cell = execute("6*7", true);
        Thread.sleep(300); // the execution thread now waits for the evaluator
        client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("ok", client.receive(client.control, WAIT).string("status", null));
        started.countDown();
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("Interrupted", reply.string("ename", null), reply.content().toString());
        assertEquals(0, evaluator.executed.get());
        client.iopubUntilIdle(cell, WAIT);
        execute("6*7", true);
        assertEquals("ok", client.receive(client.shell, WAIT).string("status", null));
    }

    @Test
    void commInfoIsEmptyAndHeartbeatEchoes() {
        client.send(client.shell, "comm_info_request", new JsonObject());
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("{}", reply.content().get("comms").toString());
        client.heartbeat.send(bytes("ping"));
        client.heartbeat.setReceiveTimeOut(WAIT);
        assertEquals("ping", new String(client.heartbeat.recv(), StandardCharsets.UTF_8));
    }

    @Test
    void commOpenToAnUnknownTargetIsClosedAtOnceAndRegisteredTargetsGetTheirComms() {
        JsonObject open = new JsonObject();
        open.addProperty("comm_id", "c-unknown");
        open.addProperty("target_name", "nobody.listens");
        open.add("data", new JsonObject());
        Message request = client.send(client.shell, "comm_open", open);
        List<Message> published = client.iopubUntilIdle(request, WAIT);
        Message close = published.stream().filter(m -> m.type().equals("comm_close")).findFirst().orElseThrow();
        assertEquals("c-unknown", close.string("comm_id", null));

        jcnn.display.Comms.registerTarget("test.kernel", (comm, message) -> comm.onMessage(m ->
                comm.send(m.data(), null, m.buffers())));
        try {
            open.addProperty("comm_id", "c-known");
            open.addProperty("target_name", "test.kernel");
            client.iopubUntilIdle(client.send(client.shell, "comm_open", open), WAIT);
            client.send(client.shell, "comm_info_request", new JsonObject());
            assertEquals("{\"c-known\":{\"target_name\":\"test.kernel\"}}",
                    client.receive(client.shell, WAIT).content().get("comms").toString());
            JsonObject msg = new JsonObject();
            msg.addProperty("comm_id", "c-known");
            JsonObject data = new JsonObject();
            data.addProperty("x", 1);
            msg.add("data", data);
            List<Message> echoed = client.iopubUntilIdle(client.send(client.shell, "comm_msg", msg), WAIT);
            Message reply = echoed.stream().filter(m -> m.type().equals("comm_msg")).findFirst().orElseThrow();
            assertEquals("{\"x\":1}", reply.content().get("data").toString());
        } finally {
            jcnn.display.Comms.unregisterTarget("test.kernel");
        }
    }

    @Test
    void aBurstOfSliderUpdatesQueuedBehindACellRunsTheCallbackOnceWithTheNewestValue() throws Exception {
        jcnn.display.widgets.IntSlider slider = new jcnn.display.widgets.IntSlider(0, 100);
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        slider.onChange(s -> seen.add(s.value()));
        String id = slider.modelId();
        JsonObject sleep = new JsonObject();
        sleep.addProperty("code", "sleep");
        Message cell = client.send(client.shell, "execute_request", sleep);
        Thread.sleep(200);
        Message last = null;
        for (int value = 1; value <= 3; value++) {
            JsonObject msg = new JsonObject();
            msg.addProperty("comm_id", id);
            msg.add("data", com.google.gson.JsonParser.parseString(
                    "{\"method\":\"update\",\"state\":{\"value\":" + value + "},\"buffer_paths\":[]}"));
            last = client.send(client.shell, "comm_msg", msg);
        }
        Thread.sleep(300); // the shell socket's thread queues all three behind the cell
        client.send(client.control, "interrupt_request", new JsonObject());
        client.iopubUntilIdle(cell, WAIT);
        List<Message> published = client.iopubUntilIdle(last, WAIT);
        List<String> echoes = published.stream().filter(m -> m.type().equals("comm_msg"))
                .map(m -> m.content().getAsJsonObject("data"))
                .filter(d -> d.get("method").getAsString().equals("echo_update"))
                .map(d -> d.get("state").toString()).collect(Collectors.toList());
        assertEquals(List.of("{\"value\":3}"), echoes);
        assertEquals(List.of(3), seen);
        assertEquals(3, slider.value());
    }

    @Test
    void shutdownRequestIsAnsweredAndReleasesTheWaiter() throws Exception {
        JsonObject content = new JsonObject();
        content.addProperty("restart", true);
        client.send(client.control, "shutdown_request", content);
        Message reply = client.receive(client.control, WAIT);
        assertEquals("shutdown_reply", reply.type());
        assertTrue(reply.bool("restart", false));
        assertTrue(kernel.awaitShutdown());
    }

    // ---- helpers ----

    private Message execute(String code, boolean allowStdin) {
        JsonObject content = executeContent(code, allowStdin);
        return client.send(client.shell, "execute_request", content);
    }

    private int executionCountOfNextReply() {
        Message reply = client.receive(client.shell, WAIT);
        assertNotNull(reply, "no execute_reply");
        return reply.integer("execution_count", -1);
    }

    private static JsonObject executeContent(String code, boolean allowStdin) {
        return executeContent(code, allowStdin, false);
    }

    private static JsonObject executeContent(String code, boolean allowStdin, boolean silent) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", silent);
        content.addProperty("store_history", true);
        content.add("user_expressions", new JsonObject());
        content.addProperty("allow_stdin", allowStdin);
        content.addProperty("stop_on_error", true);
        return content;
    }

    private JsonArray history(String json) {
        client.send(client.shell, "history_request", com.google.gson.JsonParser.parseString(json).getAsJsonObject());
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("history_reply", reply.type());
        return reply.content().getAsJsonArray("history");
    }

    private void assertKernelServes() {
        client.send(client.shell, "kernel_info_request", new JsonObject());
        Message reply = client.receive(client.shell, WAIT);
        assertNotNull(reply, "the kernel stopped answering");
        assertEquals("kernel_info_reply", reply.type());
    }

    private static List<String> states(List<Message> messages) {
        return messages.stream().filter(m -> m.type().equals("status"))
                .map(m -> m.string("execution_state", "")).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
