package jcnn.model.onnx;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import jcnn.model.Cnn;
import jcnn.nn.Conv2d;
import jcnn.nn.Layer;
import jcnn.model.Net;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the files of {@code net.exportOnnx} in ONNX Runtime (Java API) and compares with jcnn's
 * {@code predict} on random inputs, for nets that together use every layer kind the builder has.
 * Weights and biases are random (biases are 0 after build, which would hide a wrong bias layout).
 */
class OnnxExportTest {
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path temp;

    /** The nets exported by this test and by {@link OnnxCheckerTest}: name and builder. */
    static Stream<Arguments> nets() {
        return Stream.of(
                Arguments.of("lecture-cnn", Cnn.input(1, 14, 14)
                        .conv(8, 3, padding(1)).relu().maxPool(2)
                        .conv(16, 3, stride(2), padding(1)).leakyRelu(0.1).avgPool(2, stride(1))
                        .flatten().dropout(0.5).dense(32).tanh().dense(10).softmax()),
                Arguments.of("maxout-elu-sigmoid", Cnn.input(3, 9, 9)
                        .conv(6, 3).maxout(2).elu(0.7).maxPool(3, stride(2))
                        .flatten().dense(8).maxout(4).sigmoid()),
                Arguments.of("locally-connected", Cnn.input(2, 7, 7)
                        .locallyConnected(3, 3, stride(2), padding(1)).relu()
                        .locallyConnected(2, 2).avgPool(2, stride(1)).flatten().dense(5)),
                Arguments.of("pool-remainders", Cnn.input(2, 11, 11)
                        .maxPool(2).conv(4, 3, padding(2)).avgPool(2).flatten().softmax()),
                Arguments.of("dense-only", Cnn.input(20)
                        .dense(16).relu().dropout(0.3).dense(4).softmax()),
                Arguments.of("readme-net", Cnn.input(1, 28, 28)
                        .conv(32, 3, padding(1)).relu().maxPool(2)
                        .conv(64, 3, padding(1)).relu().maxPool(2)
                        .flatten().dropout(0.5).dense(128).relu().dense(10).softmax()),
                Arguments.of("resnet-batchnorm-gap", Cnn.input(3, 9, 9)
                        .conv(8, 3, padding(1)).batchNorm().relu()
                        .residual(b -> b.conv(8, 3, padding(1)).batchNorm().relu().conv(8, 3, padding(1)).batchNorm()).relu()
                        .residual(b -> b.conv(12, 3, stride(2), padding(1)).batchNorm().relu()
                                .conv(12, 3, padding(1)).batchNorm()).relu()
                        .globalAvgPool().dense(10)),
                Arguments.of("dense-batchnorm", Cnn.input(2, 6, 6)
                        .flatten().dense(16).batchNorm().relu().dense(6).batchNorm()),
                Arguments.of("residual-last", Cnn.input(2, 6, 6)
                        .residual(b -> b.conv(4, 3, padding(1)).relu().conv(3, 1))));
    }

    @Test
    void theExportedFileIsReadableLikeAnyFileThePersonWrites() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = java.nio.file.Files.write(temp.resolve("plain.txt"), new byte[] {1});
        Path file = temp.resolve("shared/lecture.onnx");
        Cnn.input(1, 6, 6).conv(2, 3).relu().flatten().dense(3).build().exportOnnx(file);
        // the old exporter wrote through Files.createTempFile and left the model rw-------
        assertEquals(java.nio.file.Files.getPosixFilePermissions(plain), java.nio.file.Files.getPosixFilePermissions(file));
        assertEquals(1, java.nio.file.Files.list(file.getParent()).count(), "no temporary file is left");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void onnxRuntimeGivesJcnnsOutputs(String name, Cnn builder) throws Exception {
        Net net = randomized(builder.build(), 7);
        Path file = temp.resolve(name + ".onnx");
        net.exportOnnx(file);
        for (int batch : new int[] {1, 3}) {
            Tensor x = randomInput(net, batch, 11 + batch);
            Tensor expected = net.predict(x);
            float[][] actual = new float[1][];
            long[] shape = runOnnx(file, x, actual);
            assertArrayEquals(Arrays.stream(expected.shape()).asLongStream().toArray(), shape, name + ": output shape");
            double diff = maxAbsDiff(TensorInternals.data(expected), actual[0]);
            System.out.printf("onnx export %s, batch %d: max |ONNX Runtime - jcnn| = %.2e%n", name, batch, diff);
            assertTrue(diff <= TOLERANCE, name + " (batch " + batch + "): ONNX Runtime differs from jcnn by " + diff);
        }
    }

