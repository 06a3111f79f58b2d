package jcnn.tensor.backend;

/**
 * Max and average pooling over square windows, forward and backward, parallel over the
 * {@code N*C} planes (each plane's output and input gradient belong to one chunk, so results
 * do not depend on the thread count).
 *
 * <p>Geometry: input plane {@code H x W}, window {@code kernel x kernel}, step {@code stride},
 * output plane {@code outHeight x outWidth}; no padding.
 */
public final class Pooling {
    private Pooling() {
    }

    private static int planeGrain(int outArea) {
        return Math.max(1, 4096 / Math.max(1, outArea));
    }

    /**
     * Max pooling: writes each window's maximum into {@code y} and the flat input index of that
     * maximum into {@code argmax} (the first one on ties), which the backward pass routes to;
     * {@code argmax} may be null when no backward pass will follow (inference).
     */
    public static void maxForward(float[] x, int planes, int height, int width, int kernel, int stride,
                                  int outHeight, int outWidth, float[] y, int[] argmax) {
        int area = outHeight * outWidth;
        if (kernel == 2 && stride == 2) {
            maxForward2x2(x, planes, height, width, outHeight, outWidth, y, argmax);
            return;
        }
        Parallel.forRange(planes, planeGrain(area), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in = plane * height * width;
                int out = plane * area;
                for (int i = 0; i < outHeight; i++) {
                    for (int j = 0; j < outWidth; j++) {
                        int start = in + i * stride * width + j * stride;
                        int best = start;
                        float max = x[start];
                        for (int u = 0; u < kernel; u++) {
                            int row = start + u * width;
                            for (int v = 0; v < kernel; v++) {
                                float value = x[row + v];
                                // NOTE: "not <=" also lets a NaN win, so NaNs propagate as in the input
                                if (!(value <= max)) {
                                    max = value;
                                    best = row + v;
                                }
                            }
                        }
                        y[out + i * outWidth + j] = max;
                        if (argmax != null) {
                            argmax[out + i * outWidth + j] = best;
                        }
                    }
                }
            }
        });
    }

    /**
     * The common 2 x 2, stride 2 case of {@link #maxForward}, with the same results (the first
     * maximum in window order wins; a NaN window takes the general rule) but no data-dependent
     * branches: which element wins is random, so branches mispredict about half the time (the
     * general loop was 14% of a lecture-network training step in a profile; this path is about
     * 2.7x faster on conv1's output). With the Vector API each row runs
     * {@link VectorElementwise#maxPoolRow} first (the general rule as compares and blends, half a
     * vector of windows at a time; 2,048 planes of 28x28 at one thread on 2 December 2026: 4.3-6.6 →
     * 1.0-1.5 ms without argmax, 5.6-5.8 → 1.1-1.2 ms with it, docs/BENCHMARKS.md), this loop only
     * for the windows it leaves.
     */
    private static void maxForward2x2(float[] x, int planes, int height, int width, int outHeight, int outWidth,
                                      float[] y, int[] argmax) {
        int area = outHeight * outWidth;
        Parallel.forRange(planes, planeGrain(area), (from, to) ->
                maxPool2x2Planes(x, from, to, height, width, outHeight, outWidth, y, 0, argmax, 0, to * area));
    }

    /**
     * {@link #maxForward2x2} of planes {@code [from, to)} of x on the calling thread: plane p's
     * windows go to {@code y[yBase + p*outArea ..]}, their maxima's indices in x plus
     * {@code argShift} to argmax (x may be one image's planes in a scratch array, standing for
     * the planes {@code argShift} further on in the whole output: see
     * {@link Convolution#forwardReluMaxPool2x2}); no store reaches {@code outLimit} or beyond.
     */
    static void maxPool2x2Planes(float[] x, int from, int to, int height, int width, int outHeight, int outWidth,
                                 float[] y, int yBase, int[] argmax, int argShift, int outLimit) {
        int area = outHeight * outWidth;
        boolean vector = Elementwise.VECTOR;
        for (int plane = from; plane < to; plane++) {
            int in = plane * height * width;
            int out = yBase + plane * area;
            for (int i = 0; i < outHeight; i++) {
                int row = in + 2 * i * width;
                int o = out + i * outWidth;
                int j = vector ? VectorElementwise.maxPoolRow(x, row, width, outWidth, y, argmax, argShift, o, outLimit) : 0;
                for (; j < outWidth; j++) {
                    int s0 = row + 2 * j;
                    float x0 = x[s0];
                    float x1 = x[s0 + 1];
                    float x2 = x[s0 + width];
                    float x3 = x[s0 + width + 1];
                    float max = Math.max(Math.max(x0, x1), Math.max(x2, x3));
                    int best;
                    // NaN or an infinite maximum: inf - inf is a NaN whose sign bit is the hardware's
                    // choice (set on x86, clear on ARM), so the bit test below is left to the general rule
                    if (!(Math.abs(max) < Float.POSITIVE_INFINITY)) {
                        best = firstMaxWithNaN(x, s0, width);
                    } else {
                        // e_i = 1 exactly when x_i == max (max - x_i is +0 then, positive otherwise);
                        // the lowest set bit is the first maximum in window order
                        int e0 = (Float.floatToRawIntBits(max - x0) - 1) >>> 31;
                        int e1 = (Float.floatToRawIntBits(max - x1) - 1) >>> 31;
                        int e2 = (Float.floatToRawIntBits(max - x2) - 1) >>> 31;
                        int k = Integer.numberOfTrailingZeros(e0 | e1 << 1 | e2 << 2 | 8);
                        best = s0 + (k & 1) + (k >> 1) * width;
                    }
                    // the element itself, not Math.max's result, so -0.0 vs 0.0 ties match the general rule
                    y[o + j] = x[best];
                    if (argmax != null) {
                        argmax[o + j] = best + argShift;
                    }
                }
            }
        }
    }

    /** The general loop's rule ({@code not <=} takes over, so a NaN wins) for one 2 x 2 window (with a NaN or an infinity). */
    private static int firstMaxWithNaN(float[] x, int s0, int width) {
        int best = s0;
        float max = x[s0];
        int[] order = {s0 + 1, s0 + width, s0 + width + 1};
        for (int idx : order) {
            if (!(x[idx] <= max)) {
                max = x[idx];
                best = idx;
            }
        }
        return best;
    }

    /** Adds each output gradient to its window's maximum: {@code dx[argmax[o]] += dy[o]}. */
    public static void maxBackward(float[] dy, int[] argmax, int planes, int outArea, float[] dx) {
        Parallel.forRange(planes, planeGrain(outArea), (from, to) -> {
            for (int o = from * outArea, end = to * outArea; o < end; o++) {
                dx[argmax[o]] += dy[o];
            }
        });
    }

    /**
     * The backward pass of max pooling over a ReLU's output {@code r = relu(x)}, with the ReLU's
     * mask applied in the same pass: writes every element of {@code dx} (the gradient of x, not
     * added to) with exactly the bits of the two separate backward steps on zeroed buffers, i.e.
     * {@code dr[argmax[o]] = 0 + dy[o]} (0 elsewhere), then {@code dx[i] = 0 + dr[i]·step(r[i])};
     * at the maximum {@code r = y[o]}, elsewhere {@code dx = +0}. Windows must not overlap
     * ({@code stride == kernel}); elements no window covers (a remainder row or column) get +0.
     *
     * <p>When {@code planeSums} is not null, also stores {@code planeSums[p] = Reduce.sum4(dx,
     * p*area, area)} for every plane p (the convolution's bias gradient before the sum over
     * images, see {@code Convolution.addBiasGradient}): summed by the chunk that has just written
     * the plane, while it is in the core's cache, instead of by a later pass that reads the whole
     * gradient from memory again. The same function of the same values: the same bits.
     */
    public static void maxReluBackward(float[] dy, int[] argmax, float[] y, int planes, int height, int width,
                                       int outHeight, int outWidth, float[] dx, double[] planeSums) {
        int outArea = outHeight * outWidth;
        int area = height * width;
        Parallel.forRange(planes, planeGrain(outArea), (from, to) -> {
            // clear the chunk's planes in one fill, then route each window's gradient to its maximum
            // (windows do not overlap, so each maximum is written once)
            java.util.Arrays.fill(dx, from * area, to * area, 0f);
            for (int o = from * outArea, end = to * outArea; o < end; o++) {
                dx[argmax[o]] = 0f + (0f + dy[o]) * reluStep(y[o]);
            }
            if (planeSums != null) {
                for (int p = from; p < to; p++) {
                    planeSums[p] = Reduce.sum4(dx, p * area, area);
                }
            }
        });
    }

    /** 1 for r &gt; 0, else 0, for r = relu(x) (never negative or NaN), without a branch (as {@code F}'s ReLU backward). */
    public static float reluStep(float r) {
        return Math.min(r * 0x1p100f * 0x1p100f, 1f);
    }

    /** Average pooling: each output is the mean of its window. */
    public static void avgForward(float[] x, int planes, int height, int width, int kernel, int stride,
                                  int outHeight, int outWidth, float[] y) {
        int area = outHeight * outWidth;
        float scale = 1f / (kernel * kernel);
        Parallel.forRange(planes, planeGrain(area), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in = plane * height * width;
                int out = plane * area;
                for (int i = 0; i < outHeight; i++) {
                    for (int j = 0; j < outWidth; j++) {
                        int start = in + i * stride * width + j * stride;
                        float s = 0f;
                        for (int u = 0; u < kernel; u++) {
                            int row = start + u * width;
                            for (int v = 0; v < kernel; v++) {
                                s += x[row + v];
                            }
                        }
                        y[out + i * outWidth + j] = s * scale;
                    }
                }
            }
        });
    }

    /** Spreads each output gradient evenly over its window: {@code 1/(kernel*kernel)} to each input. */
    public static void avgBackward(float[] dy, int planes, int height, int width, int kernel, int stride,
                                   int outHeight, int outWidth, float[] dx) {
        int area = outHeight * outWidth;
        float scale = 1f / (kernel * kernel);
        Parallel.forRange(planes, planeGrain(area), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in = plane * height * width;
                int out = plane * area;
                for (int i = 0; i < outHeight; i++) {
                    for (int j = 0; j < outWidth; j++) {
                        float share = dy[out + i * outWidth + j] * scale;
                        int start = in + i * stride * width + j * stride;
                        for (int u = 0; u < kernel; u++) {
                            int row = start + u * width;
                            for (int v = 0; v < kernel; v++) {
                                dx[row + v] += share;
                            }
                        }
                    }
                }
            }
        });
    }
}
