package jcnn.nn;

import static jcnn.tensor.TensorInternals.data;
import static jcnn.tensor.TensorInternals.fromOp;
import static jcnn.tensor.TensorInternals.freshGradBuffer;
import static jcnn.tensor.TensorInternals.gradBuffer;

import jcnn.tensor.ShapeMismatchException;
import jcnn.tensor.Shapes;
import jcnn.tensor.Tensor;
import jcnn.tensor.backend.Convolution;
import jcnn.tensor.backend.Elementwise;
import jcnn.tensor.backend.LocalConnection;
import jcnn.tensor.backend.Parallel;
import jcnn.tensor.backend.Pooling;
import jcnn.tensor.backend.Reduce;
import jcnn.tensor.backend.Sgemm;
import jcnn.tensor.backend.StepArena;

/**
 * The lecture's operations on tensors, each with a hand-written backward step recorded on the
 * autograd tape. Images are NCHW: {@code (batch, channels, height, width)}.
 *
 * <p>Every operation checks shapes and hyper-parameters before computing and says what it
 * expected, what it received and how to fix it ({@link ShapeMismatchException} for shapes,
 * {@link IllegalArgumentException} for hyper-parameters).
 *
 * <p>Output sizes follow the lecture's formula {@code (W + 2P - F)/S + 1}
 * ({@link Conv#outSize}); a size that is not a whole number is refused with the formula.
 */
public final class F {
    private F() {
    }

    // ================================================================== convolution

