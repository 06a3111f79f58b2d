package jcnn.tensor.backend;

/**
 * Locally connected 2-D layer (the lecture's local connectivity without weight sharing):
 * every output position {@code (i, j)} has its own weights.
 *
 * <p>Input {@code (N, C, H, W)}, weight {@code (H_out, W_out, C_out, C, kH, kW)}, bias
 * {@code (C_out, H_out, W_out)}, output {@code (N, C_out, H_out, W_out)}:
 * <pre>
 *   y[n][o][i][j] = b[o][i][j] + sum_{c,u,v} w[i][j][o][c][u][v] * x[n][c][i*S + u - P][j*S + v - P]
 * </pre>
 * The forward pass and the weight gradient run in parallel over positions (each owns its
 * weights), the input gradient in parallel over images (each owns its input); sums run in a
 * fixed order, so results do not depend on the thread count.
 */
public final class LocalConnection {
    private LocalConnection() {
    }

    /** Gathers the receptive field of position (i, j) of image n into {@code patch[0 .. K)}. */
    private static void gather(float[] x, Convolution.Geometry g, int n, int i, int j, float[] patch) {
        int k = 0;
        int image = n * g.imageSize();
        for (int c = 0; c < g.channels(); c++) {
            int plane = image + c * g.height() * g.width();
            for (int u = 0; u < g.kernelHeight(); u++) {
                int y = i * g.stride() + u - g.padding();
                for (int v = 0; v < g.kernelWidth(); v++, k++) {
                    int xx = j * g.stride() + v - g.padding();
                    boolean inside = y >= 0 && y < g.height() && xx >= 0 && xx < g.width();
                    patch[k] = inside ? x[plane + y * g.width() + xx] : 0f;
                }
            }
        }
    }

    /** Output {@code y} (overwritten); {@code b} may be null. */
    public static void forward(Convolution.Geometry g, float[] x, float[] w, float[] b, float[] y) {
        int k = g.k();
        int co = g.outChannels();
        int area = g.outArea();
        Parallel.forRange(area, 1, (from, to) -> {
            float[] patch = Workspace.floats(Workspace.PATCH, k);
            for (int p = from; p < to; p++) {
                Parallel.checkInterrupted();
                int i = p / g.outWidth();
                int j = p % g.outWidth();
                int wp = p * co * k;
                for (int n = 0; n < g.batch(); n++) {
                    gather(x, g, n, i, j, patch);
                    for (int o = 0; o < co; o++) {
                        float s = b == null ? 0f : b[o * area + p];
                        int row = wp + o * k;
                        for (int q = 0; q < k; q++) {
                            s += w[row + q] * patch[q];
                        }
                        y[(n * co + o) * area + p] = s;
                    }
                }
            }
        });
    }

    /** Adds the gradients into {@code dx}, {@code dw}, {@code db} (each may be null). */
    public static void backward(Convolution.Geometry g, float[] x, float[] w, float[] dy,
                                float[] dx, float[] dw, float[] db) {
        int k = g.k();
        int co = g.outChannels();
        int area = g.outArea();
        if (dw != null || db != null) {
            Parallel.forRange(area, 1, (from, to) -> {
                float[] patch = Workspace.floats(Workspace.PATCH, k);
                for (int p = from; p < to; p++) {
                    Parallel.checkInterrupted();
                    int i = p / g.outWidth();
                    int j = p % g.outWidth();
                    int wp = p * co * k;
                    for (int n = 0; n < g.batch(); n++) {
                        if (dw != null) {
                            gather(x, g, n, i, j, patch);
                        }
                        for (int o = 0; o < co; o++) {
                            float grad = dy[(n * co + o) * area + p];
                            if (db != null) {
                                db[o * area + p] += grad;
                            }
                            if (dw != null) {
                                int row = wp + o * k;
                                for (int q = 0; q < k; q++) {
                                    dw[row + q] += grad * patch[q];
                                }
                            }
                        }
                    }
                }
            });
        }
        if (dx != null) {
            Parallel.forRange(g.batch(), 1, (from, to) -> {
                for (int n = from; n < to; n++) {
                    Parallel.checkInterrupted();
                    int image = n * g.imageSize();
                    for (int p = 0; p < area; p++) {
                        int i = p / g.outWidth();
                        int j = p % g.outWidth();
                        int wp = p * co * k;
                        int q = 0;
                        for (int c = 0; c < g.channels(); c++) {
                            int plane = image + c * g.height() * g.width();
                            for (int u = 0; u < g.kernelHeight(); u++) {
                                int y = i * g.stride() + u - g.padding();
                                for (int v = 0; v < g.kernelWidth(); v++, q++) {
                                    int xx = j * g.stride() + v - g.padding();
                                    if (y < 0 || y >= g.height() || xx < 0 || xx >= g.width()) {
                                        continue;
                                    }
                                    float s = 0f;
                                    for (int o = 0; o < co; o++) {
                                        s += w[wp + o * k + q] * dy[(n * co + o) * area + p];
                                    }
                                    dx[plane + y * g.width() + xx] += s;
                                }
                            }
                        }
                    }
                }
            });
        }
    }
}
