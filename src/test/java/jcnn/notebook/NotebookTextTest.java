package jcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the lecture notebooks' text is for students (notebook 08 talked about CI, a test class
 * and the project's machine), and notebook 07's L2 demonstration shows what L2 does (it showed
 * no effect).
 */
class NotebookTextTest {
    /** Words about how the project is built and tested, which students neither need nor have. */
    static final Pattern NOT_FOR_STUDENTS = Pattern.compile(
            "\\bCI\\b|LectureNumbersTest|\\bJUnit\\b|test\\.sh|surefire|this project's|\\d-core machine|this machine");

    /** The lines of {@code text} (Markdown) that speak about the project instead of the lecture. */
    static List<String> notForStudents(String name, String text) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean code = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith("```")) {
                code = !code;
                continue;
            }
            if (!code && NOT_FOR_STUDENTS.matcher(lines[i]).find()) {
                found.add(name + ":" + (i + 1) + ": " + lines[i].strip());
            }
        }
        return found;
    }

    @Test
    void lectureNotebookTextIsForStudents() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        try (DirectoryStream<Path> sources = Files.newDirectoryStream(Path.of("notebooks/src"), "*.md")) {
            for (Path md : sources) {
                files++;
                found.addAll(notForStudents(md.toString(), Files.readString(md, StandardCharsets.UTF_8)));
            }
        }
        try (DirectoryStream<Path> notebooks = Files.newDirectoryStream(Path.of("notebooks"), "*.ipynb")) {
            for (Path nb : notebooks) {
                files++;
                for (JsonElement cell : NotebookJson.read(nb).getAsJsonArray("cells")) {
                    JsonObject c = cell.getAsJsonObject();
                    if ("markdown".equals(c.get("cell_type").getAsString())) {
                        found.addAll(notForStudents(nb + " (markdown cell " + c.get("id").getAsString() + ")",
                                NotebookJson.text(c.get("source"))));
                    }
                }
            }
        }
        assertTrue(files >= 16, "expected the 8 sources and the 8 notebooks, found " + files + " files");
        assertEquals(List.of(), found, "notebook text for students mentions the project's testing or machines");
        assertEquals(1, notForStudents("x.md", "intro\nA quick check (CI) may run it\n```java\nint CI = 1;\n```\n").size());
    }

    /** One row of notebook 07's side-by-side table. */
    record Row(double trainAccuracy, double validationAccuracy, double gap, double squaredWeights) {
    }

    private static final Pattern ROW = Pattern.compile("(?m)^(no regularization|L2 \\(1e-3\\)|L2 \\(1e-2\\)|dropout \\(0\\.5\\))\\s+"
            + "train acc ([\\d.]+)\\s+val acc ([\\d.]+) \\(best [\\d.]+\\)\\s+gap (-?[\\d.]+)\\s+val loss [\\d.]+ \\(lowest [\\d.]+\\)\\s+"
            + "Σw²\\s+([\\d.]+)$");

    /**
     * Checks what the lecture says L2 does in notebook 07's printed comparison: it shrinks the
     * weights (Σw² less than half without it, smaller still for the larger λ), training accuracy
     * falls and the gap between training and validation accuracy narrows as λ grows.
     */
    static void checkL2Effect(String outputs) {
        Map<String, Row> rows = new HashMap<>();
        Matcher m = ROW.matcher(outputs);
        while (m.find()) {
            rows.put(m.group(1), new Row(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))));
        }
        for (String name : List.of("no regularization", "L2 (1e-3)", "L2 (1e-2)")) {
            assertTrue(rows.containsKey(name), "notebook 07 prints no row '" + name + "' with train acc, gap and Σw²");
        }
        Row none = rows.get("no regularization");
        Row weak = rows.get("L2 (1e-3)");
        Row strong = rows.get("L2 (1e-2)");
        assertTrue(weak.squaredWeights() < none.squaredWeights() / 2 && strong.squaredWeights() < weak.squaredWeights(),
                "L2 shrinks the weights: Σw² " + none.squaredWeights() + " / " + weak.squaredWeights() + " / " + strong.squaredWeights());
        assertTrue(strong.trainAccuracy() < weak.trainAccuracy() && weak.trainAccuracy() < none.trainAccuracy(),
                "L2 stops the memorising: train accuracy " + none.trainAccuracy() + " / " + weak.trainAccuracy() + " / " + strong.trainAccuracy());
        assertTrue(strong.gap() < weak.gap() && weak.gap() < none.gap(),
                "L2 narrows the gap: " + none.gap() + " / " + weak.gap() + " / " + strong.gap());
    }

    @Test
    void notebook07ShowsWhatL2Does() {
        checkL2Effect(LectureNumbersTest.all(LectureNumbersTest.load("07-regularization-dropout.ipynb")));
    }

    @Test
    void theL2CheckFailsOnTheOldDemonstrationAndOnATamperedOne() {
        // the old notebook's side-by-side lines: one λ, no weight sizes
        String old = """
                no regularization train accuracy 0.995   validation accuracy 0.807 (best 0.811)   gap 0.189   validation loss 0.651 (lowest 0.562)
                L2 (1e-3)        train accuracy 0.974   validation accuracy 0.800 (best 0.801)   gap 0.174   validation loss 0.599 (lowest 0.557)
                """;
        assertThrows(AssertionError.class, () -> checkL2Effect(old));
        String good = """
                no regularization  train acc 0.995   val acc 0.807 (best 0.811)   gap 0.189   val loss 0.651 (lowest 0.562)   Σw²  821.8
                L2 (1e-3)          train acc 0.974   val acc 0.800 (best 0.801)   gap 0.174   val loss 0.599 (lowest 0.557)   Σw²  211.9
                L2 (1e-2)          train acc 0.870   val acc 0.786 (best 0.801)   gap 0.085   val loss 0.611 (lowest 0.583)   Σw²   31.8
                """;
        checkL2Effect(good);
        assertThrows(AssertionError.class, () -> checkL2Effect(good.replace("Σw²   31.8", "Σw²  931.8")));
        assertThrows(AssertionError.class, () -> checkL2Effect(good.replace("gap 0.085", "gap 0.285")));
    }
}
