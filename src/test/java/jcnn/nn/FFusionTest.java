package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.Convolution;
import jcnn.tensor.backend.StepArena;

/**
 * The fused operations ({@link F#conv2dRelu}, ...) against the separate ones they replace, bit
 * for bit: forward values and the gradients of every input, on random inputs, on every
 * convolution path (im2col over chunks of images, one image per GEMM, Winograd F(2x2) and F(4x4)),
 * inside and outside a training step's arena.
 */
class FFusionTest {
    @AfterEach
    void restoreAlgorithm() {
        Convolution.setAlgorithm(Convolution.Algorithm.AUTO);
    }

    /** N, C, H, W, C_out, k, stride, padding. */
    static final int[][] CONV_CASES = {
        {5, 4, 8, 8, 8, 3, 1, 1},      // chunks of images side by side in one GEMM
        {3, 1, 28, 28, 32, 3, 1, 1},   // the lecture's conv1: one image per GEMM, straight into y
        {4, 32, 14, 14, 64, 3, 1, 1},  // the lecture's conv2: Winograd F(2x2) under AUTO
        {3, 3, 9, 11, 4, 3, 2, 1},     // stride 2: im2col only
        {2, 2, 7, 7, 3, 5, 1, 0},      // 5x5, 3x3 outputs: SGEMM's direct loop
    };

    @Test
    void convolutionWithReluIsBitIdenticalToConvolutionThenRelu() {
        for (Convolution.Algorithm algorithm : Convolution.Algorithm.values()) {
            Convolution.setAlgorithm(algorithm);
            for (int[] c : CONV_CASES) {
                // without bias and in an arena on the automatic choice only (the tests must cost seconds)
                boolean auto = algorithm == Convolution.Algorithm.AUTO;
                for (boolean bias : auto ? new boolean[] {true, false} : new boolean[] {true}) {
                    for (boolean arena : auto ? new boolean[] {false, true} : new boolean[] {false}) {
                        String what = algorithm + " " + java.util.Arrays.toString(c) + (bias ? "" : " without bias") + (arena ? " in an arena" : "");
                        assertSameBits(what, c, bias, arena,
                                in -> F.relu(F.conv2d(in[0], in[1], in[2], c[6], c[7])),
                                in -> F.conv2dRelu(in[0], in[1], in[2], c[6], c[7]));
                    }
                }
            }
        }
    }

    @Test
    void convolutionWithReluAndMaxPoolingIsBitIdenticalToTheThreeSeparateLayers() {
        for (Convolution.Algorithm algorithm : new Convolution.Algorithm[] {Convolution.Algorithm.AUTO, Convolution.Algorithm.WINOGRAD_2X2}) {
            Convolution.setAlgorithm(algorithm);
            for (int[] c : CONV_CASES) {
                for (int kernel : new int[] {2, 3}) {
                    for (boolean arena : kernel == 2 ? new boolean[] {false, true} : new boolean[] {false}) {
                        // MaxPool2d's own path: crop what no window covers, then pool
                        String what = algorithm + " " + java.util.Arrays.toString(c) + " pool " + kernel + (arena ? " in an arena" : "");
                        MaxPool2d pool = new MaxPool2d(kernel);
                        assertSameBits(what, c, true, arena,
                                in -> pool.forward(F.relu(F.conv2d(in[0], in[1], in[2], c[6], c[7])), Mode.TRAIN),
                                in -> F.conv2dReluMaxPool(in[0], in[1], in[2], c[6], c[7], kernel));
                    }
                }
            }
        }
    }

    @Test
    void maxPoolingOfAllZeroWindowsAndTiesRoutesLikeTheSeparateLayers() {
        // a bias of -5 makes most outputs negative (ReLU gives 0: windows of ties at 0), +5 most positive
        for (float shift : new float[] {-5f, 5f}) {
            int[] c = {2, 3, 6, 6, 4, 3, 1, 1};
            MaxPool2d pool = new MaxPool2d(2);
            assertSameBits("bias shift " + shift, c, true, false,
                    in -> pool.forward(F.relu(F.conv2d(in[0], in[1], in[2].add(shift), c[6], c[7])), Mode.TRAIN),
                    in -> F.conv2dReluMaxPool(in[0], in[1], in[2].add(shift), c[6], c[7], 2));
        }
    }

