package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code target/jcnn.jar} (run by failsafe after {@code package}; {@code -Djcnn.jar=}
 * points it at another build): its bundled libraries are relocated under {@code jcnn.shaded}, so
 * a cell's {@code %maven com.google.code.gson:gson:2.8.9} gets gson 2.8.9 and not the 2.11 jcnn
 * uses, and jcnn itself (tensors, an XChart plot rendered to PNG and SVG, the notebook written
 * back with its relocated gson) still works in the same notebook afterwards; XChart added to a
 * cell the same way draws its own charts.
 */
class ShadedJarIT {
    @TempDir
    Path dir;

    @Test
    void mavenInACellGetsTheRequestedGsonAndJcnnKeepsWorking() throws Exception {
        Path jar = Path.of(System.getProperty("jcnn.jar", "target/jcnn.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing; build it with mvn -DskipTests package");
        Path notebook = dir.resolve("gson.ipynb");
        Files.writeString(notebook, notebook(
                "%maven com.google.code.gson:gson:2.8.9",
                // Strictness is new in gson 2.11: absent from 2.8.9
                "boolean hasStrictness;\n"
                        + "try { Class.forName(\"com.google.gson.Strictness\"); hasStrictness = true; }\n"
                        + "catch (ClassNotFoundException e) { hasStrictness = false; }\n"
                        + "String from = com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath();\n"
                        + "System.out.println(\"gson jar: \" + from.substring(from.lastIndexOf('/') + 1));\n"
                        + "System.out.println(\"Strictness: \" + hasStrictness);\n"
                        + "System.out.println(new com.google.gson.Gson().toJson(Map.of(\"a\", 1)));",
                "Tensor.of(new float[] {1, 2, 3}, 3).square().sum().item()",
                "Plots.params(Map.of(\"conv\", 80, \"dense\", 1290))",
                "%maven org.knowm.xchart:xchart:3.8.8",
                "var chart = new org.knowm.xchart.XYChartBuilder().width(320).height(240).title(\"cell\").build();\n"
                        + "chart.addSeries(\"y\", new double[] {1, 2, 3}, new double[] {3, 1, 2});\n"
                        + "chart",
                "Plots.params(Map.of(\"conv\", 80)).svg().contains(\"<svg\")"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-jar", jar.toString(),
                "run", notebook.toString(), "--out", out.toString(), "--timeout", "300"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "jcnn run did not finish");
        assertEquals(0, p.exitValue(), () -> "jcnn run failed:\n" + log);

        JsonArray cells = JsonParser.parseString(Files.readString(out.resolve("gson.ipynb"))).getAsJsonObject()
                .getAsJsonArray("cells");
        String maven = text(cells.get(0));
        assertTrue(maven.contains("com.google.code.gson:gson:2.8.9: 1 jar(s) resolved, 1 added"), maven);
        String gson = text(cells.get(1));
        assertTrue(gson.contains("gson jar: gson-2.8.9.jar"), gson);
        assertTrue(gson.contains("Strictness: false"), gson);
        assertTrue(gson.contains("{\"a\":1}"), gson);
        assertTrue(text(cells.get(2)).contains("14.0"), () -> text(cells.get(2)));
        JsonObject plot = output(cells.get(3));
        assertTrue(plot.has("data") && plot.getAsJsonObject("data").has("image/png"),
                () -> "the bar chart did not render as a PNG: " + plot);
        // XChart in a cell: its own copy, drawn by that copy
        assertTrue(text(cells.get(4)).contains("added to the class path"), () -> text(cells.get(4)));
        JsonObject chart = output(cells.get(5));
        assertTrue(chart.getAsJsonObject("data").has("image/png"), () -> "the cell's XYChart is not a PNG: " + chart);
        assertTrue(text(cells.get(5)).contains("XYChart \"cell\" 320×240"), () -> text(cells.get(5)));
        assertTrue(text(cells.get(6)).contains("true"), () -> "SVG through the relocated VectorGraphics2D: " + text(cells.get(6)));
    }

    private static String notebook(String... sources) {
        JsonArray cells = new JsonArray();
        for (String source : sources) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.add("metadata", new JsonObject());
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", com.google.gson.JsonNull.INSTANCE);
            cell.addProperty("source", source);
            cells.add(cell);
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        nb.add("metadata", new JsonObject());
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        return nb.toString();
    }

    /** All text a cell printed or returned. */
    private static String text(JsonElement cell) {
        StringBuilder all = new StringBuilder();
        for (JsonElement o : cell.getAsJsonObject().getAsJsonArray("outputs")) {
            JsonObject out = o.getAsJsonObject();
            JsonElement t = out.has("text") ? out.get("text")
                    : out.has("data") ? out.getAsJsonObject("data").get("text/plain")
                    : out.has("evalue") ? out.get("evalue") : null;
            if (t != null && t.isJsonArray()) {
                t.getAsJsonArray().forEach(line -> all.append(line.getAsString()));
            } else if (t != null) {
                all.append(t.getAsString());
            }
            all.append('\n');
        }
        return all.toString();
    }

    private static JsonObject output(JsonElement cell) throws IOException {
        JsonArray outputs = cell.getAsJsonObject().getAsJsonArray("outputs");
        for (JsonElement o : outputs) {
            if (o.getAsJsonObject().has("data")) {
                return o.getAsJsonObject();
            }
        }
        throw new AssertionError("no display output in " + outputs);
    }
}
