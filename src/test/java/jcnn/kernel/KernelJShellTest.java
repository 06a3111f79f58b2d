package jcnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import jcnn.eval.JShellEvaluator;
import jcnn.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel with the real JShell evaluator, over ZeroMQ: the path a notebook takes. */
class KernelJShellTest {
    static final int WAIT = 60_000; // the first cell waits for JShell to start

    static Kernel kernel;
    static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        var info = KernelClient.freeTcpConnection();
        kernel = new Kernel(info, JShellEvaluator::new, Kernel.DEFAULT_OUTPUT_LIMIT);
        kernel.start();
        client = new KernelClient(info);
        client.waitUntilReady();
    }

    @AfterAll
    static void stop() {
        client.close();
        kernel.close();
    }

    @Test
    void aCellMixingDeclarationsStatementsAndAnExpressionStreamsAndReturns() {
        Cell cell = run("int x = 6;\nSystem.out.println(\"x is \" + x);\nx * 7");
        assertEquals("ok", cell.reply.string("status", null), cell.reply.content().toString());
        assertEquals("x is 6\n", cell.stdout());
        assertEquals("42", cell.result());
    }

    @Test
    void interruptStopsThreadSleepAndKeepsEarlierVariables() throws Exception {
        assertInterruptStops("Thread.sleep(100000);");
    }

    @Test
    void interruptStopsABusyLoopAndKeepsEarlierVariables() throws Exception {
        assertInterruptStops("while (true) { }");
    }

    /**
     * Issue 10: code that swallows the interrupt and then blocks again (as a JDK library can) used
     * to run on, because the interrupt was delivered once; the kernel now raises it until the
     * cell ends.
     */
    @Test
    void interruptStopsCodeThatSwallowedTheFirstInterrupt() throws Exception {
        assertInterruptStops("{ try { Thread.sleep(100000); } catch (InterruptedException e) { } Thread.sleep(100000); }");
    }

    @Test
    void displayReturnsAHandleWhoseUpdateKeepsTheDisplayId() {
        Cell cell = run("var h = display(\"first\");\nh.update(\"second\");");
        assertEquals("ok", cell.reply.string("status", null), cell.reply.content().toString());
        List<Message> shown = cell.iopub.stream()
                .filter(m -> m.type().equals("display_data") || m.type().equals("update_display_data")).toList();
        assertEquals(List.of("display_data", "update_display_data"), shown.stream().map(Message::type).toList());
        String id = shown.get(0).content().getAsJsonObject("transient").get("display_id").getAsString();
        assertEquals(id, shown.get(1).content().getAsJsonObject("transient").get("display_id").getAsString());
        assertTrue(shown.get(1).content().getAsJsonObject("data").get("text/plain").getAsString().contains("second"));
    }

    @Test
    void kernelLogMessagesDuringACellStayOutOfTheNotebook() {
        JsonObject content = new JsonObject();
        content.addProperty("code", "System.out.println(\"started\"); Thread.sleep(1500); System.out.println(\"slept\");");
        Message request = client.send(client.shell, "execute_request", content);
        StringBuilder text = new StringBuilder();
        while (!text.toString().contains("started")) {
            Message m = client.receive(client.iopub, WAIT);
            assertNotNull(m, "the cell never printed");
            if (KernelClient.isChildOf(m, request) && m.type().equals("stream")) {
                text.append(m.string("text", ""));
            }
        }
        // while the cell sleeps, a malformed message makes the kernel log "dropped a message"
        KernelClient.sendFrames(client.shell, List.of("no delimiter".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("ok", client.receive(client.shell, WAIT).string("status", null));
        client.iopubUntilIdle(request, WAIT).stream().filter(m -> m.type().equals("stream"))
                .forEach(m -> text.append(m.string("text", "")));
        assertEquals("started\nslept\n", text.toString());
    }

    private void assertInterruptStops(String code) throws Exception {
        assertEquals("ok", run("int kept = 41;").reply.string("status", null));
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        Message request = client.send(client.shell, "execute_request", content);
        // wait until the cell runs: its execute_input is published just before it starts
        List<Message> seen = new java.util.ArrayList<>();
        while (seen.stream().noneMatch(m -> m.type().equals("execute_input"))) {
            Message m = client.receive(client.iopub, WAIT);
            assertNotNull(m, "the cell never started");
            if (KernelClient.isChildOf(m, request)) {
                seen.add(m);
            }
        }
        Thread.sleep(500); // let it get into the loop or the sleep
        client.send(client.control, "interrupt_request", new JsonObject());
        Message interruptReply = client.receive(client.control, WAIT);
        assertEquals("ok", interruptReply.string("status", null), interruptReply.content().toString());
        Message reply = client.receive(client.shell, WAIT);
        assertEquals("error", reply.string("status", null));
        assertTrue((reply.string("ename", "") + reply.string("evalue", "")).toLowerCase().contains("interrupt"),
                reply.content().toString());
        client.iopubUntilIdle(request, WAIT);
        Cell after = run("kept + 1");
        assertEquals("42", after.result(), () -> "the cell after the interrupt: " + after.reply.content() + " " + after.iopub);
    }

    private record Cell(Message reply, List<Message> iopub) {
        String stdout() {
            return iopub.stream().filter(m -> m.type().equals("stream") && m.string("name", "").equals("stdout"))
                    .map(m -> m.string("text", "")).collect(Collectors.joining());
        }

        String result() {
            return iopub.stream().filter(m -> m.type().equals("execute_result"))
                    .map(m -> m.content().getAsJsonObject("data").get("text/plain").getAsString())
                    .findFirst().orElse(null);
        }
    }

    private Cell run(String code) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        Message request = client.send(client.shell, "execute_request", content);
        Message reply = client.receive(client.shell, WAIT);
        assertNotNull(reply, "no execute_reply for " + code);
        return new Cell(reply, client.iopubUntilIdle(request, WAIT));
    }
}
