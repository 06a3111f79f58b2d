package jcnn.notebook;

import jcnn.io.AtomicFile;
import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reading and writing Jupyter notebooks (nbformat 4) as gson trees, the way Jupyter writes
 * them: keys sorted, one-space indent, multi-line text stored as a list of lines, a final
 * newline. Writing the same notebook twice gives the same bytes, so executed notebooks diff
 * cleanly in git.
 */
public final class NotebookJson {
    /** nbformat 4.5: every cell has an {@code id}. */
    public static final int NBFORMAT = 4;
    public static final int NBFORMAT_MINOR = 5;

    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .serializeNulls() // nbformat requires "execution_count": null on unexecuted code cells
            .setFormattingStyle(FormattingStyle.PRETTY.withIndent(" "))
            .create();

    private NotebookJson() {
    }

    /**
     * Reads a notebook file.
     *
     * @throws IllegalArgumentException if the file is not JSON, not nbformat 4 or has no cells,
     *                                  saying which and how to fix it
     */
    public static JsonObject read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read notebook " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses notebook JSON; {@code name} is used in error messages. */
    public static JsonObject parse(String text, String name) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(name + ": expected a Jupyter notebook (JSON) but the file does not parse: "
                    + e.getMessage() + "; open it in Jupyter or check it with `python3 -m json.tool`", e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(name + ": expected a JSON object with \"cells\" but got " + kind(root));
        }
        JsonObject nb = root.getAsJsonObject();
        int major = nb.has("nbformat") ? nb.get("nbformat").getAsInt() : -1;
        if (major != NBFORMAT) {
            throw new IllegalArgumentException(name + ": expected nbformat 4 but got "
                    + (major < 0 ? "no \"nbformat\" field" : "nbformat " + major)
                    + "; convert it with `jupyter nbconvert --to notebook` first");
        }
        if (!nb.has("cells") || !nb.get("cells").isJsonArray()) {
            throw new IllegalArgumentException(name + ": expected a \"cells\" array but the notebook has none");
        }
        return nb;
    }

    /** Writes {@code notebook} to {@code file} atomically (temporary file, then move). */
    public static void write(JsonObject notebook, Path file) {
        String json = toJson(notebook);
        try {
            AtomicFile.write(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write notebook " + file + ": " + e.getMessage(), e);
        }
    }

    /** The notebook as Jupyter writes it: sorted keys, indent 1, final newline. */
    public static String toJson(JsonObject notebook) {
        return GSON.toJson(sorted(notebook)) + "\n";
    }

    /** A gson tree of any value a MIME bundle may hold (String, Number, Map, List, ...). */
    public static JsonElement tree(Object value) {
        if (value instanceof JsonElement e) {
            return e;
        }
        return GSON.toJsonTree(value);
    }

    /**
     * Splits text into lines that keep their terminators ({@code "a\nb"} becomes
     * {@code ["a\n", "b"]}), as nbformat stores sources, streams and text outputs.
     */
    public static JsonArray lines(String text) {
        JsonArray out = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** The text of a multi-line field: a string, or a list of strings joined. */
    public static String text(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "";
        }
        if (element.isJsonPrimitive()) {
            return element.getAsString();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonElement part : element.getAsJsonArray()) {
            sb.append(part.getAsString());
        }
        return sb.toString();
    }

    /** The code cells' sources, in order (for tests and tools). */
    public static List<String> codeSources(JsonObject notebook) {
        List<String> out = new ArrayList<>();
        for (JsonElement cell : notebook.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if ("code".equals(c.get("cell_type").getAsString())) {
                out.add(text(c.get("source")));
            }
        }
        return out;
    }

    /** Sets the jcnn kernelspec and language_info in the notebook's metadata. */
    public static void setKernelMetadata(JsonObject notebook) {
        JsonObject metadata = notebook.has("metadata") && notebook.get("metadata").isJsonObject()
                ? notebook.getAsJsonObject("metadata") : new JsonObject();
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("name", "jcnn");
        kernelspec.addProperty("display_name", "Java (jcnn)");
        kernelspec.addProperty("language", "java");
        metadata.add("kernelspec", kernelspec);
        // the kernel's kernel_info_reply carries the same (see LanguageInfo)
        JsonObject language = new JsonObject();
        jcnn.eval.LanguageInfo.fields().forEach(language::addProperty);
        metadata.add("language_info", language);
        notebook.add("metadata", metadata);
        notebook.addProperty("nbformat", NBFORMAT);
        notebook.addProperty("nbformat_minor", NBFORMAT_MINOR);
    }

    private static JsonElement sorted(JsonElement element) {
        if (element.isJsonObject()) {
            Map<String, JsonElement> byKey = new TreeMap<>();
            for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
                byKey.put(e.getKey(), sorted(e.getValue()));
            }
            JsonObject out = new JsonObject();
            byKey.forEach(out::add);
            return out;
        }
        if (element.isJsonArray()) {
            JsonArray out = new JsonArray();
            for (JsonElement e : element.getAsJsonArray()) {
                out.add(sorted(e));
            }
            return out;
        }
        return element;
    }

    private static String kind(JsonElement e) {
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
    }
}
