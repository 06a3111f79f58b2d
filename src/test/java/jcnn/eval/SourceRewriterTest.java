package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stop checks woven into cell source, and what must stay untouched. */
class SourceRewriterTest {
    static final String C = SourceRewriter.CHECK;

    @Test
    void everyKindOfLoopBodyStartsWithACheck() {
        assertEquals("while (x) " + C + "y();}", SourceRewriter.rewrite("while (x) y();").source());
        assertEquals("for (;;) " + C + "{ a(); }}", SourceRewriter.rewrite("for (;;) { a(); }").source());
        assertEquals("for (int v : xs) " + C + ";}", SourceRewriter.rewrite("for (int v : xs) ;").source());
        assertEquals("do " + C + "{ n++; }} while (n < 3);", SourceRewriter.rewrite("do { n++; } while (n < 3);").source());
        assertEquals("while (a) " + C + "while (b) " + C + "c();}}", SourceRewriter.rewrite("while (a) while (b) c();").source());
    }

    @Test
    void loopsInMethodsAndLambdasAreWovenToo() {
        String method = "int f() { for (int i = 0; ; i++) { if (i > 3) return i; } }";
        assertTrue(SourceRewriter.rewrite(method).source().contains(") " + C + "{ if"));
        String lambda = "Runnable r = () -> { while (true) {} };";
        assertEquals("Runnable r = () -> { while (true) " + C + "{}} };", SourceRewriter.rewrite(lambda).source());
    }

    @Test
    void stringsCommentsAndCharsAreLeftAlone() {
        String code = "String s = \"while (true) {} System.exit(1)\"; // for (;;) {}\nchar c = '{'; /* do { } while (x); */";
        assertEquals(code, SourceRewriter.rewrite(code).source());
        String block = "String t = \"\"\"\n    while (true) {}\n    \"\"\";";
        assertEquals(block, SourceRewriter.rewrite(block).source());
    }

    @Test
    void exitCallsAreRedirected() {
        assertEquals("jcnn.eval.Stop.exit(2);", SourceRewriter.rewrite("System.exit(2);").source());
        assertEquals("jcnn.eval.Stop.exit(0)", SourceRewriter.rewrite("java.lang.Runtime.getRuntime().halt(0)").source());
        assertEquals("IntConsumer q = jcnn.eval.Stop::exit;", SourceRewriter.rewrite("IntConsumer q = System::exit;").source());
        assertEquals("myThing.exit(1);", SourceRewriter.rewrite("myThing.exit(1);").source());
    }

    @Test
    void positionsMapBackToTheOriginal() {
        String code = "while (x) y(); zz();";
        SourceRewriter.Result r = SourceRewriter.rewrite(code);
        int rewrittenZ = r.source().indexOf("zz");
        assertTrue(rewrittenZ > code.indexOf("zz"));
        assertEquals(code.indexOf("zz"), r.originalPosition(rewrittenZ));
        assertEquals(code.indexOf("y()"), r.originalPosition(r.source().indexOf("y()")));
        // a position inside the inserted text maps to where it was inserted
        assertEquals(code.indexOf("y()"), r.originalPosition(r.source().indexOf("Stop")));
    }

    @Test
    void codeThatDoesNotParseIsLeftForJShellToReport() {
        assertEquals("while (x { y(); }", SourceRewriter.rewrite("while (x { y(); }").source());
    }

    @Test
    void wovenLoopsKeepJavasReachabilityRules() {
        try (JShellEvaluator evaluator = new JShellEvaluator()) {
            // compiles only if "while (true)" still counts as never completing normally
            Evaluator.Outcome defined = evaluator.execute(
                "int firstSquareOver(int n) { int i = 0; while (true) { if (i * i > n) return i; i++; } }",
                new RecordingContext(1), Map.of());
            assertTrue(defined.isOk(), defined::toString);
            assertEquals("8", evaluator.execute("firstSquareOver(50)", new RecordingContext(2), Map.of()).result().plain());
        }
    }
}
