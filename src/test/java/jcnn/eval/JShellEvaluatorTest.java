package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import jcnn.eval.Evaluator.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {
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

    static Outcome run(RecordingContext context, String code) {
        return evaluator.execute(code, context, Map.of());
    }

    static Outcome run(String code) {
        return run(context(), code);
    }

    /** Issue 10: JShell's old snippet class kept a redefined variable's value alive forever. */
    @Test
    void redefiningAVariableFreesItsOldValue() {
        assertTrue(run("float[] soakBig = new float[2_500_000];").isOk());
        // a statement, not a variable initialiser: a variable that depends on soakBig would be
        // recompiled, and in-process JShell resets such a variable to null
        assertTrue(run("java.lang.ref.WeakReference<Object> soakRef; soakRef = new java.lang.ref.WeakReference<>(soakBig);").isOk());
        // another source (the same source again re-runs the same snippet class, which frees the old value anyway)
        Outcome redefined = run("float[] soakBig = new float[2_500_001];");
        assertTrue(redefined.isOk(), redefined::toString);
        assertTrue(run("for (int i = 0; i < 5 && soakRef.get() != null; i++) { System.gc(); Thread.sleep(20); }").isOk());
        Outcome freed = run("soakRef.get() == null");
        assertTrue(freed.isOk(), freed::toString);
        assertEquals("true", freed.result().plain(), "the first float[] is still reachable");
        Outcome value = run("soakBig.length");
        assertEquals("2500001", value.result().plain(), "the new value stays");
    }

    /**
     * Issue 10's soak: every cell with a value (a display update, {@code 1 + 1}) left a JShell
     * temporary variable {@code $N}, and JShell imports every live one into every later snippet,
     * so each later snippet's source and compiled state grew (the kernel's RSS rose about 5 MiB per
     * 100 cells). The old evaluator fails this: 300 value cells made the next snippet's source
     * about 300 imports longer.
     */
    @Test
    void cellsWithAValueDoNotGrowLaterSnippets() {
        String probe = "int soakProbe = 1;";
        int before = evaluator.wrappedSource(probe).length();
        for (int i = 0; i < 300; i++) {
            Outcome o = run("\"soak value \" + " + i);
            assertTrue(o.isOk(), o::toString);
            assertEquals("\"soak value " + i + "\"", o.result().plain());
        }
        int after = evaluator.wrappedSource(probe).length();
        assertEquals(before, after, "a new snippet's source grew from " + before + " to " + after
            + " characters after 300 cells with a value");
    }

    @Test
    void stateSurvivesBetweenCells() {
        assertTrue(run("int stateA = 20;").isOk());
        assertTrue(run("int twice(int x) { return 2 * x; }").isOk());
        Outcome o = run("twice(stateA) + 2");
        assertTrue(o.isOk(), o::toString);
        assertEquals("42", o.result().plain());
    }

    @Test
    void aCellMixesDeclarationsStatementsAndAFinalExpression() {
        RecordingContext c = context();
        Outcome o = run(c, """
            int mixA = 3;
            String greet(String who) { return "hi " + who; }
            System.out.println(greet("cell"));
            for (int i = 0; i < 3; i++) mixA += i;
            mixA * 10
            """);
        assertTrue(o.isOk(), o::toString);
        assertEquals("60", o.result().plain());
        assertEquals("hi cell\n", c.out());
    }

    @Test
    void theLastValueIsTheLiveObjectNotItsString() {
        Outcome o = run("new StringBuilder(\"ab\").reverse()");
        assertEquals("ba", o.result().plain());
        Outcome s = run("\"quoted\"");
        assertEquals("\"quoted\"", s.result().plain());
    }

    @Test
    void aStatementAtTheEndGivesNoResult() {
        Outcome o = run("int noResult = 1;\nSystem.out.print(\"\")");
        assertTrue(o.isOk(), o::toString);
        assertNull(o.result());
    }

    @Test
    void compileErrorsNameCellLineAndColumnWithACaret() {
        RecordingContext c = context();
        Outcome o = run(c, "int okBefore = 1;\nint bad = okBefore + missingName;\n");
        assertFalse(o.isOk());
        assertEquals("CompilationError", o.errorName());
        List<String> tb = o.traceback();
        assertEquals("Cell In[" + c.count + "], line 2, column 22: cannot find symbol", tb.get(0), tb::toString);
        assertTrue(tb.contains("    int bad = okBefore + missingName;"), tb::toString);
        assertTrue(tb.contains("                         ^"), tb::toString);
    }

    /** Issue 14: the README's builder typed line by line (JShell, jupyter console) fails twice, without a hint. */
    @Test
    void builderTypedLineByLineGetsHintsForBuildAndTheLeadingDot() {
        Outcome first = run("Net hintNet = Cnn.input(1, 28, 28)");
        assertFalse(first.isOk());
        assertTrue(first.traceback().stream().anyMatch(l -> l.startsWith("Hint: forgot `.build()`?")), first.traceback()::toString);
        Outcome second = run("    .conv(32, 3, padding(1)).relu().maxPool(2)");
        assertFalse(second.isOk());
        assertEquals("illegal start of expression", second.errorValue());
        assertTrue(second.traceback().stream().anyMatch(l -> l.startsWith("Hint: a line starting with `.` continues the previous one")),
            second.traceback()::toString);
        Outcome withComment = run("// the second line\n  /* of the chain */ .relu()");
        assertTrue(withComment.traceback().stream().anyMatch(l -> l.startsWith("Hint: a line starting with `.`")),
            withComment.traceback()::toString);
        // the advice works: a line ending with `.` is incomplete, so a console waits for the next one
        assertEquals("incomplete", evaluator.isComplete("Net hintNet = Cnn.input(1, 28, 28).").status());
        Outcome advised = run("Net hintNet = Cnn.input(1, 28, 28).\n    conv(4, 3, padding(1)).relu().maxPool(2).\n"
            + "    flatten().dense(10).softmax().build();\nhintNet.parameterCount()");
        assertTrue(advised.isOk(), advised::toString);
    }

    @Test
    void otherCompileErrorsGetNoBuilderHint() {
        for (String code : List.of("int hintless = \"text\";", ".5 + undefinedHintName", "String s = Cnn.input(1, 8, 8);")) {
            Outcome o = run(code);
            assertFalse(o.isOk(), code);
            assertTrue(o.traceback().stream().noneMatch(l -> l.startsWith("Hint:")), o.traceback()::toString);
        }
    }

    @Test
    void compileErrorColumnsIgnoreTheWovenStopChecks() {
        RecordingContext c = context();
        Outcome o = run(c, "int n = 0; while (n < 1) { n++; } undefinedThing++;");
        // the loop is a snippet of its own (woven with a stop check); the error is in the third
        assertFalse(o.isOk());
        assertTrue(o.traceback().get(0).startsWith("Cell In[" + c.count + "], line 1, column 35: cannot find symbol"),
            o.traceback()::toString);
        RecordingContext c2 = context();
        Outcome o2 = run(c2, "for (int i = 0; i < 2; i++) { String s = 1; }");
        assertTrue(o2.traceback().get(0).startsWith("Cell In[" + c2.count + "], line 1, column 42: incompatible types"),
            o2.traceback()::toString);
    }

    @Test
    void runtimeErrorsShowTheRealExceptionAndCellFrames() {
        run("int divide(int a, int b) {\n  return a / b;\n}");
        RecordingContext c = context();
        Outcome o = run(c, "int r = 1;\ndivide(r, 0)");
        assertFalse(o.isOk());
        assertEquals("java.lang.ArithmeticException", o.errorName());
        assertEquals("/ by zero", o.errorValue());
        List<String> tb = o.traceback();
        assertEquals("java.lang.ArithmeticException: / by zero", tb.get(0));
        assertTrue(tb.get(1).matches("\tat divide \\(Cell In\\[\\d+\\], line 2\\)"), tb::toString);
        assertEquals("\tat Cell In[" + c.count + "], line 2", tb.get(2), tb::toString);
        assertEquals(3, tb.size(), tb::toString);
        assertTrue(tb.stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("$JShell$") || l.contains("\u001b")));
    }

    @Test
    void nullPointerMessagesNameTheUsersVariable() {
        Outcome o = run("String nothing = null;\nnothing.length()");
        assertEquals("java.lang.NullPointerException", o.errorName());
        assertEquals("Cannot invoke \"String.length()\" because \"nothing\" is null", o.errorValue());
        assertEquals("java.lang.NullPointerException: " + o.errorValue(), o.traceback().get(0));
    }

    @Test
    void aRestartedEvaluatorStartsCleanAndTheClosedOneRefusesCells() {
        JShellEvaluator first = new JShellEvaluator();
        assertTrue(first.execute("int onlyInFirst = 1;", context(), Map.of()).isOk());
        first.close();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> first.execute("1", context(), Map.of()));
        try (JShellEvaluator second = new JShellEvaluator()) {
            Outcome o = second.execute("onlyInFirst", context(), Map.of());
            assertEquals("CompilationError", o.errorName());
            assertEquals("2", second.execute("1 + 1", context(), Map.of()).result().plain());
        }
    }

    @Test
    void causesAreShownToo() {
        Outcome o = run("throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"))");
        assertEquals("java.lang.RuntimeException", o.errorName());
        assertTrue(o.traceback().contains("Caused by: java.lang.IllegalStateException: inner"), o.traceback()::toString);
    }
}
