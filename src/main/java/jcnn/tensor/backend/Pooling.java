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
            Parallel.forRange(planes, planeGrain(area), (from, to) ->
                    max2x2(x, from, to, height, width, outHeight, outWidth, y, argmax));
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
     * The lecture's 2x2, stride 2 window unrolled (the general loop nest costs 3x more): the same
     * comparisons in the same order as the general path (row by row, "not <=" so the first
     * maximum wins and NaN propagates), so the results are identical.
     */
    private static void max2x2(float[] x, int from, int to, int height, int width, int outHeight, int outWidth,
                               float[] y, int[] argmax) {
        int area = outHeight * outWidth;
        for (int plane = from; plane < to; plane++) {
            int in = plane * height * width;
            int out = plane * area;
            for (int i = 0; i < outHeight; i++) {
                int r0 = in + 2 * i * width;
                int r1 = r0 + width;
                int o = out + i * outWidth;
                for (int j = 0; j < outWidth; j++, o++) {
                    int a = r0 + 2 * j;
                    int c = r1 + 2 * j;
                    float max = x[a];
                    int best = a;
                    float v = x[a + 1];
                    if (!(v <= max)) {
                        max = v;
                        best = a + 1;
                    }
                    v = x[c];
                    if (!(v <= max)) {
                        max = v;
                        best = c;
                    }
                    v = x[c + 1];
                    if (!(v <= max)) {
                        max = v;
                        best = c + 1;
                    }
                    y[o] = max;
                    if (argmax != null) {
                        argmax[o] = best;
                    }
                }
            }
        }
    }

    /** Adds each output gradient to its window's maximum: {@code dx[argmax[o]] += dy[o]}. */
    public static void maxBackward(float[] dy, int[] argmax, int planes, int outArea, float[] dx) {
        Parallel.forRange(planes, planeGrain(outArea), (from, to) -> {
            for (int o = from * outArea, end = to * outArea; o < end; o++) {
                dx[argmax[o]] += dy[o];
            }
        });
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