    /**
     * 2-D convolution (cross-correlation, as in the lecture) over a batch of images, by im2col
     * and SGEMM.
     *
     * <p>Input {@code x (N, C_in, H, W)}, weight {@code w (C_out, C_in, kH, kW)}, bias
     * {@code b (C_out)} or null; output {@code (N, C_out, H_out, W_out)} with
     * <pre>
     *   H_out = (H + 2*padding - kH)/stride + 1      W_out = (W + 2*padding - kW)/stride + 1
     *   y[n][o][i][j] = b[o] + sum_{c,u,v} w[o][c][u][v] * x[n][c][i*stride + u - padding][j*stride + v - padding]
     * </pre>
     * (zero padding). Lecture examples: the 5x5 binary image with the 3x3 kernel 101/010/101
     * gives 4 3 4 / 2 4 3 / 2 3 4; a 32x32x3 input and a 5x5x3 filter give 28x28x1; a 5x5x3
     * input, padding 1, two 3x3x3 filters and stride 2 give 3x3x2.
     *
     * @throws ShapeMismatchException   if x or w is not 4-D, their channel counts differ, or b is not (C_out)
     * @throws IllegalArgumentException if stride &lt; 1, padding &lt; 0, or the output size is not a whole number
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        Convolution.Geometry g = convGeometry("conv2d", x, w, stride, padding);
        checkConvBias(g, b);
        int co = g.outChannels();
        float[] y = StepArena.floats(g.batch() * co * g.outArea());
        Convolution.forward(g, data(x), data(w), b == null ? null : data(b), y);
        return fromOp("conv2d", y, new int[] {g.batch(), co, g.outHeight(), g.outWidth()},
                dy -> convBackward(g, x, w, b, dy),
                x, w, b);
    }

    /**
     * {@code relu(conv2d(x, w, b, stride, padding))} as one operation, bit for bit the same values
     * and gradients as the two: the ReLU is applied on the convolution's store (with the bias), so
     * the convolution's own output is never written out, and the backward pass masks the incoming
     * gradient with the ReLU's output (the mask) before the convolution's backward. What a network
     * of {@code Conv2d} then {@code ReLU} runs in training and prediction (see {@link Fusion}).
     *
     * @throws ShapeMismatchException   as {@link #conv2d}
     * @throws IllegalArgumentException as {@link #conv2d}
     */
    public static Tensor conv2dRelu(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        Convolution.Geometry g = convGeometry("conv2d", x, w, stride, padding);
        checkConvBias(g, b);
        int co = g.outChannels();
        float[] r = StepArena.floatsOverwritten(g.batch() * co * g.outArea());   // every element stored by the forward pass
        Convolution.forward(g, data(x), data(w), b == null ? null : data(b), r, true);
        return fromOp("conv2d+relu", r, new int[] {g.batch(), co, g.outHeight(), g.outWidth()}, dy -> {
            // NOTE: "0 +" as the separate ReLU's backward adds into a zeroed gradient (it turns -0 into +0)
            float[] dConv = StepArena.floatsOverwritten(r.length);
            Elementwise.forEach(r.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    dConv[i] = 0f + dy[i] * step(r[i]);
                }
            });
            convBackward(g, x, w, b, dConv);
        }, x, w, b);
    }

    /**
     * {@code maxPool2d(relu(conv2d(x, w, b, stride, padding)), kernel, kernel)} as one operation,
     * bit for bit the same values and gradients as the three (a remainder row or column that no
     * window covers is dropped, as {@code MaxPool2d} does). Forward: the convolution stores
     * {@code relu(conv + b)}, then the windows' maxima are taken (for 2x2 windows on the direct
     * path, {@link Convolution#forwardReluMaxPool2x2}, image by image through a scratch array, so
     * the convolution's whole output is never stored); backward: one pass writes the
     * convolution's output gradient from the pooled gradient with the ReLU's mask applied (the
     * gradient of the window's maximum where that maximum is positive, 0 everywhere else) instead
     * of a zeroed scatter target, the scatter and the masking pass, and sums each plane it has
     * written for the bias gradient (the convolution's own sums, in their order, without reading
     * the whole output gradient again).
     *
     * @throws ShapeMismatchException   as {@link #conv2d}
     * @throws IllegalArgumentException as {@link #conv2d}, or if the window is below 1 or larger than the convolution's output
     */
    public static Tensor conv2dReluMaxPool(Tensor x, Tensor w, Tensor b, int stride, int padding, int kernel) {
        Convolution.Geometry g = convGeometry("conv2d", x, w, stride, padding);
        checkConvBias(g, b);
        int oh = g.outHeight();
        int ow = g.outWidth();
        if (kernel < 1 || kernel > oh || kernel > ow) {
            throw new IllegalArgumentException("maxPool2d: the " + kernel + "x" + kernel + " window must be at least 1 and fit the "
                    + oh + "x" + ow + " convolution output; use a smaller kernel");
        }
        int co = g.outChannels();
        int planes = g.batch() * co;
        int ph = (oh - kernel) / kernel + 1;
        int pw = (ow - kernel) / kernel + 1;
        float[] y = StepArena.floatsOverwritten(planes * ph * pw);   // every window's maximum written
        boolean recording = Tensor.isGradEnabled() && (x.isRequiresGrad() || w.isRequiresGrad() || (b != null && b.isRequiresGrad()));
        int[] argmax = recording ? StepArena.intsOverwritten(y.length) : null;   // only the backward pass needs it; every window's written
        if (kernel == 2 && Convolution.fusesMaxPool2x2(g)) {
            // image by image through a scratch array: the convolution's whole output is never stored
            Convolution.forwardReluMaxPool2x2(g, data(x), data(w), b == null ? null : data(b), y, argmax);
        } else {
            float[] r = StepArena.floatsOverwritten(planes * oh * ow);   // every element stored by the forward pass
            Convolution.forward(g, data(x), data(w), b == null ? null : data(b), r, true);
            Pooling.maxForward(r, planes, oh, ow, kernel, kernel, ph, pw, y, argmax);
        }
        return fromOp("conv2d+relu+maxPool2d", y, new int[] {g.batch(), co, ph, pw}, dy -> {
            float[] dConv = StepArena.floatsOverwritten(planes * oh * ow);   // Pooling.maxReluBackward writes every element
            // the bias gradient's plane sums taken by the pass that writes each plane (the same
            // bits as the convolution's backward summing dConv again, without reading it again)
            float[] db = gradOrNull(b);
            double[] planeSums = db == null ? null : StepArena.doubles(planes);   // every entry written
            Pooling.maxReluBackward(dy, argmax, y, planes, oh, ow, ph, pw, dConv, planeSums);
            convBackward(g, x, w, null, dConv);
            if (db != null) {
                Convolution.addBiasGradient(g, planeSums, db);
            }
        }, x, w, b);
    }

    private static void checkConvBias(Convolution.Geometry g, Tensor b) {
        int co = g.outChannels();
        if (b != null && (b.rank() != 1 || b.size(0) != co)) {
            throw new ShapeMismatchException("conv2d", "bias (" + co + ")", b.shape(),
                    "one bias per output channel; the weight has " + co + " output channels");
        }
    }

    /**
     * Locally connected 2-D layer: like {@link #conv2d} but without weight sharing, one weight
     * set per output position (the lecture's local connectivity).
     *
     * <p>Input {@code x (N, C_in, H, W)}, weight {@code w (H_out, W_out, C_out, C_in, kH, kW)},
     * bias {@code b (C_out, H_out, W_out)} or null; output {@code (N, C_out, H_out, W_out)} with
     * H_out, W_out as for conv2d and
     * {@code y[n][o][i][j] = b[o][i][j] + sum_{c,u,v} w[i][j][o][c][u][v] * x[n][c][i*S+u-P][j*S+v-P]}.
     *
     * @throws ShapeMismatchException   if shapes disagree (the weight's first two dims must be H_out, W_out)
     * @throws IllegalArgumentException if stride &lt; 1, padding &lt; 0, or the output size is not a whole number
     */
    public static Tensor locallyConnected2d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        String op = "locallyConnected2d";
        requireRank(op, x, 4, "input (N, C_in, H, W)", "images are NCHW; reshape a single image (C, H, W) to (1, C, H, W)");
        if (w.rank() != 6) {
            throw new ShapeMismatchException(op, "weight (H_out, W_out, C_out, C_in, kH, kW)", w.shape(),
                    "one (C_out, C_in, kH, kW) weight set per output position");
        }
        int[] ws = w.shape();
        Convolution.Geometry g = geometry(op, x, ws[2], ws[3], ws[4], ws[5], stride, padding);
        if (ws[0] != g.outHeight() || ws[1] != g.outWidth()) {
            throw new ShapeMismatchException(op, "weight (" + g.outHeight() + ", " + g.outWidth() + ", C_out, "
                    + ws[3] + ", " + ws[4] + ", " + ws[5] + ")", ws,
                    "an input " + x.size(2) + "x" + x.size(3) + " gives " + g.outHeight() + "x" + g.outWidth()
                            + " output positions, each with its own weights");
        }
        int co = g.outChannels();
        if (b != null && !Shapes.same(b.shape(), new int[] {co, g.outHeight(), g.outWidth()})) {
            throw new ShapeMismatchException(op, "bias (" + co + ", " + g.outHeight() + ", " + g.outWidth() + ")",
                    b.shape(), "one bias per output channel and position");
        }
        float[] y = StepArena.floats(g.batch() * co * g.outArea());
        LocalConnection.forward(g, data(x), data(w), b == null ? null : data(b), y);
        return fromOp(op, y, new int[] {g.batch(), co, g.outHeight(), g.outWidth()},
                dy -> LocalConnection.backward(g, data(x), data(w), dy, gradOrNull(x), gradOrNull(w), gradOrNull(b)),
                x, w, b);
    }

    private static Convolution.Geometry convGeometry(String op, Tensor x, Tensor w, int stride, int padding) {
        requireRank(op, x, 4, "input (N, C_in, H, W)", "images are NCHW; reshape a single image (C, H, W) to (1, C, H, W)");
        if (w.rank() != 4) {
            throw new ShapeMismatchException(op, "weight (C_out, C_in, kH, kW)", w.shape(),
                    "the weight holds C_out filters of C_in x kH x kW");
        }
        int[] ws = w.shape();
        return geometry(op, x, ws[0], ws[1], ws[2], ws[3], stride, padding);
    }

    private static Convolution.Geometry geometry(String op, Tensor x, int outChannels, int inChannels,
                                                 int kernelHeight, int kernelWidth, int stride, int padding) {
        int[] xs = x.shape();
        if (xs[1] != inChannels) {
            throw new ShapeMismatchException(op, "input (N, " + inChannels + ", H, W)", xs,
                    "the weight has " + inChannels + " input channel" + (inChannels == 1 ? "" : "s"));
        }
        if (outChannels < 1) {
            throw new IllegalArgumentException(op + ": the weight must have at least one output channel but has " + outChannels);
        }
        if (kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException(op + ": kernel size must be >= 1 but got " + kernelHeight + "x" + kernelWidth);
        }
        checkStridePadding(op, stride, padding);
        if (xs[0] < 1 || xs[2] < 1 || xs[3] < 1) {
            throw new ShapeMismatchException(op, "a non-empty input (N, C, H, W)", xs, "every dim must be >= 1");
        }
        int outHeight = outSize(op, "height", xs[2], kernelHeight, padding, stride);
        int outWidth = outSize(op, "width", xs[3], kernelWidth, padding, stride);
        return new Convolution.Geometry(xs[0], xs[1], xs[2], xs[3], outChannels, kernelHeight, kernelWidth,
                stride, padding, outHeight, outWidth);
    }

    private static int outSize(String op, String axis, int size, int kernel, int padding, int stride) {
        String problem = Conv.check(size, kernel, padding, stride);
        if (problem != null) {
            throw new IllegalArgumentException(op + ": output " + axis + " " + problem);
        }
        return Conv.outSize(size, kernel, padding, stride);
    }

    private static void checkStridePadding(String op, int stride, int padding) {
        if (stride < 1) {
            throw new IllegalArgumentException(op + ": stride must be >= 1 but got " + stride
                    + "; stride 1 moves the filter one pixel at a time");
        }
        if (padding < 0) {
            throw new IllegalArgumentException(op + ": padding must be >= 0 but got " + padding
                    + "; padding adds that many rings of zeros around the image");
        }
    }

    // ================================================================== pooling

    /**
     * Max pooling over {@code kernel x kernel} windows moved by {@code stride}: {@code (N, C, H, W)}
     * to {@code (N, C, (H - kernel)/stride + 1, (W - kernel)/stride + 1)}. The backward pass sends
     * each gradient to its window's maximum (the first one on ties) and nothing elsewhere.
     * Max pooling is the lecture's usual choice; 2x2 windows with stride 2 halve each map (28x28 to 14x14).
     *
     * @throws ShapeMismatchException   if x is not 4-D
     * @throws IllegalArgumentException if kernel or stride &lt; 1, or the window does not tile the input
     */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        int[] d = poolGeometry("maxPool2d", x, kernel, stride);
        int planes = d[0] * d[1];
        int area = d[4] * d[5];
        float[] y = StepArena.floatsOverwritten(planes * area);   // Pooling.maxForward writes every window's maximum
        int[] argmax = recording(x) ? StepArena.intsOverwritten(y.length) : null;   // only the backward pass needs it; every window's written
        Pooling.maxForward(data(x), planes, d[2], d[3], kernel, stride, d[4], d[5], y, argmax);
        return fromOp("maxPool2d", y, new int[] {d[0], d[1], d[4], d[5]},
                dy -> Pooling.maxBackward(dy, argmax, planes, area, gradBuffer(x)), x);
    }

    /**
     * Average pooling over {@code kernel x kernel} windows moved by {@code stride}, shapes as
     * {@link #maxPool2d}. The backward pass gives each input {@code 1/(kernel*kernel)} of its
     * window's gradient (a quarter for 2x2).
     *
     * @throws ShapeMismatchException   if x is not 4-D
     * @throws IllegalArgumentException if kernel or stride &lt; 1, or the window does not tile the input
     */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride) {
        int[] d = poolGeometry("avgPool2d", x, kernel, stride);
        int planes = d[0] * d[1];
        float[] y = StepArena.floats(planes * d[4] * d[5]);
        Pooling.avgForward(data(x), planes, d[2], d[3], kernel, stride, d[4], d[5], y);
        return fromOp("avgPool2d", y, new int[] {d[0], d[1], d[4], d[5]},
                dy -> Pooling.avgBackward(dy, planes, d[2], d[3], kernel, stride, d[4], d[5], gradBuffer(x)), x);
    }

    /** {N, C, H, W, H_out, W_out}. */
    private static int[] poolGeometry(String op, Tensor x, int kernel, int stride) {
        requireRank(op, x, 4, "input (N, C, H, W)", "images are NCHW; reshape a single image (C, H, W) to (1, C, H, W)");
        if (kernel < 1) {
            throw new IllegalArgumentException(op + ": kernel size must be >= 1 but got " + kernel
                    + "; 2 pools 2x2 windows");
        }
        if (stride < 1) {
            throw new IllegalArgumentException(op + ": stride must be >= 1 but got " + stride
                    + "; stride 2 with a 2x2 kernel halves the size");
        }
        int[] s = x.shape();
        if (s[2] < 1 || s[3] < 1) {
            throw new ShapeMismatchException(op, "a non-empty input (N, C, H, W)", s, "every dim must be >= 1");
        }
        int outHeight = outSize(op, "height", s[2], kernel, 0, stride);
        int outWidth = outSize(op, "width", s[3], kernel, 0, stride);
        return new int[] {s[0], s[1], s[2], s[3], outHeight, outWidth};
    }

    // ================================================================== activations

    /** Rectified linear unit {@code max(0, x)}, element-wise; its gradient is 1 for x &gt; 0, else 0. */
    public static Tensor relu(Tensor x) {
        float[] in = data(x);
        float[] y = StepArena.floatsOverwritten(in.length);   // every element written below
        // NOTE: branch-free loops: on real activations the sign is a coin flip, and the branch of
        // "v > 0 ? v : 0" mispredicted half the time (10x slower on the lecture's 1.6M conv1
        // outputs). Elementwise.relu runs whole vectors (a compare and a blend) where the Vector
        // API is there, else Math.max plus a NaN test: relu(NaN) = 0 and relu(-0) = +0 either way.
        Elementwise.forEach(in.length, (from, to) -> Elementwise.relu(in, y, from, to));
        return fromOp("relu", y, x.shape(), dy -> {
            float[] gx = gradBuffer(x);
            Elementwise.forEach(dy.length, (from, to) -> Elementwise.reluBackward(dy, y, gx, from, to));
        }, x);
    }

    /** Logistic sigmoid {@code 1/(1 + e^-x)}, element-wise (computed without overflow); gradient {@code y(1 - y)}. */
    public static Tensor sigmoid(Tensor x) {
        float[] y = map(data(x), v -> {
            if (v >= 0f) {
                return (float) (1.0 / (1.0 + Math.exp(-v)));
            }
            double e = Math.exp(v);
            return (float) (e / (1.0 + e));
        });
        return fromOp("sigmoid", y, x.shape(), dy -> backwardMap(x, dy, i -> y[i] * (1f - y[i])), x);
    }

    /** Hyperbolic tangent, element-wise; gradient {@code 1 - y^2}. */
    public static Tensor tanh(Tensor x) {
        float[] y = map(data(x), v -> (float) Math.tanh(v));
        return fromOp("tanh", y, x.shape(), dy -> backwardMap(x, dy, i -> 1f - y[i] * y[i]), x);
    }

    /**
     * Leaky ReLU: {@code x} for x &gt; 0, {@code slope * x} otherwise (the lecture uses slope 0.01);
     * gradient 1 or {@code slope}.
     */
    public static Tensor leakyRelu(Tensor x, float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("leakyRelu: slope must be a finite number but got " + slope + "; try 0.01");
        }
        float[] in = data(x);
        float[] y = map(in, v -> v > 0f ? v : slope * v);
        return fromOp("leakyRelu", y, x.shape(), dy -> backwardMap(x, dy, i -> in[i] > 0f ? 1f : slope), x);
    }

    /**
     * Exponential linear unit: {@code x} for x &gt; 0, {@code alpha (e^x - 1)} otherwise. Its
     * derivative for x &lt;= 0 is {@code alpha e^x = f(x) + alpha} (the lecture's identity, which
     * the backward pass uses).
     */
    public static Tensor elu(Tensor x, float alpha) {
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("elu: alpha must be a finite number but got " + alpha + "; try 1.0");
        }
        float[] in = data(x);
        float[] y = map(in, v -> v > 0f ? v : (float) (alpha * Math.expm1(v)));
        return fromOp("elu", y, x.shape(), dy -> backwardMap(x, dy, i -> in[i] > 0f ? 1f : y[i] + alpha), x);
    }

    /**
     * Maxout over groups of {@code pieces} consecutive channels (axis 1):
     * {@code (N, C*pieces, ...) -> (N, C, ...)}, output channel i is the max of input channels
     * {@code i*pieces .. i*pieces + pieces - 1}. The gradient goes to the maximum (first on ties).
     *
     * @throws IllegalArgumentException if pieces &lt; 1
     * @throws ShapeMismatchException   if x has rank &lt; 2 or its axis 1 is not a multiple of pieces
     */
    public static Tensor maxout(Tensor x, int pieces) {
        if (pieces < 1) {
            throw new IllegalArgumentException("maxout: pieces must be >= 1 but got " + pieces
                    + "; 2 takes the max of each pair of channels");
        }
        int[] s = x.shape();
        if (s.length < 2 || s[1] % pieces != 0) {
            throw new ShapeMismatchException("maxout", "(N, C*" + pieces + ", ...)", s,
                    s.length < 2 ? "maxout works on axis 1; reshape to (N, features)"
                            : s[1] + " channels do not split into groups of " + pieces);
        }
        int batch = s[0];
        int groups = s[1] / pieces;
        int inner = (int) (Shapes.numel(s) / Math.max(1, (long) batch * s[1]));
        int[] outShape = s.clone();
        outShape[1] = groups;
        float[] in = data(x);
        float[] y = StepArena.floats(batch * groups * inner);
        int[] argmax = StepArena.intsOverwritten(y.length);   // every group's maximum written below
        Elementwise.forEach(y.length, (from, to) -> {
            for (int o = from; o < to; o++) {
                int r = o % inner;
                int gi = (o / inner) % groups;
                int n = o / (inner * groups);
                int first = (n * s[1] + gi * pieces) * inner + r;
                int best = first;
                float max = in[first];
                for (int q = 1; q < pieces; q++) {
                    int idx = first + q * inner;
                    if (!(in[idx] <= max)) {
                        max = in[idx];
                        best = idx;
                    }
                }
                y[o] = max;
                argmax[o] = best;
            }
        });
        return fromOp("maxout", y, outShape, dy -> {
            // NOTE: each input feeds exactly one output, so this scatter has no write conflicts
            float[] gx = gradBuffer(x);
            Elementwise.forEach(dy.length, (from, to) -> {
                for (int o = from; o < to; o++) {
                    gx[argmax[o]] += dy[o];
                }
            });
        }, x);
    }

    // ================================================================== dense layers

    /**
     * Fully connected layer {@code y = x w^T + b}: {@code x (N, in)}, {@code w (out, in)},
     * {@code b (out)} or null, output {@code (N, out)}; on the parallel SGEMM.
     *
     * @throws ShapeMismatchException if x is not (N, in) for the weight's in, or b is not (out)
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear("linear", x, w, b, 0f, 0L);
    }

    /**
     * {@code linear(dropout(x, p, true, seed), w, b)} as one operation, bit for bit the same values
     * and gradients as the two: the dropped and scaled input is written once, straight into the
     * array the GEMM reads, and the mask is not stored: the backward pass draws it again from
     * {@code (seed, index)} (dropout's numbers are stateless). What a network's {@code Dropout}
     * then {@code Dense} runs in training (see {@link Fusion}).
     *
     * @throws IllegalArgumentException if p is outside [0, 1)
     * @throws ShapeMismatchException   as {@link #linear}
     */
    public static Tensor dropoutLinear(Tensor x, float p, long seed, Tensor w, Tensor b) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: p (the probability of dropping a unit) must be in [0, 1) but got "
                    + p + "; 0.5 drops half the units, 0 keeps all");
        }
        return p == 0f ? linear(x, w, b) : linear("dropout+linear", x, w, b, p, seed);
    }

    /** {@link #linear}, on the input dropped with probability {@code p} (from {@code seed}) when {@code p > 0}. */
    private static Tensor linear(String op, Tensor x, Tensor w, Tensor b, float p, long seed) {
        if (w.rank() != 2) {
            throw new ShapeMismatchException(op, "weight (out, in)", w.shape(), "one row of input weights per output");
        }
        int out = w.size(0);
        int in = w.size(1);
        if (x.rank() != 2 || x.size(1) != in) {
            throw new ShapeMismatchException(op, "input (N, " + in + ")", x.shape(),
                    x.rank() > 2 ? "flatten the images first: F.flatten(x) gives (N, " + Shapes.numel(x.shape()) / Math.max(1, x.size(0)) + ")"
                            : "the weight " + Shapes.toString(w.shape()) + " takes " + in + " input features");
        }
        if (b != null && (b.rank() != 1 || b.size(0) != out)) {
            throw new ShapeMismatchException(op, "bias (" + out + ")", b.shape(), "one bias per output; the weight has " + out + " outputs");
        }
        int n = x.size(0);
        boolean drop = p > 0f;
        float scale = 1f / (1f - p);
        long threshold = (long) Math.ceil(p * 0x1p53);   // as in dropout
        float[] xd;
        // the mask (scale or 0), kept for the backward pass when it will run, which hashed every
        // index again (FusionStep 16.95 -> 16.63 ms at one thread, 10.70 -> 10.44 at two)
        float[] mask = drop && recording(x) ? StepArena.floatsOverwritten(data(x).length) : null;
        if (drop) {
            float[] xin = data(x);
            float[] dropped = StepArena.floatsOverwritten(xin.length);   // every element written below
            Elementwise.forEach(xin.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float m = maskValue(seed, i, threshold, scale);
                    if (mask != null) {
                        mask[i] = m;
                    }
                    dropped[i] = xin[i] * m;
                }
            });
            xd = dropped;
        } else {
            xd = data(x);
        }
        float[] wd = data(w);
        float[] y = StepArena.floatsOverwritten(n * out);   // stored by the GEMM (beta 0) or the transpose below
        float[] bd = b == null ? null : data(b);
        if (out >= n && n >= 4) {
            // y^T (out, N) = w (out, in) x x^T: the GEMM packs its transposed operand faster when
            // that operand is the narrow one (the batch, not the outputs), and parallel tasks do not
            // each repack the whole weight matrix (the lecture's 3136 -> 128 layer at batch 64:
            // 0.57 vs 0.70 ms on one core, 0.97 vs 1.47 ms on two)
            float[] yt = StepArena.floatsOverwritten(out * n);   // stored by the GEMM (beta 0)
            Sgemm.gemm(false, true, out, n, in, 1f, wd, 0, in, xd, 0, in, 0f, yt, 0, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    y[i * out + j] = bd == null ? yt[j * n + i] : yt[j * n + i] + bd[j];
                }
            }
        } else {
            Sgemm.gemm(false, true, n, out, in, 1f, xd, 0, in, wd, 0, in, 0f, y, 0, out);
            if (bd != null) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < out; j++) {
                        y[i * out + j] += bd[j];
                    }
                }
            }
        }
        return fromOp(op, y, new int[] {n, out}, dy -> {
            if (x.isRequiresGrad() && drop) {
                // the dropped input's gradient (stored by the GEMM, beta 0), then its mask
                float[] dxd = StepArena.floatsOverwritten(n * in);
                Sgemm.gemm(false, false, n, in, out, 1f, dy, 0, out, wd, 0, in, 0f, dxd, 0, in);
                float[] fresh = freshGradBuffer(x);   // the first gradient into x: stored, not added into zeros
                float[] gx = fresh != null ? fresh : gradBuffer(x);
                Elementwise.forEach(dxd.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        // the forward pass kept no mask when x required no gradient then (requiresGrad() since)
                        float keep = mask != null ? mask[i] : maskValue(seed, i, threshold, scale);
                        // "0 +" as the separate dropout's backward adds into a zeroed gradient (-0 becomes +0)
                        gx[i] = (fresh != null ? 0f : gx[i]) + dxd[i] * keep;
                    }
                });
            } else if (x.isRequiresGrad()) {   // dx (N, in) = dy (N, out) x w (out, in); beta 0 for a first gradient
                float[] fresh = freshGradBuffer(x);
                Sgemm.gemm(false, false, n, in, out, 1f, dy, 0, out, wd, 0, in, fresh == null ? 1f : 0f,
                        fresh == null ? gradBuffer(x) : fresh, 0, in);
            }
            if (w.isRequiresGrad()) {   // dw (out, in) = dy^T (out, N) x x (N, in)
                float[] fresh = freshGradBuffer(w);
                Sgemm.gemm(true, false, out, in, n, 1f, dy, 0, out, xd, 0, in, fresh == null ? 1f : 0f,
                        fresh == null ? gradBuffer(w) : fresh, 0, in);
            }
            if (b != null && b.isRequiresGrad()) {
                float[] gb = gradBuffer(b);
                for (int j = 0; j < out; j++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += dy[i * out + j];
                    }
                    gb[j] += (float) s;
                }
            }
        }, x, w, b);
    }

    /**
     * Flattens all axes after the first: {@code (N, d1, d2, ...) -> (N, d1*d2*...)}, e.g.
     * {@code (64, 64, 7, 7) -> (64, 3136)}.
     *
     * @throws ShapeMismatchException if x is a scalar
     */
    public static Tensor flatten(Tensor x) {
        if (x.rank() < 1) {
            throw new ShapeMismatchException("flatten", "(N, ...)", x.shape(), "a scalar has no batch axis");
        }
        int n = x.size(0);
        int rest = n == 0 ? 0 : x.numel() / n;
        return x.reshape(n, rest);
    }

    // ================================================================== softmax and loss

    /**
     * Softmax over the last axis, {@code e^(x_i - max) / sum_j e^(x_j - max)} (shifted by the
     * row maximum so it never overflows); each row sums to 1.
     */
    public static Tensor softmax(Tensor x) {
        int cols = lastAxis("softmax", x);
        int rows = cols == 0 ? 0 : x.numel() / cols;
        float[] y = StepArena.floats(x.numel());
        softmaxRows(data(x), rows, cols, y, false);
        return fromOp("softmax", y, x.shape(), dy -> {
            float[] gx = gradBuffer(x);
            forRows(rows, cols, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int off = r * cols;
                    double dot = 0;
                    for (int j = 0; j < cols; j++) {
                        dot += (double) dy[off + j] * y[off + j];
                    }
                    for (int j = 0; j < cols; j++) {
                        gx[off + j] += (float) (y[off + j] * (dy[off + j] - dot));
                    }
                }
            });
        }, x);
    }

    /** Log-softmax over the last axis, {@code x_i - max - log sum_j e^(x_j - max)} (stable). */
    public static Tensor logSoftmax(Tensor x) {
        int cols = lastAxis("logSoftmax", x);
        int rows = cols == 0 ? 0 : x.numel() / cols;
        float[] y = StepArena.floats(x.numel());
        softmaxRows(data(x), rows, cols, y, true);
        return fromOp("logSoftmax", y, x.shape(), dy -> {
            float[] gx = gradBuffer(x);
            forRows(rows, cols, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int off = r * cols;
                    double sum = 0;
                    for (int j = 0; j < cols; j++) {
                        sum += dy[off + j];
                    }
                    for (int j = 0; j < cols; j++) {
                        gx[off + j] += (float) (dy[off + j] - Math.exp(y[off + j]) * sum);
                    }
                }
            });
        }, x);
    }

    /**
     * Cross-entropy of logits against class labels, averaged over the batch:
     * {@code mean_n (-log softmax(logits[n])[labels[n]])}, a scalar. Fused with a stable
     * log-softmax; its gradient is {@code (softmax - onehot) / N}.
     *
     * @param logits (N, classes), raw scores (not probabilities)
     * @param labels N class indices in {@code [0, classes)}
     * @throws ShapeMismatchException   if logits is not 2-D
     * @throws IllegalArgumentException if the label count differs from N or a label is out of range
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        return crossEntropy(logits, labels, 0);
    }

    /**
     * Cross-entropy with label smoothing ε, as PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}:
     * the target of row n is {@code (1 - ε)·onehot(labels[n]) + ε/C} instead of the one-hot vector, so
     * the loss is {@code mean_n [-(1 - ε)·log p[n][labels[n]] - (ε/C)·Σ_k log p[n][k]]} and its
     * gradient {@code (softmax - target) / N}. With ε = 0 it is {@link #crossEntropy(Tensor, int[])}.
     * Its smallest value is no longer 0: a net that puts all probability on the label pays for the
     * other classes' ε/C.
     *
     * @param smoothing ε in {@code [0, 1)}
     * @throws IllegalArgumentException if ε is outside [0, 1), or as {@link #crossEntropy(Tensor, int[])}
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double smoothing) {
        String op = "crossEntropy";
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException(op + ": label smoothing must be in [0, 1) but got " + smoothing
                    + "; 0 is plain cross-entropy, 0.1 the usual amount");
        }
        requireRank(op, logits, 2, "logits (N, classes)", "flatten first, e.g. F.flatten(x) then a linear layer to the classes");
        int rows = logits.size(0);
        int cols = logits.size(1);
        if (labels == null || labels.length != rows) {
            throw new IllegalArgumentException(op + ": expected " + rows + " labels (one per row of logits "
                    + Shapes.toString(logits.shape()) + ") but got " + (labels == null ? "null" : labels.length));
        }
        if (rows == 0 || cols == 0) {
            throw new ShapeMismatchException(op, "logits (N >= 1, classes >= 1)", logits.shape(), "the batch is empty");
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= cols) {
                throw new IllegalArgumentException(op + ": label " + labels[i] + " at index " + i + " is outside 0.."
                        + (cols - 1) + " (the logits have " + cols + " classes)");
            }
        }
        int[] labelsCopy = labels.clone();
        float[] logProbs = StepArena.floats(rows * cols);
        softmaxRows(data(logits), rows, cols, logProbs, true);
        double onLabel = 1 - smoothing;
        double spread = smoothing / cols;
        double total = 0;
        for (int i = 0; i < rows; i++) {  // in row order: the same for any thread count
            double rowLoss = -onLabel * logProbs[i * cols + labelsCopy[i]];
            if (smoothing > 0) {
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += logProbs[i * cols + j];
                }
                rowLoss -= spread * sum;
            }
            total += rowLoss;
        }
        float loss = (float) (total / rows);
        float hit = (float) (onLabel + spread);
        float miss = (float) spread;
        return fromOp(op, new float[] {loss}, new int[0], dy -> {
            float[] gx = gradBuffer(logits);
            float scale = dy[0] / rows;
            forRows(rows, cols, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int off = r * cols;
                    for (int j = 0; j < cols; j++) {
                        float p = (float) Math.exp(logProbs[off + j]);
                        gx[off + j] += scale * (p - (j == labelsCopy[r] ? hit : miss));
                    }
                }
            });
        }, logits);
    }

    private static int lastAxis(String op, Tensor x) {
        if (x.rank() < 1) {
            throw new ShapeMismatchException(op, "a tensor with at least one axis", x.shape(),
                    op + " normalises over the last axis; reshape the scalar to (1)");
        }
        return x.size(-1);
    }

    /** Row-wise (log-)softmax with the row max subtracted; sums in double. */
    private static void softmaxRows(float[] x, int rows, int cols, float[] y, boolean log) {
        forRows(rows, cols, (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * cols;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, x[off + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += Math.exp((double) x[off + j] - max);
                }
                if (log) {
                    double logSum = Math.log(sum);
                    for (int j = 0; j < cols; j++) {
                        y[off + j] = (float) ((double) x[off + j] - max - logSum);
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        y[off + j] = (float) (Math.exp((double) x[off + j] - max) / sum);
                    }
                }
            }
        });
    }

    private static void forRows(int rows, int cols, Parallel.RangeBody body) {
        if ((long) rows * cols < Elementwise.PARALLEL_THRESHOLD) {
            body.run(0, rows);
        } else {
            Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, cols)), body);
        }
    }

    // ================================================================== regularisation

    /**
     * Inverted dropout: while training, each element is dropped (set to 0) with probability
     * {@code p} and the kept ones are scaled by {@code 1/(1 - p)}, so the expected value is
     * unchanged; when not training (or p = 0) it returns x itself. The mask depends only on
     * {@code seed} and the element's index (the same on every machine and thread count).
     *
     * @param p the DROP probability, in [0, 1); the lecture's 0.5 drops half the units
     * @throws IllegalArgumentException if p is outside [0, 1)
     */
    public static Tensor dropout(Tensor x, float p, boolean training, long seed) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: p (the probability of dropping a unit) must be in [0, 1) but got "
                    + p + "; 0.5 drops half the units, 0 keeps all");
        }
        if (!training || p == 0f) {
            return x;
        }
        float[] in = data(x);
        float scale = 1f / (1f - p);
        float[] mask = StepArena.floatsOverwritten(in.length);   // both written whole below
        float[] y = StepArena.floatsOverwritten(in.length);
        // uniform(seed, i) >= p  <=>  its 53 random bits >= p * 2^53 (exact in double)  <=>  bits >= threshold;
        // the comparison becomes the sign of a difference: a coin-flip branch mispredicts half the time
        long threshold = (long) Math.ceil(p * 0x1p53);
        Elementwise.forEach(in.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                mask[i] = maskValue(seed, i, threshold, scale);
                y[i] = in[i] * mask[i];
            }
        });
        return fromOp("dropout", y, x.shape(), dy -> {
            float[] gx = gradBuffer(x);
            Elementwise.forEach(dy.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    gx[i] += dy[i] * mask[i];
                }
            });
        }, x);
    }

    /**
     * 1 for r &gt; 0, else 0, for r = relu(x) (never negative or NaN), without a branch: any
     * positive float (the smallest is 2^-149) times 2^200 exceeds 1 (or is infinite).
     */
    private static float step(float r) {
        return Math.min(r * 0x1p100f * 0x1p100f, 1f);
    }

    /** A uniform number in [0, 1) from (seed, index) by the SplitMix64 finaliser: stateless, so any chunk can compute it. */
    static double uniform(long seed, long index) {
        return randomBits(seed, index) * 0x1.0p-53;
    }

    /**
     * Dropout's mask at index i: {@code scale} where the unit is kept ({@code uniform(seed, i) >= p},
     * i.e. its 53 random bits {@code >= threshold = ceil(p * 2^53)}), else 0. The comparison is
     * the sign of a difference: a coin-flip branch would mispredict half the time.
     */
    private static float maskValue(long seed, long i, long threshold, float scale) {
        long keep = 1 - ((randomBits(seed, i) - threshold) >>> 63);
        return scale * keep;
    }

    /** The 53 random bits behind {@link #uniform}: {@code uniform = bits * 2^-53}. */
    private static long randomBits(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z >>> 11;
    }

    /** L1 penalty {@code sum |t|} (a scalar); gradient {@code sign(t)} (0 at 0). */
    public static Tensor l1(Tensor t) {
        float[] d = data(t);
        float v = (float) Reduce.sumAbs(d, 0, d.length);
        return fromOp("l1", new float[] {v}, new int[0],
                dy -> backwardMap(t, dy[0], i -> Math.signum(d[i])), t);
    }

    /** L2 penalty {@code sum t^2} (a scalar); gradient {@code 2t}. */
    public static Tensor l2(Tensor t) {
        float[] d = data(t);
        float v = (float) Reduce.sumSquares(d, 0, d.length);
        return fromOp("l2", new float[] {v}, new int[0],
                dy -> backwardMap(t, dy[0], i -> 2f * d[i]), t);
    }

    // ================================================================== normalisation and global pooling

    /**
     * Batch normalisation over axis 1 (as PyTorch's {@code batch_norm}), for {@code x (N, C)} or
     * {@code (N, C, H, W)}; statistics per channel {@code c} over the {@code M = N·H·W} values of it:
     * <pre>
     *   training:   mean_c, var_c = the batch's mean and biased variance (divide by M)
     *               running_mean ← (1 − momentum)·running_mean + momentum·mean_c
     *               running_var  ← (1 − momentum)·running_var  + momentum·var_c·M/(M − 1)   (unbiased)
     *   evaluation: mean_c, var_c = running_mean, running_var (nothing changes)
     *   y = gamma_c · (x − mean_c) / sqrt(var_c + eps) + beta_c
     * </pre>
     * Backward (training), with {@code x̂ = (x − mean)/sqrt(var + eps)} and {@code g = dy·gamma}:
     * {@code dx = (M·g − Σg − x̂·Σ(g·x̂)) / (M·sqrt(var + eps))}, {@code dgamma = Σ dy·x̂},
     * {@code dbeta = Σ dy}; in evaluation {@code dx = g / sqrt(var + eps)}. Sums in double,
     * channel by channel, so any thread count gives the same bits.
     *
     * @param runningMean (C), updated in place in training (not on the tape)
     * @param runningVar  (C), updated in place in training
     * @throws ShapeMismatchException   if x is not (N, C) or (N, C, H, W) or a (C) tensor does not match
     * @throws IllegalArgumentException if training with one value per channel (M = 1: no variance), or momentum/eps out of range
     */
    public static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            boolean training, double momentum, double eps) {
        if (x == null || (x.rank() != 2 && x.rank() != 4)) {
            throw new ShapeMismatchException("batchNorm", "input (N, C) or (N, C, H, W)", x == null ? new int[0] : x.shape(),
                    "batch norm normalises axis 1; flatten or reshape to one of these");
        }
        int[] s = x.shape();
        int n = s[0];
        int channels = s[1];
        int area = x.rank() == 4 ? s[2] * s[3] : 1;
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (t != null && (t.rank() != 1 || t.size(0) != channels)) {
                throw new ShapeMismatchException("batchNorm", "(" + channels + ") per-channel tensors", t.shape(),
                        "gamma, beta and the running statistics have one value per channel of the input");
            }
        }
        if (!(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("batchNorm: momentum must be in [0, 1] and eps > 0 but got momentum " + momentum
                    + ", eps " + eps + "; PyTorch's defaults are 0.1 and 1e-5");
        }
        long m = (long) n * area;
        if (training && m < 2) {
            throw new IllegalArgumentException("batchNorm: training needs more than one value per channel to estimate a variance "
                    + "but got input " + Shapes.toString(s) + "; use a batch of at least 2 or evaluation mode");
        }
        float[] in = data(x);
        float[] y = StepArena.floatsOverwritten(in.length);   // every element written below
        double[] mean = new double[channels];
        double[] invStd = new double[channels];
        float[] g = gamma == null ? null : data(gamma);
        float[] b = beta == null ? null : data(beta);
        float[] rm = runningMean == null ? null : data(runningMean);
        float[] rv = runningVar == null ? null : data(runningVar);
        if (!training && (rm == null || rv == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation needs the running mean and variance but got null");
        }
        Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double mu;
                double var;
                if (training) {
                    mu = channelSum(in, n, channels, c, area) / m;
                    var = channelCentredSquares(in, n, channels, c, area, (float) mu) / m;
                    if (rm != null) {
                        rm[c] = (float) ((1 - momentum) * rm[c] + momentum * mu);
                    }
                    if (rv != null) {
                        rv[c] = (float) ((1 - momentum) * rv[c] + momentum * var * m / (m - 1));
                    }
                } else {
                    mu = rm[c];
                    var = rv[c];
                }
                mean[c] = mu;
                double inv = 1 / Math.sqrt(var + eps);
                invStd[c] = inv;
                // y = a·(x − mean) + shift in float: one multiply-add per value, which the JIT vectorises
                float muF = (float) mu;
                float a = (float) ((g == null ? 1 : g[c]) * inv);
                float shift = b == null ? 0f : b[c];
                for (int i = 0; i < n; i++) {
                    int off = (i * channels + c) * area;
                    for (int j = off, end = off + area; j < end; j++) {
                        y[j] = a * (in[j] - muF) + shift;
                    }
                }
            }
        });
        return fromOp("batchNorm", y, s, dy -> {
            float[] gx = gradOrNull(x);
            float[] gg = gradOrNull(gamma);
            float[] gb = gradOrNull(beta);
            Parallel.forRange(channels, 1, (from, to) -> {
                double[] sums = new double[2];
                for (int c = from; c < to; c++) {
                    double mu = mean[c];
                    double inv = invStd[c];
                    float muF = (float) mu;
                    channelGradSums(dy, in, n, channels, c, area, muF, sums);
                    double sumDy = sums[0];
                    double sumDyXhat = sums[1] * inv;
                    double scale = g == null ? 1 : g[c];
                    if (gg != null) {
                        gg[c] += (float) sumDyXhat;
                    }
                    if (gb != null) {
                        gb[c] += (float) sumDy;
                    }
                    if (gx != null) {
                        // dx = scale·inv·(dy − Σdy/M − x̂·Σ(dy·x̂)/M) = A·dy + B·(x − mean) + D
                        float aCoef = (float) (scale * inv);
                        float bCoef = training ? (float) (-scale * inv * inv * sumDyXhat / m) : 0f;
                        float dCoef = training ? (float) (-scale * inv * sumDy / m) : 0f;
                        for (int i = 0; i < n; i++) {
                            int off = (i * channels + c) * area;
                            for (int j = off, end = off + area; j < end; j++) {
                                gx[j] += aCoef * dy[j] + (bCoef * (in[j] - muF) + dCoef);
                            }
                        }
                    }
                }
            });
        }, x, gamma, beta);
    }

    /** Σ x over channel c of an (N, C, area) array, in double: four interleaved sums per row, rows in order. */
    private static double channelSum(float[] in, int n, int channels, int c, int area) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Reduce.sum4(in, (i * channels + c) * area, area);
        }
        return sum;
    }

    /** Σ (x − mu)² over channel c, in double, four interleaved sums per row, rows in order. */
    private static double channelCentredSquares(float[] in, int n, int channels, int c, int area, float mu) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            int off = (i * channels + c) * area;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = off;
            for (int end = off + (area & ~3); j < end; j += 4) {
                double d0 = in[j] - mu;
                double d1 = in[j + 1] - mu;
                double d2 = in[j + 2] - mu;
                double d3 = in[j + 3] - mu;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (int end = off + area; j < end; j++) {
                double d = in[j] - mu;
                s0 += d * d;
            }
            total += (s0 + s1) + (s2 + s3);
        }
        return total;
    }

    /**
     * Over channel c: {@code sums[0] = Σ dy} and {@code sums[1] = Σ dy·(x − mu)}, in double, four
     * interleaved sums per row, rows in order (a fixed order: the same bits for any thread count).
     */
    private static void channelGradSums(float[] dy, float[] in, int n, int channels, int c, int area, float mu, double[] sums) {
        double sumDy = 0;
        double sumDyX = 0;
        for (int i = 0; i < n; i++) {
            int off = (i * channels + c) * area;
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            double b0 = 0;
            double b1 = 0;
            double b2 = 0;
            double b3 = 0;
            int j = off;
            for (int end = off + (area & ~3); j < end; j += 4) {
                double d0 = dy[j];
                double d1 = dy[j + 1];
                double d2 = dy[j + 2];
                double d3 = dy[j + 3];
                a0 += d0;
                a1 += d1;
                a2 += d2;
                a3 += d3;
                b0 += d0 * (in[j] - mu);
                b1 += d1 * (in[j + 1] - mu);
                b2 += d2 * (in[j + 2] - mu);
                b3 += d3 * (in[j + 3] - mu);
            }
            for (int end = off + area; j < end; j++) {
                double d = dy[j];
                a0 += d;
                b0 += d * (in[j] - mu);
            }
            sumDy += (a0 + a1) + (a2 + a3);
            sumDyX += (b0 + b1) + (b2 + b3);
        }
        sums[0] = sumDy;
        sums[1] = sumDyX;
    }

    /**
     * The mean of each feature map: {@code (N, C, H, W) -> (N, C)},
     * {@code y[n][c] = Σ_{i,j} x[n][c][i][j] / (H·W)} (summed in double); the backward pass spreads
     * each gradient evenly, {@code dx = dy / (H·W)}.
     *
     * @throws ShapeMismatchException if x is not 4-D or has an empty map
     */
    public static Tensor globalAvgPool2d(Tensor x) {
        requireRank("globalAvgPool2d", x, 4, "input (N, C, H, W)", "images are NCHW; reshape a single image (C, H, W) to (1, C, H, W)");
        int[] s = x.shape();
        int planes = s[0] * s[1];
        int area = s[2] * s[3];
        if (area == 0) {
            throw new ShapeMismatchException("globalAvgPool2d", "non-empty maps (N, C, H, W)", s, "every dim must be >= 1");
        }
        float[] in = data(x);
        float[] y = StepArena.floatsOverwritten(planes);   // every plane's mean written below
        Parallel.forRange(planes, 64, (from, to) -> {
            for (int p = from; p < to; p++) {
                double sum = 0;
                for (int j = 0, off = p * area; j < area; j++) {
                    sum += in[off + j];
                }
                y[p] = (float) (sum / area);
            }
        });
        return fromOp("globalAvgPool2d", y, new int[] {s[0], s[1]}, dy -> {
            float[] gx = gradBuffer(x);
            Parallel.forRange(planes, 64, (from, to) -> {
                for (int p = from; p < to; p++) {
                    float d = (float) ((double) dy[p] / area);
                    for (int j = 0, off = p * area; j < area; j++) {
                        gx[off + j] += d;
                    }
                }
            });
        }, x);
    }

    // ================================================================== helpers

    @FunctionalInterface
    private interface FloatOp {
        float apply(float v);
    }

    @FunctionalInterface
    private interface Derivative {
        float at(int i);
    }

    private static float[] map(float[] in, FloatOp f) {
        float[] out = StepArena.floats(in.length);
        Elementwise.forEach(in.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = f.apply(in[i]);
            }
        });
        return out;
    }

    /** {@code grad(x)[i] += dy[i] * d(i)}. */
    private static void backwardMap(Tensor x, float[] dy, Derivative d) {
        float[] gx = gradBuffer(x);
        Elementwise.forEach(dy.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                gx[i] += dy[i] * d.at(i);
            }
        });
    }

    /** {@code grad(x)[i] += dy * d(i)} for a scalar upstream gradient. */
    private static void backwardMap(Tensor x, float dy, Derivative d) {
        float[] gx = gradBuffer(x);
        Elementwise.forEach(gx.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                gx[i] += dy * d.at(i);
            }
        });
    }

    /** True when an operation on these inputs will be recorded on the tape (so it must keep what its backward needs). */
    private static boolean recording(Tensor x) {
        return Tensor.isGradEnabled() && x.isRequiresGrad();
    }

    /**
     * The convolution's backward step: x's gradient stored when it is the first into x in this
     * pass ({@link jcnn.tensor.TensorInternals#freshGradBuffer}), else added; w's and b's added.
     */
    private static void convBackward(Convolution.Geometry g, Tensor x, Tensor w, Tensor b, float[] dy) {
        float[] fresh = x.isRequiresGrad() && x != w ? freshGradBuffer(x) : null;
        float[] dx = fresh != null ? fresh : gradOrNull(x);
        Convolution.backward(g, data(x), data(w), dy, dx, fresh != null, gradOrNull(w), gradOrNull(b));
    }

    private static float[] gradOrNull(Tensor t) {
        return t != null && t.isRequiresGrad() ? gradBuffer(t) : null;
    }

    private static void requireRank(String op, Tensor x, int rank, String expected, String hint) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": the input tensor is null");
        }
        if (x.rank() != rank) {
            throw new ShapeMismatchException(op, expected, x.shape(), hint);
        }
    }
}