    @Test
    void theFusedBiasGradientAddsInTheOrderOfTheSeparateLayers() {
        // The fused backward pass sums each plane of the convolution's output gradient as it writes
        // it, and both paths group the sums with Convolution.addBiasGradient (sum4 within a plane,
        // images in order within a chunk, chunks in order). An upstream gradient of +-2^60 among
        // ones makes any other order in the fused path show (another sum within a plane, or the
        // images summed one after another): 2^60 + 1 is 2^60 in double. 40 images: chunks of 3
        // (the last of 1); 14x14 maps have a width that is not a multiple of sum4's four.
        java.util.function.Consumer<float[]> orderSensitive = up -> {
            for (int i = 0; i < up.length; i++) {
                up[i] = i % 3 == 0 ? (i % 2 == 0 ? 0x1p60f : -0x1p60f) : i % 3 == 1 ? 1f : 0.75f;
            }
        };
        for (int[] c : new int[][] {{40, 2, 6, 6, 3, 3, 1, 1}, {40, 3, 14, 14, 4, 3, 1, 1}, {7, 32, 14, 14, 64, 3, 1, 1}}) {
            MaxPool2d pool = new MaxPool2d(2);
            for (boolean arena : new boolean[] {false, true}) {
                String what = java.util.Arrays.toString(c) + " upstream +-2^60 and ones" + (arena ? " in an arena" : "");
                assertSameBits(what, c, true, arena, orderSensitive,
                        in -> pool.forward(F.relu(F.conv2d(in[0], in[1], in[2].add(0.25f), c[6], c[7])), Mode.TRAIN),
                        in -> F.conv2dReluMaxPool(in[0], in[1], in[2].add(0.25f), c[6], c[7], 2));
            }
            // the images' order: every output positive (a bias of 100), image n's upstream all
            // 2^60, 1, -2^60, 1, 1 by n mod 5, so that summing the chunks of 3 images first and
            // then the chunks gives another result than summing image after image (2 against 1
            // times a plane's windows)
            int perImage = c[4] * (c[2] / 2) * (c[3] / 2);
            java.util.function.Consumer<float[]> byImage = up -> {
                for (int i = 0; i < up.length; i++) {
                    int n = i / perImage;
                    up[i] = n % 5 == 0 ? 0x1p60f : n % 5 == 2 ? -0x1p60f : 1f;
                }
            };
            assertSameBits(java.util.Arrays.toString(c) + " upstream by image", c, true, false, byImage,
                    in -> pool.forward(F.relu(F.conv2d(in[0], in[1], in[2].add(100f), c[6], c[7])), Mode.TRAIN),
                    in -> F.conv2dReluMaxPool(in[0], in[1], in[2].add(100f), c[6], c[7], 2));
        }
    }

    @Test
    void denseOnDroppedInputIsBitIdenticalToDropoutThenDense() {
        // N, in, out: the lecture's 3136 -> 128 at a small batch (the transposed GEMM), and out < N
        int[][] cases = {{6, 3136, 128}, {9, 40, 5}, {3, 70_000, 2}};
        for (int[] c : cases) {
            for (float p : new float[] {0.5f, 0.25f, 0f}) {
                for (boolean arena : new boolean[] {false, true}) {
                    String what = "dense " + java.util.Arrays.toString(c) + " p " + p + (arena ? " in an arena" : "");
                    long seed = 1234L + c[1];
                    // the shape encoding of assertSameBits: x (N, in, 1, 1), w (out, in, 1, 1), reshaped here
                    int[] shapes = {c[0], c[1], 1, 1, c[2], 1, 1, 0};
                    assertSameBits(what, shapes, true, arena,
                            in -> F.linear(F.dropout(in[0].reshape(c[0], c[1]), p, true, seed), in[1].reshape(c[2], c[1]), in[2]),
                            in -> F.dropoutLinear(in[0].reshape(c[0], c[1]), p, seed, in[1].reshape(c[2], c[1]), in[2]));
                }
            }
        }
    }

    /**
     * Runs {@code separate} and {@code fused} on the same random x, w, b (weights around zero, so
     * about half the outputs are negative and the ReLU's mask matters) and back-propagates the
     * same random upstream gradient (with some -0 entries); compares the output and the gradients
     * of x, w and b bit for bit.
     */
    static void assertSameBits(String what, int[] c, boolean withBias, boolean inArena,
                               Function<Tensor[], Tensor> separate, Function<Tensor[], Tensor> fused) {
        assertSameBits(what, c, withBias, inArena, up -> { }, separate, fused);
    }

    /** As above, with the upstream gradient rewritten by {@code upstream} before it flows back. */
    static void assertSameBits(String what, int[] c, boolean withBias, boolean inArena,
                               java.util.function.Consumer<float[]> upstream,
                               Function<Tensor[], Tensor> separate, Function<Tensor[], Tensor> fused) {
        long seed = 31L * java.util.Arrays.hashCode(c) + (withBias ? 1 : 0);
        float[][] a = run(c, withBias, inArena, seed, upstream, separate);
        float[][] b = run(c, withBias, inArena, seed, upstream, fused);
        String[] names = {"output", "grad x", "grad w", "grad b"};
        for (int k = 0; k < a.length; k++) {
            assertBits(what + ": " + names[k], a[k], b[k]);
        }
    }

    private static float[][] run(int[] c, boolean withBias, boolean inArena, long seed,
                                 java.util.function.Consumer<float[]> upstream, Function<Tensor[], Tensor> op) {
        Tensor x = Tensor.uniform(seed, -1f, 1f, c[0], c[1], c[2], c[3]).requiresGrad();
        Tensor w = Tensor.uniform(seed + 1, -0.5f, 0.5f, c[4], c[1], c[5], c[5]).requiresGrad();
        Tensor b = withBias ? Tensor.uniform(seed + 2, -0.3f, 0.3f, c[4]).requiresGrad() : null;
        StepArena arena = new StepArena();
        float[][] out = new float[4][];
        for (int repeat = 0; repeat < (inArena ? 2 : 1); repeat++) {   // the second step reuses the arena's arrays
            x.zeroGrad();
            w.zeroGrad();
            if (b != null) {
                b.zeroGrad();
            }
            try (StepArena.Scope step = inArena ? arena.open() : null) {
                Tensor y = op.apply(new Tensor[] {x, w, b});
                float[] up = Tensor.uniform(seed + 3, -1f, 1f, y.shape()).toArray();
                for (int i = 0; i < up.length; i += 7) {
                    up[i] = -0f;
                }
                upstream.accept(up);
                y.backward(Tensor.of(up, y.shape()));
                out[0] = TensorInternals.data(y).clone();
            }
            out[1] = x.grad().toArray();
            out[2] = w.grad().toArray();
            out[3] = b == null ? new float[0] : b.grad().toArray();
        }
        return out;
    }

    static void assertBits(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " differs: separate " + expected[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(expected[i])) + "), fused " + actual[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
            }
        }
    }
}
