package jcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jcnn.eval.JShellEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner with the kernel's real JShell evaluator: a tiny notebook and a tiny script, end to end. */
class JShellRunnerTest {
    @TempDir
    Path tmp;

    private static JsonArray outputs(JsonObject nb, int cell) {
        return nb.getAsJsonArray("cells").get(cell).getAsJsonObject().getAsJsonArray("outputs");
    }

    @Test
    void notebookRoundTripWithTheRealEvaluator() throws Exception {
        Path nb = tmp.resolve("real.ipynb");
        NotebookJson.write(NotebookSource.parse("""
                # Real

                ```java
                int x = 6 * 7;
                System.out.println("x is " + x);
                System.err.println("careful");
                ```

                ```java
                var handle = display(MimeBundle.text("first"));
                Tensor t = F.conv2d(Tensor.ones(1, 1, 3, 3), Tensor.ones(1, 1, 3, 3), null, 1, 0);
                t.item()
                ```

                ```java
                handle.update(MimeBundle.text("second"));
                x + 1
                ```

                ```java
                int y = 1 / (x - 42);
                ```

                ```java
                System.out.println("never");
                ```
                """, "real"), nb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {nb.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), JShellEvaluator::new);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, e);
        assertTrue(e.contains("real.ipynb, cell 5 (In[4]): java.lang.ArithmeticException") || e.contains("real.ipynb, cell 5 (In[4]): ArithmeticException"), e);
        assertTrue(e.contains("/ by zero"), e);

