package jcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jcnn.data.Idx;
import jcnn.eval.JShellEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of README.md compiles and runs (issue 14: README examples had
 * rotted). Each block runs as a cell of its own small notebook, through the headless runner with
 * the kernel's JShell evaluator (a fresh one per block), so it sees what a notebook cell sees.
 *
 * <p>Blocks that train read Fashion-MNIST: here a tiny generated set (96 training and 48 test
 * images of noise, through {@code -Djcnn.data}), so the README's 5-epoch trainings take seconds.
 *
 * <p>A block may be preceded (blank lines between are fine) by one HTML comment, invisible on
 * GitHub:
 * <pre>
 * &lt;!-- readme-test: before: Java code run first, in a cell of its own, to define what the
 *      block assumes (a trained {@code net}, a {@code history}) --&gt;
 * &lt;!-- readme-test: skip: why this block cannot run here (say what it needs) --&gt;
 * </pre>
 * A marker of another kind, a skip without a reason, or a marker not followed by a block fails.
 * Files a block writes in the working directory under a name quoted in the block
 * ({@code "loss.png"}, {@code "fashion.jcnn"}, {@code "fashion.onnx"}) are deleted afterwards when they did not
 * exist before.
 */
class ReadmeExamplesTest {
    static final Path README = Path.of("README.md");
    private static final Pattern MARKER = Pattern.compile("(?s)<!--\\s*readme-test:\\s*(\\w[\\w-]*)\\s*:(.*?)-->");
    private static final Pattern FILE_LITERAL = Pattern.compile("\"([\\w.-]+\\.(?:png|svg|jcnn|onnx|npz|jsh|ipynb|csv|txt))\"");

    static Path data;
    static String previousData;

    /** One {@code ```java} block: its first line (1-based, the fence), its code and its marker. */
    record Block(int line, String code, String before, String skip) {
    }

