package jcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages are the architecture (docs/ARCHITECTURE.md): this test reads the compiled
 * library classes' dependencies with {@code jdeps -verbose:class} (every JDK has it) and fails
 * on a dependency between jcnn packages that {@link #ALLOWED} does not list, on a package the
 * table does not know, and on any cycle between packages.
 *
 * <p>Adding a package means placing it here, with the packages it may use; a dependency against
 * the direction is fixed by moving the class (or the view it needs) down, not by widening the
 * table.
 */
class ArchitectureTest {
    private static final String IO = "jcnn.io";
    private static final String TENSOR = "jcnn.tensor";
    private static final String BACKEND = "jcnn.tensor.backend";
    private static final String NN = "jcnn.nn";
    private static final String OPTIM = "jcnn.optim";
    private static final String DATA = "jcnn.data";
    private static final String PLOT = "jcnn.plot";
    private static final String MODEL = "jcnn.model";
    private static final String ONNX = "jcnn.model.onnx";
    private static final String DISPLAY = "jcnn.display";
    private static final String RENDERERS = "jcnn.display.renderers";
    private static final String WIDGETS = "jcnn.display.widgets";
    private static final String EVAL = "jcnn.eval";
    private static final String KERNEL = "jcnn.kernel";
    private static final String CHANNELS = "jcnn.kernel.channels";
    private static final String PROTOCOL = "jcnn.kernel.protocol";
    private static final String NOTEBOOK = "jcnn.notebook";

    /**
     * Every library package and the jcnn packages it may use directly, bottom to top:
     * {@code tensor <- nn <- optim, data, plot <- model <- display <- eval <- kernel, notebook}.
     * {@code jcnn} itself is {@code Main}, which finds each command's class by name.
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            // writing files atomically: saving a model, exporting ONNX, notebooks, downloads, the kernelspec
            Map.entry(IO, Set.of()),
            Map.entry(BACKEND, Set.of()),
            Map.entry(TENSOR, Set.of(BACKEND)),
            Map.entry(NN, Set.of(TENSOR, BACKEND)),
            Map.entry(OPTIM, Set.of(NN, TENSOR, BACKEND)),
            Map.entry(DATA, Set.of(IO, NN, TENSOR, BACKEND)),
            // draws tensors, images and series, and the read-only views it declares; no Net, no Trainer
            Map.entry(PLOT, Set.of(DATA, NN, TENSOR, BACKEND)),
            Map.entry(MODEL, Set.of(IO, ONNX, PLOT, DATA, OPTIM, NN, TENSOR, BACKEND)),
            // the exporter reads an input shape and layers; Net calls it, not the other way round
            Map.entry(ONNX, Set.of(IO, NN, TENSOR, BACKEND)),
            // MIME bundles, comms: nothing of the library
            Map.entry(DISPLAY, Set.of()),
            Map.entry(WIDGETS, Set.of(DISPLAY)),
            // how tensors, plots, nets and histories become MIME bundles; the live training chart
            Map.entry(RENDERERS, Set.of(DISPLAY, MODEL, PLOT, DATA, OPTIM, NN, TENSOR, BACKEND)),
            Map.entry(EVAL, Set.of(DISPLAY, BACKEND)),
            Map.entry(PROTOCOL, Set.of()),
            Map.entry(CHANNELS, Set.of(PROTOCOL)),
            Map.entry(KERNEL, Set.of(IO, EVAL, DISPLAY, WIDGETS, CHANNELS, PROTOCOL)),
            Map.entry(NOTEBOOK, Set.of(IO, EVAL, DISPLAY, WIDGETS)),
            Map.entry("jcnn", Set.of()));

    private static final Pattern EDGE = Pattern.compile("^\\s+(jcnn[\\w.$]*)\\s+->\\s+(jcnn[\\w.$]*)\\s");

    /** class -> the jcnn classes in other packages it uses, from jdeps. */
    private static Map<String, Set<String>> classEdges;

    @BeforeAll
    static void readClasses() throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        classEdges = jdeps(classes);
        assertTrue(classEdges.keySet().stream().anyMatch(c -> c.startsWith("jcnn.model.")),
                "jdeps found no dependencies of jcnn.model in " + classes + "; is this the library's class folder?");
    }

    static Map<String, Set<String>> jdeps(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
                "jdeps is missing from this Java (" + System.getProperty("java.home") + "); run the tests on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:class", "-e", "jcnn\\..*", classes.toString());
        assertEquals(0, rc, "jdeps failed on " + classes + ": " + err);
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return edges;
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** package -> packages it uses (other than itself). */
    static Map<String, Set<String>> packageGraph(Map<String, Set<String>> edges) {
        Map<String, Set<String>> graph = new TreeMap<>();
        edges.forEach((from, tos) -> {
            String p = packageOf(from);
            Set<String> uses = graph.computeIfAbsent(p, k -> new TreeSet<>());
            for (String to : tos) {
                String q = packageOf(to);
                graph.computeIfAbsent(q, k -> new TreeSet<>());
                if (!q.equals(p)) {
                    uses.add(q);
                }
            }
        });
        return graph;
    }

    /** The cycles of {@code graph}: its strongly connected components of two or more packages (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        List<Set<String>> result = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, counter, result);
            }
        }
        return result;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, int[] counter, List<Set<String>> result) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, counter, result);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                result.add(component);
            }
        }
    }

    @Test
    void everyPackageIsPlacedInTheTable() {
        Set<String> unknown = new TreeSet<>(packageGraph(classEdges).keySet());
        unknown.removeAll(ALLOWED.keySet());
        assertTrue(unknown.isEmpty(), "packages the architecture table does not place: " + unknown
                + "; add each to ArchitectureTest.ALLOWED with the packages it may use (docs/ARCHITECTURE.md),"
                + " or move its classes into a package that is there (benchmarks and tools go to src/tools/java)");
    }

    @Test
    void everyDependencyPointsTheAllowedWay() {
        List<String> wrong = new ArrayList<>();
        classEdges.forEach((from, tos) -> {
            String p = packageOf(from);
            Set<String> allowed = ALLOWED.getOrDefault(p, Set.of());
            for (String to : tos) {
                String q = packageOf(to);
                if (!q.equals(p) && !allowed.contains(q)) {
                    wrong.add(from + " -> " + to + " (" + p + " may use only " + new TreeSet<>(allowed) + ")");
                }
            }
        });
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " dependencies against the direction of docs/ARCHITECTURE.md:\n  "
                    + String.join("\n  ", wrong)
                    + "\nmove the class that needs the higher package up, or let the lower package declare the small"
                    + " view it needs (as plot's TrainingLog, which History implements)");
        }
    }

    @Test
    void noCycleBetweenPackages() {
        List<Set<String>> found = cycles(packageGraph(classEdges));
        assertTrue(found.isEmpty(), "packages that depend on each other in a circle: " + found);
    }

    @Test
    void theTableItselfHasNoCycle() {
        assertEquals(List.of(), cycles(ALLOWED), "the allowed table permits a circle");
        for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
            assertFalse(e.getValue().contains(e.getKey()), e.getKey() + " lists itself");
            assertTrue(ALLOWED.keySet().containsAll(e.getValue()), e.getKey() + " may use a package the table does not place: " + e.getValue());
        }
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> edges = Map.of(
                "jcnn.a.X", Set.of("jcnn.b.Y"),
                "jcnn.b.Y", Set.of("jcnn.c.Z"),
                "jcnn.c.Z", Set.of("jcnn.a.W"),
                "jcnn.d.V", Set.of("jcnn.a.X"));
        assertEquals(List.of(Set.of("jcnn.a", "jcnn.b", "jcnn.c")), cycles(packageGraph(edges)));
    }
}
