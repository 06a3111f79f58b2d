package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** complete, inspect and is_complete as the kernel asks them. */
class AnalysisTest {
    static JShellEvaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new JShellEvaluator();
        assertTrue(evaluator.execute("String name = \"jcnn\";", new RecordingContext(1), Map.of()).isOk());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void completesMembersOfAVariableDeclaredInAnEarlierCell() {
        Evaluator.Completion c = evaluator.complete("name.len", 8);
        assertEquals(List.of("length()"), c.matches());
        assertEquals(5, c.cursorStart());
        assertEquals(8, c.cursorEnd());
    }

    @Test
    void completesInTheSnippetThatHoldsTheCursor() {
        String code = "int y = 1;\nname.sub";
        Evaluator.Completion c = evaluator.complete(code, code.length());
        assertTrue(c.matches().contains("substring("), c.matches()::toString);
        assertEquals(code.indexOf("sub"), c.cursorStart());
        // a cursor in the middle of a cell: the first snippet is completed, not the last
        String two = "Math.ma\nname.len";
        Evaluator.Completion first = evaluator.complete(two, 7);
        assertEquals(List.of("max("), first.matches());
        assertEquals(5, first.cursorStart());
    }

    @Test
    void completesJcnnBuilderVerbsAfterADot() {
        String code = "Cnn.input(1, 28, 28).conv(8, 3).re";
        Evaluator.Completion c = evaluator.complete(code, code.length());
        assertTrue(c.matches().contains("relu()"), c.matches()::toString);
        assertEquals(code.length() - 2, c.cursorStart());
    }

    @Test
    void completionAnswersWhileACellRuns() throws Exception {
        java.util.concurrent.CompletableFuture<Evaluator.Outcome> cell = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> evaluator.execute("Thread.sleep(1500); 7", new RecordingContext(2), Map.of()));
        Thread.sleep(400);
        assertFalse(cell.isDone());
        Evaluator.Completion c = evaluator.complete("name.len", 8);
        assertEquals(List.of("length()"), c.matches());
        assertFalse(cell.isDone(), "completion must not wait for the cell");
        assertEquals("7", cell.get(10, java.util.concurrent.TimeUnit.SECONDS).result().plain());
    }

    @Test
    void completesTypesAndImports() {
        assertTrue(evaluator.complete("Lis", 3).matches().contains("List"));
        String imp = "import java.util.concurrent.Conc";
        Evaluator.Completion c = evaluator.complete(imp, imp.length());
        assertTrue(c.matches().contains("ConcurrentHashMap"), c.matches()::toString);
        assertEquals(imp.indexOf("Conc"), c.cursorStart());
    }

    @Test
    void completesMagicNamesAndTheJavaAfterTimeMagics() {
        assertEquals(List.of("%time", "%timeit"), evaluator.complete("%ti", 3).matches());
        assertEquals(List.of("%%html"), evaluator.complete("%%ht", 4).matches());
        String timed = "%time name.len";
        Evaluator.Completion c = evaluator.complete(timed, timed.length());
        assertEquals(List.of("length()"), c.matches());
        assertEquals(11, c.cursorStart());
    }

    @Test
    void inspectsACallInsideItsParenthesesAndJustAfterItsName() {
        for (String code : List.of("Math.max(", "Math.max", "Math.max(1, ")) {
            Evaluator.Inspection i = evaluator.inspect(code, code.length(), 0);
            assertTrue(i.found(), code);
            assertTrue(i.data().plain().contains("int Math.max(int a, int b)"), i.data().plain());
            assertTrue(i.data().data().get("text/markdown").toString().startsWith("```java\n"));
        }
        Evaluator.Inspection inName = evaluator.inspect("name.substring(1)", 8, 0);
        assertTrue(inName.data().plain().contains("String String.substring(int beginIndex)"), inName.data().plain());
    }

    @Test
    void inspectShowsTheJavadocOfJcnnsOwnApi() {
        Evaluator.Inspection i = evaluator.inspect("Conv.outSize(", 13, 0);
        assertTrue(i.found());
        String plain = i.data().plain();
        assertTrue(plain.startsWith("int Conv.outSize(int inputSize, int kernelSize, int padding, int stride)\nOutput size along one axis."),
            plain);
        assertTrue(plain.contains("(W + 2P - F) is not a multiple of"), "{@code ...} becomes plain text: " + plain);
        assertTrue(i.data().data().get("text/markdown").toString().contains("Output size along one axis."));
        Evaluator.Inspection type = evaluator.inspect("Cnn", 3, 0);
        assertTrue(type.data().plain().startsWith("jcnn.model.Cnn\n"), type.data().plain());
    }

    @Test
    void inspectFindsNothingInBlankSpace() {
        assertFalse(evaluator.inspect("   ", 1, 0).found());
    }

    @Test
    void isCompleteTellsCompleteIncompleteAndInvalid() {
        assertEquals("complete", evaluator.isComplete("int x = 1;").status());
        Evaluator.IsComplete open = evaluator.isComplete("for (int i = 0; i < 3; i++) {");
        assertEquals("incomplete", open.status());
        assertEquals("    ", open.indent());
        assertEquals("        ", evaluator.isComplete("void f() {\n  if (true) {").indent());
        assertEquals("invalid", evaluator.isComplete("x = \"abc").status());
    }

    @Test
    void isCompleteUnderstandsMagics() {
        assertEquals("complete", evaluator.isComplete("%time Thread.sleep(1)").status());
        assertEquals("complete", evaluator.isComplete("%%html\n<b>unclosed {").status());
        assertEquals("incomplete", evaluator.isComplete("%time for (int i = 0; i < 3; i++) {").status());
    }
}
