package jcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the committed, executed lecture notebooks and checks that their outputs — computed by
 * jcnn when the runner executed them — show the lecture's worked numbers. Each check is also run
 * on a tampered copy, to show that it can fail.
 */
class LectureNumbersTest {
    /** The executed notebooks to check: the committed ones, or {@code -Djcnn.notebooks=DIR} (CI checks fresh runs). */
    static final Path NOTEBOOKS = Path.of(System.getProperty("jcnn.notebooks", "notebooks"));

    /** The bar for notebook 08's test accuracy: the lecture's 91% after 5 epochs, lower for the CI setting. */
    static double accuracyBar(int epochs) {
        return epochs >= 5 ? 0.91 : epochs >= 2 ? 0.88 : 0.85;
    }

    /**
     * The bar for notebook 09's residual network: issue 11's 92.5% after 5 epochs (its recipe, batches of 32, AdamW 4e-3,
     * warmupCosine(epochs, 0.5), label smoothing 0.1, measured 0.9269 with the notebook's seed 42, 0.9268 and 0.9304 with
     * seeds 1 and 2; bench/nb09/Recipes.java b32-wc-lr4-ls), lower for shorter runs, whose schedule is squeezed into their
     * epochs: 1 epoch measured 0.8958, so 86% leaves 3.5 points; 2 epochs 0.9101, so 88% for 2 to 4 epochs.
     */
    static double residualAccuracyBar(int epochs) {
        return epochs >= 5 ? 0.925 : epochs >= 2 ? 0.88 : 0.86;
    }

    /**
     * Notebooks not executed into {@link #NOTEBOOKS} on purpose, by file-name prefix
     * ({@code -Djcnn.notebooks.skip=09}: scripts/test.sh runs notebook 09 on the first JDK only);
     * their checks are skipped, and say so.
     */
    static boolean skipped(String prefix) {
        return java.util.Arrays.asList(System.getProperty("jcnn.notebooks.skip", "").split(",")).contains(prefix);
    }

    static JsonObject load(String name) {
        return NotebookJson.read(NOTEBOOKS.resolve(name));
    }

    /** Everything the code cells printed or showed as text, in order, one string per output. */
    static List<String> outputs(JsonObject nb) {
        List<String> texts = new ArrayList<>();
        for (JsonElement cell : nb.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if (!"code".equals(c.get("cell_type").getAsString())) {
                continue;
            }
            for (JsonElement o : c.getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                String type = out.get("output_type").getAsString();
                if (type.equals("error")) {
                    throw new AssertionError("the executed notebook has an error output: " + out.get("ename") + ": " + out.get("evalue"));
                }
                if (type.equals("stream")) {
                    texts.add(NotebookJson.text(out.get("text")));
                } else if (out.has("data") && out.getAsJsonObject("data").has("text/plain")) {
                    texts.add(NotebookJson.text(out.getAsJsonObject("data").get("text/plain")));
                }
            }
        }
        return texts;
    }

    static String all(JsonObject nb) {
        return String.join("\n", outputs(nb));
    }

    /** The first match of {@code regex} in the notebook's outputs, or an AssertionError naming what was expected. */
    static Matcher find(JsonObject nb, String what, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(all(nb));
        if (!m.find()) {
            throw new AssertionError("expected " + what + " (pattern " + regex + ") in the notebook's outputs");
        }
        return m;
    }

    static long number(String withCommas) {
        return Long.parseLong(withCommas.replace(",", ""));
    }

    // ----- the checks -----

    static void check01(JsonObject nb) {
        String[][] expected = {
                {"fully connected", "1000000000000", "10^12"},
                {"locally connected, 10×10", "100000000", "10^8"},
                {"one shared 10×10 kernel", "100", "10^2"},
                {"100 shared 10×10 kernels", "10000", "10^4"}};
        for (String[] e : expected) {
            Matcher m = find(nb, e[0] + " count", "^" + Pattern.quote(e[0]) + " +([0-9,]+) weights = (\\S+)$");
            assertEquals(Long.parseLong(e[1]), number(m.group(1)), e[0]);
            assertEquals(e[2], m.group(2), e[0]);
        }
    }

    static void check02(JsonObject nb) {
        Matcher m = find(nb, "the convolved feature", "^convolved feature \\(3×3\\):\\n((?: +-?\\d+ +-?\\d+ +-?\\d+\\n?){3})");
        List<List<Integer>> rows = new ArrayList<>();
        for (String line : m.group(1).strip().split("\n")) {
            List<Integer> row = new ArrayList<>();
            for (String v : line.strip().split(" +")) {
                row.add(Integer.parseInt(v));
            }
            rows.add(row);
        }
        assertEquals(List.of(List.of(4, 3, 4), List.of(2, 4, 3), List.of(2, 3, 4)), rows, "the lecture's convolved feature");
        Matcher first = find(nb, "the first position term by term", "^1×1 \\+ 1×0 \\+ 1×1 \\+ 0×0 \\+ 1×1 \\+ 1×0 \\+ 0×1 \\+ 0×0 \\+ 1×1 = (\\d+)$");
        assertEquals("4", first.group(1));
    }