    @Test
    void theNetsUseEveryLayerKindTheExporterMaps() {
        Set<String> used = new LinkedHashSet<>();
        nets().forEach(a -> ((Cnn) a.get()[1]).build().layers().forEach(l -> used.add(l.type())));
        Set<String> mapped = new LinkedHashSet<>();
        new OnnxExporter().mappedKinds().forEach(c -> mapped.add(c.getSimpleName()));
        assertEquals(mapped, used, "add a net to nets() that uses the missing kinds");
    }

    /**
     * Every public layer class in {@code jcnn.nn} has an ONNX mapping, so a new layer cannot be
     * added without one (or without this test saying which is missing).
     */
    @Test
    void everyLayerClassInJcnnNnHasAMapping() throws Exception {
        Path classes = Path.of(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("jcnn/nn");
        Set<String> layers = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName("jcnn.nn." + name);
                int m = c.getModifiers();
                if (Layer.class.isAssignableFrom(c) && !c.isInterface() && !java.lang.reflect.Modifier.isAbstract(m)
                        && java.lang.reflect.Modifier.isPublic(m)) {
                    layers.add(c.getSimpleName());
                }
            }
        }
        Set<String> mapped = new java.util.TreeSet<>();
        new OnnxExporter().mappedKinds().forEach(c -> mapped.add(c.getSimpleName()));
        Set<String> unmapped = new java.util.TreeSet<>(layers);
        unmapped.removeAll(mapped);
        assertTrue(layers.size() >= 14, "found only " + layers + " in " + classes);
        assertEquals(Set.of(), unmapped, "layers without an ONNX mapping: add one method each in OnnxExporter (docs/ONNX.md)");
    }

    /** The comparison can fail: a Conv2d mapping that writes each kernel transposed (rows and columns swapped) is caught. */
    @Test
    void aWrongWeightLayoutIsDetected() throws Exception {
        Net net = randomized(Cnn.input(1, 6, 6).conv(2, 3).flatten().build(), 3);
        OnnxExporter wrong = new OnnxExporter().register(Conv2d.class, (c, s) -> {
            int k = c.kernelSize();
            float[] w = TensorInternals.data(c.weights());
            float[] t = new float[w.length];
            for (int plane = 0; plane < w.length / (k * k); plane++) {
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++) {
                        t[plane * k * k + v * k + u] = w[plane * k * k + u * k + v];
                    }
                }
            }
            s.node("Conv", s.input(), s.floats("weight", t, c.filters(), c.inChannels(), k, k),
                    s.floats("bias", TensorInternals.data(c.bias()), c.filters())).ints("kernel_shape", k, k);
        });
        Path right = temp.resolve("right.onnx");
        Path transposed = temp.resolve("transposed.onnx");
        new OnnxExporter().write(net.inputShape(), net.layers(), right);
        wrong.write(net.inputShape(), net.layers(), transposed);
        Tensor x = randomInput(net, 2, 5);
        float[][] y = new float[1][];
        runOnnx(right, x, y);
        assertTrue(maxAbsDiff(TensorInternals.data(net.predict(x)), y[0]) <= TOLERANCE);
        runOnnx(transposed, x, y);
        double diff = maxAbsDiff(TensorInternals.data(net.predict(x)), y[0]);
        System.out.printf("onnx export with transposed kernels: max |ONNX Runtime - jcnn| = %.2e%n", diff);
        assertTrue(diff > 1e-2, "a transposed kernel should change the outputs, but they differ by only " + diff);
    }

    /**
     * The running statistics reach the file: a BatchNorm mapping that uses mean 0 and variance 1
     * (the values before training) instead is caught on a net whose statistics are not those.
     */
    @Test
    void batchNormWithoutTheRunningStatisticsIsDetected() throws Exception {
        Net net = randomized(Cnn.input(2, 5, 5).conv(3, 3).batchNorm().flatten().build(), 4);
        OnnxExporter wrong = new OnnxExporter().register(jcnn.nn.BatchNorm2d.class, (b, s) -> {
            int c = b.channels();
            float[] ones = new float[c];
            Arrays.fill(ones, 1f);
            s.node("BatchNormalization", s.input(), s.floats("weight", TensorInternals.data(b.weights()), c),
                    s.floats("bias", TensorInternals.data(b.bias()), c), s.floats("running_mean", new float[c], c),
                    s.floats("running_var", ones, c)).f("epsilon", (float) b.eps());
        });
        Path file = temp.resolve("untrained-statistics.onnx");
        wrong.write(net.inputShape(), net.layers(), file);
        Tensor x = randomInput(net, 2, 6);
        float[][] y = new float[1][];
        runOnnx(file, x, y);
        double diff = maxAbsDiff(TensorInternals.data(net.predict(x)), y[0]);
        System.out.printf("onnx export with BatchNorm's initial statistics: max |ONNX Runtime - jcnn| = %.2e%n", diff);
        assertTrue(diff > 1e-2, "ignoring the running statistics should change the outputs, but they differ by only " + diff);
    }

    @Test
    void valuesAndWeightsAreNamedAfterTheLayers() throws Exception {
        Net net = Cnn.input(1, 5, 5).conv(2, 3).relu().flatten().dense(3).softmax().build();
        Path file = temp.resolve("names.onnx");
        net.exportOnnx(file);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options())) {
            assertEquals(Set.of("input"), session.getInputNames());
            assertEquals(Set.of("output"), session.getOutputNames());
        }
        String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String name : new String[] {"conv1.weight", "conv1.bias", "dense1.weight", "dense1.bias", "relu1", "flatten1"}) {
            assertTrue(text.contains(name), name + " is not in the file");
        }
    }

    // ---- helpers, shared with OnnxCheckerTest ----

    /**
     * Fills every weight and bias (those inside residual blocks too) with uniform values in
     * [-0.5, 0.5), and BatchNorm's running statistics with values a trained net could have:
     * means in [-0.5, 0.5), variances in [0.25, 1.25) (not the initial 0 and 1, so a mapping
     * that drops them shows).
     */
    static Net randomized(Net net, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer layer : net.layers()) {
            for (Parameter p : layer.parameters()) {
                float[] v = TensorInternals.data(p.tensor());
                boolean variance = p.kind() == Parameter.Kind.STATE && p.name().endsWith(".running_var");
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextDouble() - (variance ? -0.25 : 0.5));
                }
            }
        }
        return net;
    }

    static Tensor randomInput(Net net, int batch, long seed) {
        return Tensor.uniform(seed, -1f, 1f, net.inputShape().withBatch(batch).dims());
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        return options;
    }

    /** Runs the model on {@code x}; the output values go to {@code out[0]}; returns the output shape. */
    static long[] runOnnx(Path file, Tensor x, float[][] out) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = Arrays.stream(x.shape()).asLongStream().toArray();
        try (OrtSession session = env.createSession(file.toString(), options());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(TensorInternals.data(x)), shape);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            OnnxTensor y = (OnnxTensor) result.get(0);
            FloatBuffer values = y.getFloatBuffer();
            out[0] = new float[values.remaining()];
            values.get(out[0]);
            return y.getInfo().getShape();
        }
    }

    static double maxAbsDiff(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "output sizes");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }
}
