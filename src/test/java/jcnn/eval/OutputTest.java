package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jcnn.eval.Evaluator.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** System.out, System.err, System.in and display() while a cell runs. */
class OutputTest {
    static JShellEvaluator evaluator;
    static int counter;

    @BeforeAll
    static void start() {
        evaluator = new JShellEvaluator();
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    static RecordingContext context() {
        return new RecordingContext(++counter);
    }

    @Test
    void outErrAndDisplaysArriveInTheOrderTheyWereMade() {
        RecordingContext c = context();
        Outcome o = evaluator.execute("""
            System.out.println("one");
            System.err.println("two");
            display("three");
            System.out.print("fo");
            System.out.println("ur");
            """, c, Map.of());
        assertTrue(o.isOk(), o::toString);
        List<String> kinds = c.events.stream().map(RecordingContext.Event::kind).collect(Collectors.toList());
        assertEquals("out", kinds.get(0));
        int err = kinds.indexOf("err");
        int display = kinds.indexOf("display");
        assertTrue(0 < err && err < display && display < kinds.lastIndexOf("out"), kinds::toString);
        assertEquals("one\nfour\n", c.out());
        assertEquals("two\n", c.err());
        assertEquals("\"three\"", c.events.get(display).bundle().plain());
    }

    @Test
    void displayAsTheLastLineShowsOnceAndGivesNoResult() {
        RecordingContext c = context();
        Outcome o = evaluator.execute("display(html(\"<i>once</i>\"))", c, Map.of());
        assertTrue(o.isOk(), o::toString);
        assertEquals(null, o.result());
        assertEquals(1, c.events.size());
        assertEquals("<i>once</i>", c.events.get(0).bundle().data().get("text/html"));
    }

    @Test
    void everyLineOfALongLoopArrives() {
        RecordingContext c = context();
        evaluator.execute("for (int i = 0; i < 10_000; i++) System.out.println(\"line \" + i);", c, Map.of());
        String[] lines = c.out().split("\n");
        assertEquals(10_000, lines.length);
        assertEquals("line 9999", lines[9999]);
    }

    @Test
    void textFromOtherThreadsGoesToTheRunningCell() {
        RecordingContext c = context();
        evaluator.execute("""
            Thread t = new Thread(() -> System.out.println("from a thread"));
            t.start();
            t.join();""", c, Map.of());
        assertEquals("from a thread\n", c.out());
    }

    @Test
    void theProcessStreamsNeverReachACell() {
        RecordingContext c = context();
        Outcome o = evaluator.execute(
            "jcnn.eval.JShellEvaluator.processErr().println(\"[test] a log line\"); System.out.print(\"cell\");", c, Map.of());
        assertTrue(o.isOk(), o::toString);
        assertEquals("cell", c.out());
        assertEquals("", c.err());
        assertTrue(JShellEvaluator.processErr() != System.err, "System.err is the routing stream");
    }

    @Test
    void unicodeSplitAcrossWritesStaysWhole() {
        RecordingContext c = context();
        evaluator.execute("""
            byte[] b = "卷积 ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (byte x : b) System.out.write(x);
            System.out.flush();""", c, Map.of());
        assertEquals("卷积 ✓", c.out());
    }

    @Test
    void readingInputWhenTheClientAllowsIt() {
        RecordingContext c = context();
        c.allowInput = true;
        c.inputLines.add("Ada");
        Outcome o = evaluator.execute("new java.util.Scanner(System.in).nextLine().toUpperCase()", c, Map.of());
        assertEquals("\"ADA\"", o.result().plain(), o::toString);
    }

    @Test
    void readingInputWhenTheClientDoesNotAllowItFailsClearly() {
        RecordingContext c = context();
        Outcome o = evaluator.execute("new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()", c, Map.of());
        assertEquals("java.lang.IllegalStateException", o.errorName(), o::toString);
        assertEquals("this client does not accept input (allow_stdin is false)", o.errorValue());
    }

    @Test
    void userExpressionsAreRenderedAfterTheCell() {
        RecordingContext c = context();
        Outcome o = evaluator.execute("int ue = 6;", c, Map.of("double", "ue * 2", "bad", "nope"));
        assertEquals("12", o.userExpressions().get("double").plain());
        assertTrue(o.userExpressions().get("bad").plain().startsWith("CompilationError"));
    }
}
