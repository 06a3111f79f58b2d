package jcnn.testing;

import jcnn.tensor.Tensor;

/**
 * Direct-loop reference implementations in double: the oracle the fast paths (im2col + GEMM,
 * parallel pools) are tested against. Written straight from the lecture's definitions, with
 * explicit zero padding and no shared code with the engine.
 */
public final class Reference {
    private Reference() {
    }

    /** Values (row-major) and shape of a reference result. */
    public record Result(double[] values, int[] shape) {
        public float[] toFloats() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return f;
        }
    }

    private static int out(int size, int kernel, int padding, int stride) {
        int numerator = size + 2 * padding - kernel;
        if (numerator < 0 || numerator % stride != 0) {
            throw new IllegalArgumentException("reference: size " + size + " kernel " + kernel + " padding "
                    + padding + " stride " + stride + " does not tile");
        }
        return numerator / stride + 1;
    }

    /** The input value with zero padding: 0 outside the image. */
    private static double at(float[] x, int c, int h, int w, int n, int ci, int y, int xx) {
        if (y < 0 || y >= h || xx < 0 || xx >= w) {
            return 0.0;
        }
        return x[((n * c + ci) * h + y) * w + xx];
    }

    /** conv2d: {@code y[n][o][i][j] = b[o] + sum_{c,u,v} w[o][c][u][v] x[n][c][i*S+u-P][j*S+v-P]}. */
    public static Result conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        int[] xs = input.shape();
        int[] ws = weight.shape();
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        int co = ws[0], kh = ws[2], kw = ws[3];
        int ho = out(h, kh, padding, stride);
        int wo = out(w, kw, padding, stride);
        float[] x = input.toArray();
        float[] k = weight.toArray();
        float[] b = bias == null ? null : bias.toArray();
        double[] y = new double[n * co * ho * wo];
        for (int img = 0; img < n; img++) {
            for (int o = 0; o < co; o++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double s = b == null ? 0.0 : b[o];
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    s += k[((o * c + ci) * kh + u) * kw + v]
                                            * at(x, c, h, w, img, ci, i * stride + u - padding, j * stride + v - padding);
                                }
                            }
                        }
                        y[((img * co + o) * ho + i) * wo + j] = s;
                    }
                }
            }
        }
        return new Result(y, new int[] {n, co, ho, wo});
    }

    /**
     * The three conv2d gradients for output gradient {@code dy}, by direct loops in double:
     * {@code dx[n][c][y][x] = sum dy[n][o][i][j] w[o][c][u][v]} over the windows covering (y, x),
     * {@code dw[o][c][u][v] = sum dy[n][o][i][j] x[n][c][i*S+u-P][j*S+v-P]}, {@code db[o] = sum dy[n][o][i][j]}.
     *
     * @return {dx, dw, db}
     */
    public static double[][] conv2dBackward(Tensor input, Tensor weight, Tensor gradOutput, int stride, int padding) {
        int[] xs = input.shape();
        int[] ws = weight.shape();
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        int co = ws[0], kh = ws[2], kw = ws[3];
        int ho = out(h, kh, padding, stride);
        int wo = out(w, kw, padding, stride);
        float[] x = input.toArray();
        float[] k = weight.toArray();
        float[] dy = gradOutput.toArray();
        double[] dx = new double[x.length];
        double[] dw = new double[k.length];
        double[] db = new double[co];
        for (int img = 0; img < n; img++) {
            for (int o = 0; o < co; o++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double g = dy[((img * co + o) * ho + i) * wo + j];
                        db[o] += g;
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int yy = i * stride + u - padding;
                                    int xx = j * stride + v - padding;
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                                        continue;   // a padded zero: no input to credit, and it adds 0 to dw
                                    }
                                    int wi = ((o * c + ci) * kh + u) * kw + v;
                                    int xi = ((img * c + ci) * h + yy) * w + xx;
                                    dx[xi] += g * k[wi];
                                    dw[wi] += g * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw, db};
    }

    /** locallyConnected2d: weight (H_out, W_out, C_out, C_in, kH, kW), bias (C_out, H_out, W_out). */
    public static Result locallyConnected2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        int[] xs = input.shape();
        int[] ws = weight.shape();
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        int co = ws[2], kh = ws[4], kw = ws[5];
        int ho = out(h, kh, padding, stride);
        int wo = out(w, kw, padding, stride);
        float[] x = input.toArray();
        float[] k = weight.toArray();
        float[] b = bias == null ? null : bias.toArray();
        double[] y = new double[n * co * ho * wo];
        for (int img = 0; img < n; img++) {
            for (int o = 0; o < co; o++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double s = b == null ? 0.0 : b[(o * ho + i) * wo + j];
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int wi = ((((i * wo + j) * co + o) * c + ci) * kh + u) * kw + v;
                                    s += k[wi] * at(x, c, h, w, img, ci, i * stride + u - padding, j * stride + v - padding);
                                }
                            }
                        }
                        y[((img * co + o) * ho + i) * wo + j] = s;
                    }
                }
            }
        }
        return new Result(y, new int[] {n, co, ho, wo});
    }

    /** Max pooling over kernel x kernel windows moved by stride. */
    public static Result maxPool2d(Tensor input, int kernel, int stride) {
        return pool(input, kernel, stride, true);
    }

    /** Average pooling over kernel x kernel windows moved by stride. */
    public static Result avgPool2d(Tensor input, int kernel, int stride) {
        return pool(input, kernel, stride, false);
    }

    private static Result pool(Tensor input, int kernel, int stride, boolean max) {
        int[] xs = input.shape();
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        int ho = out(h, kernel, 0, stride);
        int wo = out(w, kernel, 0, stride);
        float[] x = input.toArray();
        double[] y = new double[n * c * ho * wo];
        for (int img = 0; img < n; img++) {
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0.0;
                        for (int u = 0; u < kernel; u++) {
                            for (int v = 0; v < kernel; v++) {
                                double value = at(x, c, h, w, img, ci, i * stride + u, j * stride + v);
                                acc = max ? Math.max(acc, value) : acc + value;
                            }
                        }
                        y[((img * c + ci) * ho + i) * wo + j] = max ? acc : acc / (kernel * kernel);
                    }
                }
            }
        }
        return new Result(y, new int[] {n, c, ho, wo});
    }
}
