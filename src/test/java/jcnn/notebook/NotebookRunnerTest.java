package jcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jcnn.display.Display;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookRunnerTest {
    @TempDir
    Path tmp;

    private final List<FakeEvaluator> made = new ArrayList<>();

    private FakeEvaluator fresh() {
        FakeEvaluator e = new FakeEvaluator();
        made.add(e);
        return e;
    }

    private Path notebook(String name, String source) throws Exception {
        Path file = tmp.resolve(name);
        NotebookJson.write(NotebookSource.parse(source, name.replace(".ipynb", "")), file);
        return file;
    }

    private static JsonArray outputs(JsonObject nb, int cell) {
        return nb.getAsJsonArray("cells").get(cell).getAsJsonObject().getAsJsonArray("outputs");
    }

    private static String text(JsonObject output, String field) {
        return NotebookJson.text(output.get(field));
    }

    @Test
    void roundTripStoresStreamsDisplaysResultsAndCounts() throws Exception {
        Path nb = notebook("tiny.ipynb", """
                # A title

                ```java
                print one
                print two
                eprint warn
                print three
                ```

                Some text
                <!-- cell -->
                More text

                ```java
                display d1 first
                png p1
                set x 42
                result the value
                ```

                ```java
                ```

                ```java
                get x
                update d1 second
                update nobody ignored
                ```
                """);
        NotebookRunner.Result r = new NotebookRunner(this::fresh).run(nb, tmp.resolve("out"));
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(tmp.resolve("out/tiny.ipynb"), r.written());
        assertEquals(4, r.executed() + 1, "the empty code cell is skipped");
        assertEquals(1, made.size());
        assertTrue(made.get(0).closed, "the evaluator is closed after the notebook");
        assertNull(Display.sink(), "the runner removes its display sink afterwards");

        JsonObject out = NotebookJson.read(r.written());
        assertEquals(4, out.get("nbformat").getAsInt());
        assertEquals(5, out.get("nbformat_minor").getAsInt());
        JsonObject ks = out.getAsJsonObject("metadata").getAsJsonObject("kernelspec");
        assertEquals("jcnn", ks.get("name").getAsString());
        assertEquals("Java (jcnn)", ks.get("display_name").getAsString());
        assertEquals("java", ks.get("language").getAsString());
        assertEquals("java", out.getAsJsonObject("metadata").getAsJsonObject("language_info").get("name").getAsString());

        JsonArray cells = out.getAsJsonArray("cells");
        assertEquals(7, cells.size());
        // cell 1: stdout merged, stderr separate, then stdout again
        JsonArray c1 = outputs(out, 1);
        assertEquals(3, c1.size());
        assertEquals("one\ntwo\n", text(c1.get(0).getAsJsonObject(), "text"));
        assertEquals("stderr", c1.get(1).getAsJsonObject().get("name").getAsString());
        assertEquals("three\n", text(c1.get(2).getAsJsonObject(), "text"));
        assertEquals(1, cells.get(1).getAsJsonObject().get("execution_count").getAsInt());
        // cell 4: display (later updated in cell 6), picture, execute_result with count 2
        JsonArray c4 = outputs(out, 4);
        assertEquals(3, c4.size());
        JsonObject d1 = c4.get(0).getAsJsonObject();
        assertEquals("display_data", d1.get("output_type").getAsString());
        assertEquals("second", NotebookJson.text(d1.getAsJsonObject("data").get("text/plain")),
                "update_display_data replaces the earlier output, as nbclient stores it");
        JsonObject png = c4.get(1).getAsJsonObject();
        assertEquals(FakeEvaluator.PNG, png.getAsJsonObject("data").get("image/png").getAsString());
        assertEquals(1, png.getAsJsonObject("metadata").getAsJsonObject("image/png").get("width").getAsInt());
        JsonObject result = c4.get(2).getAsJsonObject();
        assertEquals("execute_result", result.get("output_type").getAsString());
        assertEquals(2, result.get("execution_count").getAsInt());
        assertEquals("the value", NotebookJson.text(result.getAsJsonObject("data").get("text/plain")));
        // cell 5: empty, not executed
        assertTrue(cells.get(5).getAsJsonObject().get("execution_count").isJsonNull());
        assertEquals(0, outputs(out, 5).size());
        // cell 6: state persists within a notebook; updates add no output
        JsonArray c6 = outputs(out, 6);
        assertEquals(1, c6.size());
        assertEquals("42\n", text(c6.get(0).getAsJsonObject(), "text"));
        assertEquals(3, cells.get(6).getAsJsonObject().get("execution_count").getAsInt());
        // cell ids, markdown kept
        assertEquals("tiny-1", cells.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals("# A title", NotebookJson.text(cells.get(0).getAsJsonObject().get("source")));
        assertEquals("markdown", cells.get(3).getAsJsonObject().get("cell_type").getAsString());
    }

    @Test
    void writtenNotebookIsStableJupyterStyleJson() throws Exception {
        Path nb = notebook("stable.ipynb", "```java\nprint hi\n```\n");
        NotebookRunner runner = new NotebookRunner(this::fresh);
        runner.run(nb, null);
        String first = Files.readString(nb);
        runner.run(nb, null);
        assertEquals(first, Files.readString(nb), "a re-run of a deterministic notebook gives the same bytes");
        assertTrue(first.startsWith("{\n \"cells\": [\n"), first);
        assertTrue(first.endsWith("}\n"));
    }

    @Test
    void executedNotebookPassesNbformatValidationAndMatchesItsWriter() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "needs Debian's python3 with nbformat");
        Path nb = notebook("valid.ipynb", "# T\n```java\nprint one\neprint e\ndisplay d x\npng p\nresult r\n```\n"
                + "```java\n```\n```java\nupdate d y\nfail Boom bad thing\n```\n");
        new NotebookRunner(this::fresh).run(nb, null);
        Process p = new ProcessBuilder(python.toString(), "-c", String.join("\n",
                "import sys, nbformat",
                "text = open(sys.argv[1], encoding='utf-8').read()",
                "nb = nbformat.reads(text, as_version=4)",
                "nbformat.validate(nb)",
                "print('same' if nbformat.writes(nb) + '\\n' == text else 'different')"), nb.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeFalse(said.contains("No module named"), said);
        assertEquals(0, p.waitFor(), said);
        assertEquals("same", said.strip(), "nbformat writes the file byte for byte as the runner did");
    }

    @Test
    void eachNotebookGetsAFreshEvaluator() throws Exception {
        Path a = notebook("a.ipynb", "```java\nset x 1\n```\n");
        Path b = notebook("b.ipynb", "```java\nget x\n```\n");
        NotebookRunner runner = new NotebookRunner(this::fresh);
        runner.run(a, null);
        runner.run(b, null);
        assertEquals(2, made.size());
        assertEquals("unset\n", text(outputs(NotebookJson.read(b), 0).get(0).getAsJsonObject(), "text"));
    }

    @Test
    void failingCellStopsWithNotebookCellAndErrorAndNonZeroExit() throws Exception {
        Path nb = notebook("broken.ipynb", """
                Intro

                ```java
                print fine
                ```

                ```java
                print before
                fail ArithmeticException / by zero
                ```

                ```java
                print never
                ```
                """);
        Path other = notebook("after.ipynb", "```java\nprint later\n```\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {nb.toString(), other.toString(), "--out", tmp.resolve("o").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), this::fresh);
        assertEquals(1, status);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("broken.ipynb, cell 3 (In[2]): ArithmeticException: / by zero"), e);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("FAILED"), out.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(tmp.resolve("o/after.ipynb")), "the run stops at the first failure");
        JsonObject written = NotebookJson.read(tmp.resolve("o/broken.ipynb"));
        JsonArray failing = outputs(written, 2);
        assertEquals("before\n", text(failing.get(0).getAsJsonObject(), "text"));
        JsonObject error = failing.get(1).getAsJsonObject();
        assertEquals("error", error.get("output_type").getAsString());
        assertEquals("ArithmeticException", error.get("ename").getAsString());
        assertEquals("/ by zero", error.get("evalue").getAsString());
        assertEquals(2, error.getAsJsonArray("traceback").size());
        assertEquals(0, outputs(written, 3).size(), "cells after the failure are not run");
    }

    private static final String THREE_CELLS_MIDDLE_FAILS = """
            ```java
            print first
            ```

            ```java
            print before
            fail IllegalArgumentException conv1: expected 1 channel
            ```

            ```java
            print after
            ```
            """;

    /** Issue 14: nbconvert runs on past a cell tagged raises-exception; the runner stopped there. */
    @Test
    void cellTaggedRaisesExceptionMayFailAndTheNotebookRunsOn() throws Exception {
        Path nb = notebook("mistake.ipynb", THREE_CELLS_MIDDLE_FAILS.replace("```java\nprint before", "```java raises-exception\nprint before"));
        assertEquals("[\"raises-exception\"]", NotebookJson.read(nb).getAsJsonArray("cells").get(1).getAsJsonObject()
                .getAsJsonObject("metadata").get("tags").toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {nb.toString(), "--out", tmp.resolve("o").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, this::fresh);
        assertEquals(0, status);
        String line = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertTrue(line.matches("ok +.*mistake\\.ipynb +3 cells +\\d+\\.\\d s, 1 cell raised an error \\(allowed\\):"
                + " cell 2 IllegalArgumentException"), line);
        JsonObject written = NotebookJson.read(tmp.resolve("o/mistake.ipynb"));
        assertEquals("error", outputs(written, 1).get(1).getAsJsonObject().get("output_type").getAsString());
        assertEquals("after\n", text(outputs(written, 2).get(0).getAsJsonObject(), "text"));
        assertEquals(3, written.getAsJsonArray("cells").get(2).getAsJsonObject().get("execution_count").getAsInt());
    }

    @Test
    void untaggedFailureStillStopsButAllowErrorsRunsOnLikeNbconvert() throws Exception {
        Path nb = notebook("plain.ipynb", THREE_CELLS_MIDDLE_FAILS);
        NotebookRunner.Result stopped = new NotebookRunner(this::fresh).run(nb, tmp.resolve("a"));
        assertFalse(stopped.ok());
        assertEquals(0, outputs(NotebookJson.read(tmp.resolve("a/plain.ipynb")), 2).size());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {nb.toString(), "--allow-errors", "--out", tmp.resolve("b").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, this::fresh);
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
        JsonObject written = NotebookJson.read(tmp.resolve("b/plain.ipynb"));
        assertEquals("IllegalArgumentException",
                outputs(written, 1).get(1).getAsJsonObject().get("ename").getAsString());
        assertEquals("after\n", text(outputs(written, 2).get(0).getAsJsonObject(), "text"));
    }

    @Test
    void aTimeoutStopsTheNotebookEvenWhenErrorsAreAllowed() throws Exception {
        Path nb = notebook("slow.ipynb", "```java\nhang\n```\n\n```java\nprint after\n```\n");
        NotebookRunner.Result r = new NotebookRunner(this::fresh).cellTimeout(0.2).allowErrors(true).run(nb, tmp.resolve("o"));
        assertFalse(r.ok());
        assertEquals("CellTimeout", r.failure().errorName());
    }

    @Test
    void successfulRunPrintsOneLinePerNotebookAndExitsZero() throws Exception {
        Path a = notebook("one.ipynb", "```java\nprint 1\n```\n");
        Path b = notebook("two.ipynb", "text\n```java\nprint 2\n```\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {a.toString(), b.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, this::fresh);
        assertEquals(0, status);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("ok +.*one\\.ipynb +1 cells +\\d+\\.\\d s"), lines.get(0));
        assertTrue(lines.get(1).matches("ok +.*two\\.ipynb +2 cells +\\d+\\.\\d s"), lines.get(1));
    }

    @Test
    void cellRunningPastTheTimeoutIsStoppedAndNamed() throws Exception {
        Path nb = notebook("slow.ipynb", "```java\nprint start\nhang\n```\n```java\nprint never\n```\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int status = RunCommand.run(new String[] {nb.toString(), "--timeout", "0.2"}, quiet,
                new PrintStream(err, true, StandardCharsets.UTF_8), this::fresh);
        assertEquals(1, status);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("slow.ipynb, cell 1 (In[1]): CellTimeout: the cell ran longer than the limit of 0.2 s"), e);
        JsonArray outs = outputs(NotebookJson.read(nb), 0);
        assertEquals("start\n", text(outs.get(0).getAsJsonObject(), "text"));
        assertEquals("CellTimeout", outs.get(1).getAsJsonObject().get("ename").getAsString());
        assertEquals(2, RunCommand.run(new String[] {nb.toString(), "--timeout", "soon"}, quiet,
                new PrintStream(err, true, StandardCharsets.UTF_8), this::fresh));
    }

    @Test
    void inputRequestFailsClearly() throws Exception {
        Path nb = notebook("ask.ipynb", "```java\ninput\n```\n");
        NotebookRunner.Result r = new NotebookRunner(this::fresh).run(nb, null);
        assertFalse(r.ok());
        assertTrue(r.failure().errorValue().contains("no stdin"), r.failure().errorValue());
    }

    @Test
    void badArgumentsAndNonNotebooksAreRefusedWithUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, RunCommand.run(new String[0], System.out, e, this::fresh));
        assertEquals(2, RunCommand.run(new String[] {tmp.resolve("missing.ipynb").toString()}, System.out, e, this::fresh));
        Path json = tmp.resolve("not.ipynb");
        Files.writeString(json, "{\"nbformat\": 3, \"cells\": []}");
        assertEquals(2, RunCommand.run(new String[] {json.toString()}, System.out, e, this::fresh));
        String s = err.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("does not exist"), s);
        assertTrue(s.contains("expected nbformat 4 but got nbformat 3"), s);
    }

    @Test
    void scriptPrintsOutputAndSavesPicturesNextToIt() throws Exception {
        Path script = tmp.resolve("demo.jsh");
        Files.writeString(script, "print hello\npng a\npng b\ndisplay t text shown\nupdate t text final\n\n/exit\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {script.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, this::fresh);
        assertEquals(0, status, "the trailing /exit is a JShell command, not code");
        String s = out.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("hello\n"), s);
        assertTrue(s.contains("text shown\n"), s);
        assertTrue(s.contains("text final\n"), s);
        assertTrue(Files.size(tmp.resolve("demo-1.png")) > 0);
        assertTrue(Files.size(tmp.resolve("demo-2.png")) > 0);
        assertFalse(Files.exists(tmp.resolve("demo-3.png")));
    }

    @Test
    void unclosedCodeBlockInSourceIsReported() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NotebookSource.parse("text\n```java\nprint x\n", "x"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
