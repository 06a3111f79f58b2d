package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jcnn.eval.Evaluator.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The magics, mixed with Java in one cell. */
class MagicsTest {
    static JShellEvaluator evaluator;
    static int counter;

    @BeforeAll
    static void start() {
        System.setProperty("jcnn.maven.offline", "true"); // tests never touch the network
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
    void timePrintsWallAndCpuTimeAndKeepsTheValue() {
        RecordingContext c = context();
        Outcome o = evaluator.execute("int t = 2;\n%time Thread.sleep(120)\nt * 21", c, Map.of());
        assertTrue(o.isOk(), o::toString);
        assertEquals("42", o.result().plain());
        // compiling is not counted: the wall time is the sleep, give or take a busy machine
        assertTrue(c.out().matches("CPU time: .*, Wall time: \\d+(\\.\\d+)? ms\n"), c.out());
        double wallMillis = Double.parseDouble(c.out().replaceAll("(?s).*Wall time: ([\\d.]+) ms.*", "$1"));
        assertTrue(wallMillis >= 120 && wallMillis < 1000, c.out());
    }

    @Test
    void cellTimeTimesTheWholeCellAndItsDeclarationsStay() {
        RecordingContext c = context();
        Outcome o = evaluator.execute("%%time\nint timedVar = 5;\nThread.sleep(50);\ntimedVar", c, Map.of());
        assertEquals("5", o.result().plain(), o::toString);
        assertTrue(c.out().startsWith("CPU time: "), c.out());
        assertTrue(evaluator.execute("timedVar + 1", context(), Map.of()).isOk());
    }

    @Test
    void timeitRepeatsAStatementAndAnExpression() {
        RecordingContext c = context();
        Outcome o = evaluator.execute("int[] calls = {0};\n%timeit calls[0]++;\n%timeit Math.sqrt(2)", c, Map.of());
        assertTrue(o.isOk(), o::toString);
        String[] lines = c.out().split("\n");
        assertEquals(2, lines.length, c.out());
        assertTrue(lines[0].matches(".* ± .* per loop \\(mean ± std\\. dev\\. of 7 runs, \\d+ loops? each\\)"), lines[0]);
        long calls = Long.parseLong(evaluator.execute("calls[0]", context(), Map.of()).result().plain());
        long loops = Long.parseLong(lines[0].replaceAll(".*runs, (\\d+) loops? each.*", "$1"));
        assertTrue(calls >= 8 * loops, "7 timed runs plus calibration: " + calls + " calls for " + loops + " loops");
    }

    @Test
    void htmlAndMarkdownCellsBecomeRichResults() {
        Outcome html = evaluator.execute("%%html\n<b>bold</b> &amp; \"quoted\"", context(), Map.of());
        assertEquals("<b>bold</b> &amp; \"quoted\"", html.result().data().get("text/html"));
        assertEquals("bold & \"quoted\"", html.result().plain());
        Outcome md = evaluator.execute("%%markdown\n# Title\n*x*", context(), Map.of());
        assertEquals("# Title\n*x*", md.result().data().get("text/markdown"));
    }

    @Test
    void lsmagicListsEveryMagic() {
        RecordingContext c = context();
        evaluator.execute("%lsmagic", c, Map.of());
        for (String name : Magics.LINE_MAGICS) {
            assertTrue(c.out().contains("%" + name), name);
        }
        for (String name : Magics.CELL_MAGICS) {
            assertTrue(c.out().contains("%%" + name), name);
        }
    }

    @Test
    void unknownMagicsSayWhatExists() {
        Outcome o = evaluator.execute("%tim 1", context(), Map.of());
        assertFalse(o.isOk());
        assertTrue(o.errorValue().contains("unknown magic %tim") && o.errorValue().contains("%timeit"), o.errorValue());
    }

    @Test
    void classpathAddsAFolderOnceAndItsClassesCanBeUsed(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/demo/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Greeter { public static String hi() { return \"hi from demo\"; } }");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertEquals(0, rc);
        RecordingContext c = context();
        Outcome o = evaluator.execute("%classpath " + classes + "\n%classpath " + classes + "\ndemo.Greeter.hi()", c, Map.of());
        assertEquals("\"hi from demo\"", o.result().plain(), o::toString);
        assertTrue(c.out().contains("added to the class path") && c.out().contains("already on the class path"), c.out());
        assertEquals(1, evaluator.classpath().stream().filter(p -> p.equals(classes.toString())).count());
        Outcome missing = evaluator.execute("%classpath " + dir.resolve("nope.jar"), context(), Map.of());
        assertTrue(missing.errorValue().contains("does not exist"), missing::toString);
    }

    @Test
    void loadRunsAScriptFile(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("setup.jsh");
        Files.writeString(script, "int loadedA = 40;\nint loadedB() { return 2; }\n");
        Outcome o = evaluator.execute("%load " + script + "\nloadedA + loadedB()", context(), Map.of());
        assertEquals("42", o.result().plain(), o::toString);
    }

    @Test
    void mavenResolvesFromTheLocalRepositoryWithoutDuplicates() {
        // gson is on this JVM's class path already: resolved, but not added a second time
        RecordingContext c = context();
        Outcome o = evaluator.execute("%maven com.google.code.gson:gson:2.11.0", c, Map.of());
        assertTrue(o.isOk(), o::toString);
        assertTrue(c.out().contains("0 added to the class path"), c.out());
        Outcome bad = evaluator.execute("%maven not-coordinates", context(), Map.of());
        assertTrue(bad.errorValue().contains("expected group:artifact:version"), bad::toString);
        Outcome absent = evaluator.execute("%maven no.such.group:nothing:1.0", context(), Map.of());
        assertTrue(absent.errorValue().contains("cannot resolve it offline"), absent::toString);
    }
}
