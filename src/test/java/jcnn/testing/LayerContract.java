package jcnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import jcnn.model.Cnn;
import jcnn.nn.Layer;
import jcnn.nn.Mode;
import jcnn.model.Net;
import jcnn.nn.Parameter;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The checks every layer passes (JUnit 5 interface test): a layer's test class implements it,
 * supplies a fresh {@link #layer()}, an {@link #input()} shape and a {@link #badArgument()}, and
 * inherits the tests:
 * <ul>
 *   <li>the inferred output shape equals the shape forward produces, in both modes;</li>
 *   <li>the backward pass matches central differences (projected in double, see {@link GradientCheck})
 *   for the input and for every trainable parameter;</li>
 *   <li>save → load gives identical outputs (state included: the net trains one step first);</li>
 *   <li>evaluation is deterministic and changes nothing; training equals evaluation unless
 *   {@link #trainingDiffers()} (dropout, batch norm), and then it differs;</li>
 *   <li>the same seed gives bit-identical outputs and gradients with 1 and 2 threads;</li>
 *   <li>a bad argument's message starts with the layer's name and type, e.g.
 *   {@code conv2 (Conv2d): stride must be >= 1 but got 0}.</li>
 * </ul>
 * Inputs are distinct values 0.05 apart (shuffled), so kinks (relu, max) are never within the
 * finite-difference step of an input.
 */
public interface LayerContract<L extends Layer> {
    /** A fresh layer (not in a net). */
    L layer();

    /** The input shape for the checks, batch included (small: the gradient check runs a forward per value). */
    Shape input();

    /** Makes the layer with a bad argument (or input), through the builder or a constructor. */
    Executable badArgument();

    /** How the message of {@link #badArgument()} starts, e.g. {@code conv2 (Conv2d): stride must be >= 1 but got 0}. */
    String badArgumentMessage();

    /** True for layers whose training pass is documented to differ from evaluation (dropout, batch norm). */
    default boolean trainingDiffers() {
        return false;
    }

    /** Distinct values spaced 0.05 apart in a seeded order, scaled by {@code scale}. */
    static Tensor spread(Shape shape, long seed, double scale) {
        int n = (int) shape.numel();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * 0.05 * (order[i] - n / 2.0 + 0.5));
        }
        return Tensor.of(v, shape.dims());
    }

    /** A fresh, initialised layer, named as in a net. */
    private L ready(long seed) {
        L layer = layer();
        layer.named(layer.namePrefix() + "1");
        layer.initialize(new SplittableRandom(seed));
        return layer;
    }

    /** Forward with the layer's random numbers restarted, so every call draws the same dropout mask. */
    private static Tensor forward(Layer layer, Tensor x, Mode mode) {
        layer.reseed(new SplittableRandom(99));
        return layer.forward(x, mode);
    }

    private static List<float[]> values(Layer layer) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            out.add(p.tensor().toArray());
        }
        return out;
    }

    @Test
    default void inferredOutputShapeEqualsTheForwardShape() {
        L layer = ready(1);
        Tensor x = spread(input(), 2, 1);
        Shape inferred = layer.outputShape(input());
        for (Mode mode : Mode.values()) {
            assertEquals(inferred, Shape.of(forward(layer, x, mode).shape()), mode + " forward of " + layer);
        }
        Shape unknownBatch = layer.outputShape(input().withoutBatch().batched());
        assertEquals(-1, unknownBatch.dim(0), "the batch axis stays unknown: " + unknownBatch);
    }

    @Test
    default void backwardMatchesCentralDifferencesForInputAndParameters() {
        for (Mode mode : Mode.values()) {
            L layer = ready(3);
            Tensor x0 = spread(input(), 4, 1);
            GradientCheck.check(in -> forward(layer, in[0], mode), x0);
            // the parameters: perturb each value in place, L = sum r·y summed in double
            Tensor x = x0.copy().requiresGrad();
            Tensor y = forward(layer, x, mode);
            Tensor r = Tensor.uniform(12345L, -1f, 1f, y.shape());
            for (Parameter p : layer.parameters()) {
                if (p.isTrainable()) {
                    p.tensor().zeroGrad();
                }
            }
            forward(layer, x, mode).backward(r);
            List<String> failures = new ArrayList<>();
            for (Parameter p : layer.parameters()) {
                if (!p.isTrainable()) {
                    continue;
                }
                float[] analytic = p.tensor().grad() == null ? new float[(int) p.numel()] : p.tensor().grad().toArray();
                float[] w = TensorInternals.data(p.tensor());
                for (int k = 0; k < w.length; k++) {
                    float saved = w[k];
                    w[k] = (float) (saved + GradientCheck.EPS);
                    double plus = projected(layer, x, r, mode);
                    w[k] = (float) (saved - GradientCheck.EPS);
                    double minus = projected(layer, x, r, mode);
                    double step = (double) (float) (saved + GradientCheck.EPS) - (double) (float) (saved - GradientCheck.EPS);
                    w[k] = saved;
                    double numeric = (plus - minus) / step;
                    if (Math.abs(analytic[k] - numeric) > GradientCheck.ABS_TOL
                            + GradientCheck.REL_TOL * Math.max(Math.abs(analytic[k]), Math.abs(numeric))) {
                        failures.add(String.format(Locale.ROOT, "%s %s[%d]: backward %.6f, central differences %.6f", mode,
                                p.name(), k, analytic[k], numeric));
                    }
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " parameter gradient(s) disagree; first: "
                    + String.join("; ", failures.subList(0, Math.min(3, failures.size()))));
        }
    }

    private static double projected(Layer layer, Tensor x, Tensor r, Mode mode) {
        try (var g = Tensor.noGrad()) {
            float[] y = TensorInternals.data(forward(layer, x, mode));
            float[] w = TensorInternals.data(r);
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) w[i] * y[i];
            }
            return s;
        }
    }

    @Test
    default void saveThenLoadGivesIdenticalOutputs() throws Exception {
        Shape example = input().withoutBatch();
        Cnn builder = example.rank() == 3 ? Cnn.input(example.dim(0), example.dim(1), example.dim(2)) : Cnn.input(example.dim(0));
        Net net = builder.add(layer()).seed(5).build();
        Tensor x = spread(input(), 6, 1);
        try (var g = Tensor.noGrad()) {
            net.forward(x, Mode.TRAIN);   // moves running statistics away from their start
        }
        Path dir = Files.createTempDirectory("jcnn-contract");
        try {
            Path file = dir.resolve("net.jcnn");
            net.save(file);
            Net loaded = Net.load(file);
            assertArrayEquals(net.predict(x).toArray(), loaded.predict(x).toArray());
            assertEquals(net.summary().toString(), loaded.summary().toString());
            List<Parameter> a = net.state();
            List<Parameter> b = loaded.state();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).tensor().toArray(), b.get(i).tensor().toArray(), a.get(i).name());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    default void trainAndEvalModesBehaveAsDocumented() {
        L layer = ready(7);
        Tensor x = spread(input(), 8, 1);
        List<float[]> before = values(layer);
        float[] eval1 = forward(layer, x, Mode.EVAL).toArray();
        float[] eval2 = forward(layer, x, Mode.EVAL).toArray();
        assertArrayEquals(eval1, eval2, "evaluation is deterministic");
        List<float[]> afterEval = values(layer);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), afterEval.get(i), "evaluation changes no parameter or state");
        }
        float[] train = forward(layer, x, Mode.TRAIN).toArray();
        if (trainingDiffers()) {
            assertFalse(java.util.Arrays.equals(eval1, train), "training differs from evaluation for " + layer);
        } else {
            assertArrayEquals(eval1, train, "training equals evaluation for " + layer);
            List<float[]> afterTrain = values(layer);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), afterTrain.get(i), "a training forward changes nothing here");
            }
        }
    }

    @Test
    default void sameSeedGivesTheSameResultWithOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            List<List<float[]>> runs = new ArrayList<>();
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                L layer = ready(11);
                // a batch large enough that element-wise work is cut into several chunks
                int batch = (int) Math.max(input().dim(0), Math.min(512, 70_000 / input().withoutBatch().numel() + 1));
                Tensor x = Tensor.uniform(12, -2f, 2f, input().withBatch(batch).dims()).requiresGrad();
                Tensor y = forward(layer, x, Mode.TRAIN);
                y.backward(Tensor.uniform(13, -1f, 1f, y.shape()));
                List<float[]> out = new ArrayList<>(List.of(y.toArray(), x.grad().toArray()));
                for (Parameter p : layer.parameters()) {
                    out.add(p.tensor().toArray());
                    if (p.isTrainable()) {
                        out.add(p.tensor().grad().toArray());
                    }
                }
                runs.add(out);
            }
            for (int i = 0; i < runs.get(0).size(); i++) {
                assertArrayEquals(runs.get(0).get(i), runs.get(1).get(i), "result " + i + " differs between 1 and 2 threads");
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    default void aBadArgumentsMessageNamesTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, badArgument());
        assertTrue(e.getMessage().startsWith(badArgumentMessage()), e.getMessage());
    }
}