        JsonObject done = NotebookJson.read(nb);
        JsonArray c2 = outputs(done, 1);
        assertEquals("x is 42\n", NotebookJson.text(c2.get(0).getAsJsonObject().get("text")));
        assertEquals("stderr", c2.get(1).getAsJsonObject().get("name").getAsString());
        JsonArray c3 = outputs(done, 2);
        assertEquals("second", NotebookJson.text(c3.get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain")),
                "the display was updated in place by the next cell");
        JsonObject result = c3.get(1).getAsJsonObject();
        assertEquals("execute_result", result.get("output_type").getAsString());
        assertEquals("9.0", NotebookJson.text(result.getAsJsonObject("data").get("text/plain")));
        JsonArray c4 = outputs(done, 3);
        assertEquals(1, c4.size(), "an update adds no output");
        assertEquals("43", NotebookJson.text(c4.get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain")));
        JsonObject error = outputs(done, 4).get(0).getAsJsonObject();
        assertEquals("error", error.get("output_type").getAsString());
        assertTrue(error.get("ename").getAsString().contains("ArithmeticException"), error.toString());
        assertEquals(0, outputs(done, 5).size());
    }

    @Test
    void clearOutputDropsTheCellsOutputNowOrAtTheNextOutput() throws Exception {
        Path nb = tmp.resolve("clear.ipynb");
        NotebookJson.write(NotebookSource.parse("""
                ```java
                System.out.println("gone");
                display(MimeBundle.text("gone too"));
                clearOutput();
                System.out.println("kept");
                ```

                ```java
                System.out.println("frame 1");
                clearOutput(true);
                System.out.println("frame 2");
                clearOutput(true);
                ```

                ```java
                System.out.println("earlier cells are not touched");
                ```
                """, "clear"), nb);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {nb.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), JShellEvaluator::new);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonObject done = NotebookJson.read(nb);
        JsonArray c1 = outputs(done, 0);
        assertEquals(1, c1.size(), c1.toString());
        assertEquals("kept\n", NotebookJson.text(c1.get(0).getAsJsonObject().get("text")));
        JsonArray c2 = outputs(done, 1);
        assertEquals(1, c2.size(), c2.toString());
        assertEquals("frame 2\n", NotebookJson.text(c2.get(0).getAsJsonObject().get("text")),
                "clearOutput(true) clears when the next output comes, and keeps the last frame at the end");
        assertEquals(1, outputs(done, 2).size());
    }

    @Test
    void runawayCellIsStoppedByTheTimeoutAndTheRunFails() throws Exception {
        Path nb = tmp.resolve("runaway.ipynb");
        NotebookJson.write(NotebookSource.parse("```java\nlong n = 0;\nwhile (true) { n++; }\n```\n", "runaway"), nb);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {nb.toString(), "--timeout", "1"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), JShellEvaluator::new);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, e);
        assertTrue(e.contains("runaway.ipynb, cell 1 (In[1]): CellTimeout"), e);
    }

    @Test
    void widgetStateIsSavedInTheMetadataSoTheNotebookRendersWithoutAKernel() throws Exception {
        Path nb = tmp.resolve("widgets.ipynb");
        NotebookJson.write(NotebookSource.parse("""
                # Widgets

                ```java
                var k = new IntSlider(1, 7).value(3).description("kernel");
                Widgets.interact(() -> "out = " + (7 - k.value() + 1), k)
                ```

                ```java
                k.value(5);
                ```
                """, "widgets"), nb);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {nb.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), JShellEvaluator::new);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonObject done = NotebookJson.read(nb);
        JsonObject data = outputs(done, 1).get(0).getAsJsonObject().getAsJsonObject("data");
        String modelId = data.getAsJsonObject("application/vnd.jupyter.widget-view+json").get("model_id").getAsString();
        assertTrue(NotebookJson.text(data.get("text/plain")).startsWith("VBox(IntSlider(value=3, min=1, max=7,"),
                data.toString());
        JsonObject state = done.getAsJsonObject("metadata").getAsJsonObject("widgets")
                .getAsJsonObject("application/vnd.jupyter.widget-state+json");
        assertEquals(2, state.get("version_major").getAsInt());
        JsonObject models = state.getAsJsonObject("state");
        assertEquals("VBoxModel", models.getAsJsonObject(modelId).get("model_name").getAsString());
        JsonObject slider = null;
        JsonObject output = null;
        for (String id : models.keySet()) {
            JsonObject m = models.getAsJsonObject(id);
            if (m.get("model_name").getAsString().equals("IntSliderModel")) {
                slider = m.getAsJsonObject("state");
            } else if (m.get("model_name").getAsString().equals("OutputModel")) {
                output = m.getAsJsonObject("state");
            }
        }
        assertEquals(5, slider.get("value").getAsInt(), "the last state, after the second cell moved it");
        assertEquals("\"out = 3\"", output.getAsJsonArray("outputs").get(0).getAsJsonObject()
                .getAsJsonObject("data").get("text/plain").getAsString(), "the Output shows the last redraw");
    }

    @Test
    void scriptPrintsAndSavesItsPictures() throws Exception {
        Path script = tmp.resolve("pictures.jsh");
        Files.writeString(script, """
                System.out.println("sum " + Tensor.ones(2, 2).sum().item());
                display(Plots.image(Tensor.rand(1, 1, 1, 8, 8)));
                /exit
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {script.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, JShellEvaluator::new);
        String s = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, s);
        assertTrue(s.contains("sum 4.0"), s);
        byte[] png = Files.readAllBytes(tmp.resolve("pictures-1.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertFalse(Files.exists(tmp.resolve("pictures-2.png")));
    }

    /** Issue 14: README's net.featureMaps(img).plot() as a script's last expression printed a list, no picture. */
    @Test
    void featureMapsPlotAsTheLastExpressionOfAScriptIsSavedAsOnePng() throws Exception {
        Path script = tmp.resolve("maps.jsh");
        Files.writeString(script, """
                Net net = Cnn.input(1, 8, 8).conv(2, 3).relu().maxPool(2).flatten().dense(2).build();
                net.featureMaps(Tensor.rand(1, 1, 1, 8, 8)).plot()
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RunCommand.run(new String[] {script.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, JShellEvaluator::new);
        String s = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, s);
        assertTrue(s.contains("[3 pictures: feature maps 'conv1'"), s);
        byte[] png = Files.readAllBytes(tmp.resolve("maps-1.png"));
        assertEquals('P', png[1]);
        assertFalse(Files.exists(tmp.resolve("maps-2.png")), "one picture, not one per layer");
    }
}