    static void check03(JsonObject nb) {
        assertEquals("0 + 2 + 0 + 1 = 3", find(nb, "the first output term by term", "^first output = (.*)$").group(1));
        assertEquals("3", find(nb, "y[0, 0, 0, 0]", "^first output y\\[0, 0, 0, 0\\] = (\\S+)$").group(1));
        assertEquals("[1, 2, 3, 3]", find(nb, "the output shape", "^output shape (\\[[^]]*\\])").group(1));
        assertEquals("[1, 1, 28, 28]", find(nb, "one filter's map", "^one filter: +(\\[[^]]*\\])").group(1));
        assertEquals("[1, 2, 28, 28]", find(nb, "two filters' maps", "^two filters: +(\\[[^]]*\\])").group(1));
    }

    static void check08(JsonObject nb) {
        Matcher m = find(nb, "the test accuracy", "^test accuracy: (\\d\\.\\d+) after (\\d+) epochs?");
        double accuracy = Double.parseDouble(m.group(1));
        int epochs = Integer.parseInt(m.group(2));
        assertTrue(accuracy >= accuracyBar(epochs), "test accuracy " + accuracy + " after " + epochs
                + " epochs is below the bar " + accuracyBar(epochs));
    }

    static void check09(JsonObject nb) {
        Matcher m = find(nb, "the residual network's test accuracy", "^test accuracy: (\\d\\.\\d+) after (\\d+) epochs?");
        double accuracy = Double.parseDouble(m.group(1));
        int epochs = Integer.parseInt(m.group(2));
        assertTrue(accuracy >= residualAccuracyBar(epochs), "residual network: test accuracy " + accuracy + " after " + epochs
                + " epochs is below the bar " + residualAccuracyBar(epochs));
        String text = all(nb);
        assertTrue(text.contains("block1.conv1 (Conv2d)") && text.contains("block2.proj (Conv2d)"), "the summary shows the blocks");
        assertTrue(text.contains("feature maps 'block1.conv1'"), "feature maps inside a block are drawn");
        find(nb, "the comparison with the lecture network", "^residual \\+ BN \\+ GAP +(\\d\\.\\d+) +[\\d,]+ +\\d+$");
    }

    // ----- the committed notebooks -----

    @Test
    void notebook01ShowsTheFourParameterCounts() {
        check01(load("01-local-connectivity.ipynb"));
    }

    @Test
    void notebook02ShowsTheConvolvedFeature434243234() {
        check02(load("02-convolution.ipynb"));
    }

    @Test
    void notebook03ShowsShapesAndTheFirstOutput3() {
        check03(load("03-multichannel-convolution.ipynb"));
    }

    @Test
    void notebook08ReachesItsAccuracyBar() {
        check08(load("08-cnn-fashion-mnist.ipynb"));
    }

    @Test
    void notebook09ReachesItsAccuracyBarAndShowsTheBlocks() {
        org.junit.jupiter.api.Assumptions.assumeFalse(skipped("09"), "notebook 09 was not executed into " + NOTEBOOKS);
        check09(load("09-residual-batchnorm.ipynb"));
    }

    // ----- the checks can fail -----

    static JsonObject tampered(String name, String from, String to) {
        String json = NotebookJson.toJson(load(name));
        assertTrue(json.contains(from), name + " should contain " + from);
        return NotebookJson.parse(json.replace(from, to), name + " (tampered)");
    }

    @Test
    void tamperedCopiesFailTheChecks() {
        assertThrows(AssertionError.class, () -> check01(tampered("01-local-connectivity.ipynb", "= 10^8", "= 10^9")));
        assertThrows(AssertionError.class, () -> check02(tampered("02-convolution.ipynb", "   2  4  3", "   2  5  3")));
        assertThrows(AssertionError.class, () -> check03(tampered("03-multichannel-convolution.ipynb", "0 + 2 + 0 + 1 = 3", "0 + 2 + 1 + 1 = 4")));
        JsonObject nb08 = load("08-cnn-fashion-mnist.ipynb");
        Matcher m = find(nb08, "the test accuracy", "^test accuracy: (\\d\\.\\d+)");
        assertThrows(AssertionError.class, () -> check08(tampered("08-cnn-fashion-mnist.ipynb",
                "test accuracy: " + m.group(1), "test accuracy: 0.5000")));
        if (skipped("09")) {
            return;
        }
        JsonObject nb09 = load("09-residual-batchnorm.ipynb");
        Matcher m9 = find(nb09, "the test accuracy", "^test accuracy: (\\d\\.\\d+)");
        assertThrows(AssertionError.class, () -> check09(tampered("09-residual-batchnorm.ipynb",
                "test accuracy: " + m9.group(1), "test accuracy: 0.5000")));
        // just below the bar for the notebook's epoch count
        Matcher e9 = find(nb09, "the epoch count", "^test accuracy: \\d\\.\\d+ after (\\d+) epochs?");
        String below = String.format(java.util.Locale.ROOT, "%.4f", residualAccuracyBar(Integer.parseInt(e9.group(1))) - 0.0001);
        assertThrows(AssertionError.class, () -> check09(tampered("09-residual-batchnorm.ipynb",
                "test accuracy: " + m9.group(1), "test accuracy: " + below)));
    }
}
