package jcnn.model.onnx;

import jcnn.tensor.TensorInternals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcnn.model.Cnn;
import jcnn.nn.Dense;
import jcnn.model.Net;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the exported files with ONNX's own checker and strict shape inference, as Debian's
 * {@code python3-onnx} runs them with {@code /usr/bin/python3} ({@code scripts/setup.sh} installs it):
 * every net of {@link OnnxExportTest#nets()}, and a broken model that must be refused.
 */
class OnnxCheckerTest {
    /** Debian's Python; {@code -Djcnn.python=...} picks another (one without onnx shows the skip). */
    static final String PYTHON = System.getProperty("jcnn.python", "/usr/bin/python3");
    /** Prints the inferred output shape, e.g. {@code N,10}; fails (exit 1, message on stderr) on any problem. */
    static final String CHECK = String.join("\n",
            "import sys, onnx",
            "m = onnx.load(sys.argv[1])",
            "onnx.checker.check_model(m, full_check=True)",
            "m = onnx.shape_inference.infer_shapes(m, strict_mode=True)",
            "print(','.join(d.dim_param or str(d.dim_value) for d in m.graph.output[0].type.tensor_type.shape.dim))");

    @TempDir
    Path temp;

    private static Result onnxVersion;

    @BeforeEach
    void needsPythonOnnx() throws Exception {
        if (onnxVersion == null) {
            onnxVersion = run("import onnx; print(onnx.__version__)");
        }
        Result r = onnxVersion;
        Assumptions.assumeTrue(r.exit == 0, "skipped: Debian's python3-onnx is missing (" + PYTHON + " -c 'import onnx' said: "
                + lastLine(r.output) + "); install it with 'apt-get install python3-onnx' (scripts/setup.sh does)");
    }

    @Test
    void everyExportedNetPassesTheCheckerWithItsOutputShape() throws Exception {
        List<String> names = new ArrayList<>();
        OnnxExportTest.nets().forEach(a -> {
            String name = (String) a.get()[0];
            Net net = ((Cnn) a.get()[1]).build();
            Path file = temp.resolve(name + ".onnx");
            net.exportOnnx(file);
            Result r = check(file);
            assertEquals(0, r.exit, name + ": the ONNX checker refused the file: " + r.output);
            int[] dims = net.outputShape().dims();
            StringBuilder expected = new StringBuilder("N");
            for (int i = 1; i < dims.length; i++) {
                expected.append(',').append(dims[i]);
            }
            assertEquals(expected.toString(), r.output.strip(), name + ": inferred output shape");
            names.add(name);
        });
        assertEquals(OnnxExportTest.nets().count(), names.size());
        assertTrue(names.size() >= 9, names.toString());
    }

    /** The check can fail: a Dense mapping that forgets {@code transB} gives Gemm (N, 20)·(16, 20). */
    @Test
    void aGemmWithTheWrongWeightOrientationIsRefused() throws Exception {
        Net net = Cnn.input(20).dense(16).build();
        OnnxExporter wrong = new OnnxExporter().register(Dense.class, (d, s) -> s.node("Gemm", s.input(),
                s.floats("weight", TensorInternals.data(d.weights()), d.units(), d.in()), s.floats("bias", TensorInternals.data(d.bias()), d.units())));
        Path file = temp.resolve("no-transB.onnx");
        wrong.write(net.inputShape(), net.layers(), file);
        Result r = check(file);
        assertNotEquals(0, r.exit, "the checker accepted a Gemm with mismatched inner dimensions: " + r.output);
        System.out.println("onnx checker on a Gemm without transB: " + lastLine(r.output));
        assertTrue(r.output.contains("Gemm") || r.output.contains("dimension"), r.output);

        Path right = temp.resolve("right.onnx");
        net.exportOnnx(right);
        assertEquals(0, check(right).exit);
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path file = temp.resolve("net.onnx");
        Cnn.input(1, 5, 5).conv(2, 3).flatten().dense(3).build().exportOnnx(file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(temp.resolve("cut.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertNotEquals(0, check(cut).exit);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static Result check(Path file) {
        try {
            return run(CHECK, file.toString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(int exit, String output) {
    }

    private static Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, PYTHON + " cannot run: " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(124, "timed out: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
