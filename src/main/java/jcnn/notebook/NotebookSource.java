package jcnn.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds notebooks from Markdown sources ({@code notebooks/src/NN-name.md}), so the lecture
 * notebooks are easy to revise and review as plain text.
 *
 * <p>The format: Markdown, in which every fenced block opened with {@code ```java} becomes a
 * code cell and the text between code cells becomes a Markdown cell; a line
 * {@code <!-- cell -->} starts a new Markdown cell. Words after {@code ```java} are the cell's
 * tags: {@code ```java raises-exception} marks a cell that shows an error on purpose (the
 * runner and nbconvert go on past it). The built notebook has no outputs: execute
 * it with {@code java -jar target/jcnn.jar run}.
 *
 * <pre>
 *   java -cp target/jcnn.jar jcnn.notebook.NotebookSource notebooks/src notebooks
 * </pre>
 */
public final class NotebookSource {
    private static final String SPLIT = "<!-- cell -->";

    private NotebookSource() {
    }

    /** Builds every {@code *.md} of {@code sourceDir} into {@code notebookDir/NAME.ipynb}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java -cp target/jcnn.jar jcnn.notebook.NotebookSource SOURCE_DIR NOTEBOOK_DIR");
            System.exit(2);
        }
        Path sources = Path.of(args[0]);
        Path notebooks = Path.of(args[1]);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sources, "*.md")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path md : files) {
            String stem = md.getFileName().toString().replaceAll("\\.md$", "");
            Path target = notebooks.resolve(stem + ".ipynb");
            JsonObject nb = parse(Files.readString(md, StandardCharsets.UTF_8), stem);
            NotebookJson.write(nb, target);
            System.out.println(md + " -> " + target + " (" + nb.getAsJsonArray("cells").size() + " cells)");
        }
    }

    /** Reads one source file into an unexecuted notebook. */
    public static JsonObject read(Path md) {
        try {
            return parse(Files.readString(md, StandardCharsets.UTF_8), md.getFileName().toString().replaceAll("\\.md$", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + md + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a source text into an unexecuted nbformat 4.5 notebook whose cell ids are
     * {@code stem-1}, {@code stem-2}, ...
     *
     * @throws IllegalArgumentException if a {@code ```java} block is not closed (with its line)
     */
    public static JsonObject parse(String text, String stem) {
        JsonArray cells = new JsonArray();
        StringBuilder markdown = new StringBuilder();
        StringBuilder code = null;
        List<String> tags = List.of();
        int codeStart = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (code == null) {
                if (line.strip().equals("```java") || line.strip().startsWith("```java ")) {
                    addMarkdown(cells, markdown, stem);
                    tags = List.of(line.strip().substring("```java".length()).strip().split("\\s+"));
                    tags = tags.equals(List.of("")) ? List.of() : tags;
                    code = new StringBuilder();
                    codeStart = i + 1;
                } else if (line.strip().equals(SPLIT)) {
                    addMarkdown(cells, markdown, stem);
                } else {
                    markdown.append(line).append('\n');
                }
            } else if (line.strip().equals("```")) {
                addCell(cells, "code", code.toString(), stem);
                if (!tags.isEmpty()) {
                    JsonArray array = new JsonArray();
                    tags.forEach(array::add);
                    cells.get(cells.size() - 1).getAsJsonObject().getAsJsonObject("metadata").add("tags", array);
                }
                code = null;
            } else {
                code.append(line).append('\n');
            }
        }
        if (code != null) {
            throw new IllegalArgumentException(stem + ": the ```java block opened at line " + codeStart
                    + " is never closed; add a line with ``` after its code");
        }
        addMarkdown(cells, markdown, stem);
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        nb.add("metadata", new JsonObject());
        NotebookJson.setKernelMetadata(nb);
        return nb;
    }

    private static void addMarkdown(JsonArray cells, StringBuilder markdown, String stem) {
        String text = markdown.toString().strip();
        markdown.setLength(0);
        if (!text.isEmpty()) {
            addCell(cells, "markdown", text, stem);
        }
    }

    private static void addCell(JsonArray cells, String type, String source, String stem) {
        String body = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        JsonObject cell = new JsonObject();
        cell.addProperty("cell_type", type);
        cell.addProperty("id", stem + "-" + (cells.size() + 1));
        cell.add("metadata", new JsonObject());
        cell.add("source", NotebookJson.lines(body));
        if (type.equals("code")) {
            cell.add("execution_count", JsonNull.INSTANCE);
            cell.add("outputs", new JsonArray());
        }
        cells.add(cell);
    }
}