    /** Parses README text into blocks; throws IllegalArgumentException for a bad marker. */
    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String before = null;
        String skip = null;
        int markerLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("<!--") && line.contains("readme-test")) {
                StringBuilder comment = new StringBuilder(lines[i]);
                int start = i;
                while (!comment.toString().contains("-->")) {
                    if (++i >= lines.length) {
                        throw new IllegalArgumentException("README.md line " + (start + 1) + ": readme-test marker never closed with -->");
                    }
                    comment.append('\n').append(lines[i]);
                }
                Matcher m = MARKER.matcher(comment);
                if (!m.find()) {
                    throw new IllegalArgumentException("README.md line " + (start + 1) + ": expected <!-- readme-test: before: CODE -->"
                            + " or <!-- readme-test: skip: REASON --> but got " + comment);
                }
                if (before != null || skip != null) {
                    throw new IllegalArgumentException("README.md line " + (start + 1) + ": a second readme-test marker before one block");
                }
                String body = m.group(2).strip();
                switch (m.group(1)) {
                    case "before" -> before = body;
                    case "skip" -> {
                        if (body.isEmpty()) {
                            throw new IllegalArgumentException("README.md line " + (start + 1)
                                    + ": readme-test: skip needs a reason (what the block needs that a test cannot have)");
                        }
                        skip = body;
                    }
                    default -> throw new IllegalArgumentException("README.md line " + (start + 1) + ": unknown readme-test marker '"
                            + m.group(1) + "'; expected 'before' or 'skip'");
                }
                markerLine = start + 1;
            } else if (line.equals("```java")) {
                StringBuilder code = new StringBuilder();
                int start = i;
                while (++i < lines.length && !lines[i].strip().equals("```")) {
                    code.append(lines[i]).append('\n');
                }
                if (i >= lines.length) {
                    throw new IllegalArgumentException("README.md line " + (start + 1) + ": ```java block never closed");
                }
                blocks.add(new Block(start + 1, code.toString(), before, skip));
                before = null;
                skip = null;
            } else if (!line.isEmpty() && (before != null || skip != null)) {
                throw new IllegalArgumentException("README.md line " + markerLine
                        + ": a readme-test marker must be followed by a ```java block (only blank lines between)");
            }
        }
        if (before != null || skip != null) {
            throw new IllegalArgumentException("README.md line " + markerLine + ": a readme-test marker at the end, with no block");
        }
        return blocks;
    }

    /** A tiny Fashion-MNIST: 96 training and 48 test images of noise, 28x28, labels 0..9. */
    @BeforeAll
    static void tinyFashionMnist() throws IOException {
        data = Files.createTempDirectory("jcnn-readme-data");
        Path dir = Files.createDirectories(data.resolve("fashion-mnist"));
        Random random = new Random(14);
        for (String[] split : new String[][] {{"train", "96"}, {"t10k", "48"}}) {
            int n = Integer.parseInt(split[1]);
            byte[] pixels = new byte[n * 28 * 28];
            random.nextBytes(pixels);
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
            }
            Idx.writeUnsignedBytes(dir.resolve(split[0] + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, pixels, true);
            Idx.writeUnsignedBytes(dir.resolve(split[0] + "-labels-idx1-ubyte.gz"), new int[] {n}, labels, true);
        }
        previousData = System.setProperty("jcnn.data", data.toString());
    }

    @AfterAll
    static void restore() throws IOException {
        if (previousData == null) {
            System.clearProperty("jcnn.data");
        } else {
            System.setProperty("jcnn.data", previousData);
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfTheReadmeCompilesAndRuns() throws IOException {
        List<Block> blocks = blocks(Files.readString(README, StandardCharsets.UTF_8));
        assertFalse(blocks.isEmpty(), "README.md has no ```java block");
        return blocks.stream().map(b -> DynamicTest.dynamicTest("README.md line " + b.line(), () -> run(b)));
    }

    private static void run(Block block) throws IOException {
        Assumptions.assumeTrue(block.skip() == null, () -> "skipped by its marker: " + block.skip());
        Set<Path> created = new LinkedHashSet<>();
        Matcher files = FILE_LITERAL.matcher(block.code());
        while (files.find()) {
            Path p = Path.of(files.group(1));
            if (!Files.exists(p)) {
                created.add(p);
            }
        }
        Path dir = Files.createTempDirectory("jcnn-readme-block");
        try {
            String source = (block.before() == null ? "" : "```java\n" + block.before() + "\n```\n\n")
                    + "```java\n" + block.code() + "```\n";
            Path notebook = dir.resolve("readme-line-" + block.line() + ".ipynb");
            NotebookJson.write(NotebookSource.parse(source, "readme-line-" + block.line()), notebook);
            NotebookRunner.Result r = new NotebookRunner(JShellEvaluator::new).cellTimeout(600).run(notebook, dir.resolve("out"));
            if (!r.ok()) {
                boolean inSetup = block.before() != null && r.failure().cellNumber() == 1;
                fail("README.md line " + block.line() + (inSetup ? ": its readme-test 'before' code failed: " : ": the block failed: ")
                        + r.failure().errorName() + ": " + r.failure().errorValue() + "\n" + String.join("\n", r.failure().traceback()));
            }
        } finally {
            for (Path p : created) {
                Files.deleteIfExists(p);
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void markersAreParsedAndMistakesInThemAreRefused() {
        List<Block> blocks = blocks("""
                text
                <!-- readme-test: before: int x = 1;
                int y = 2; -->

                ```java
                x + y
                ```
                <!-- readme-test: skip: needs a screen -->
                ```java
                Plots.params().show();
                ```
                ```java
                1
                ```
                """);
        assertEquals(3, blocks.size());
        assertEquals(new Block(5, "x + y\n", "int x = 1;\nint y = 2;", null), blocks.get(0));
        assertEquals("needs a screen", blocks.get(1).skip());
        assertEquals(new Block(12, "1\n", null, null), blocks.get(2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> blocks("<!-- readme-test: skip: -->\n```java\n1\n```\n"))
                .getMessage().contains("skip needs a reason"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> blocks("<!-- readme-test: befor: int x; -->\n```java\n1\n```\n"))
                .getMessage().contains("unknown readme-test marker 'befor'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> blocks("<!-- readme-test: before: int x; -->\ntext\n```java\n1\n```\n"))
                .getMessage().contains("must be followed by a ```java block"));
    }
}
