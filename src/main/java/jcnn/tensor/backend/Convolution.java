package jcnn.tensor.backend;

/**
 * Batched 2-D convolution (cross-correlation) by im2col + SGEMM, forward and backward.
 *
 * <p>Geometry: input {@code (N, C, H, W)}, weight {@code (C_out, C, kH, kW)}, output
 * {@code (N, C_out, H_out, W_out)}, {@code K = C*kH*kW}, {@code P_out = H_out*W_out}.
 * Per image: {@code y = w (C_out, K) x cols (K, P_out)}.
 *
 * <p>Parallel over images; one image alone (a notebook cell) runs its GEMM in parallel instead.
 * Weight and bias gradients are summed per fixed chunk of images and the chunk partials added
 * in chunk order, so every result is bit-identical for any thread count.
 */
public final class Convolution {
    /** Geometry of one convolution; sizes already validated. */
    public record Geometry(int batch, int channels, int height, int width, int outChannels,
                           int kernelHeight, int kernelWidth, int stride, int padding,
                           int outHeight, int outWidth) {
        public int k() {
            return channels * kernelHeight * kernelWidth;
        }

        public int outArea() {
            return outHeight * outWidth;
        }

        public int imageSize() {
            return channels * height * width;
        }
    }

    /** Images per chunk of the backward pass: at most 16 chunks, fixed for a batch size. */
    static int backwardGrain(int batch) {
        return Math.max(1, (batch + 15) / 16);
    }

    private Convolution() {
    }

    /** {@code y = conv(x, w) + b}; {@code b} may be null; {@code y} is overwritten. */
    public static void forward(Geometry g, float[] x, float[] w, float[] b, float[] y) {
        int k = g.k();
        int area = g.outArea();
        int co = g.outChannels();
        Parallel.forRange(g.batch(), 1, (from, to) -> {
            float[] cols = Workspace.floats(Workspace.COLUMNS, k * area);
            for (int n = from; n < to; n++) {
                Parallel.checkInterrupted();
                Im2col.im2col(x, n * g.imageSize(), g.channels(), g.height(), g.width(), g.kernelHeight(),
                        g.kernelWidth(), g.stride(), g.padding(), g.outHeight(), g.outWidth(), cols, 0);
                int yOff = n * co * area;
                Sgemm.gemm(false, false, co, area, k, 1f, w, 0, k, cols, 0, area, 0f, y, yOff, area);
                if (b != null) {
                    for (int o = 0; o < co; o++) {
                        float bias = b[o];
                        for (int p = yOff + o * area, end = p + area; p < end; p++) {
                            y[p] += bias;
                        }
                    }
                }
            }
        });
    }

    /**
     * Adds the gradients into {@code dx}, {@code dw}, {@code db} (each may be null when not
     * needed) given the output gradient {@code dy}.
     */
    public static void backward(Geometry g, float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db) {
        int k = g.k();
        int area = g.outArea();
        int co = g.outChannels();
        int grain = backwardGrain(g.batch());
        int chunks = Parallel.chunkCount(g.batch(), grain);
        float[] dwPartials = dw == null ? null : new float[chunks * co * k];
        double[] dbPartials = db == null ? null : new double[chunks * co];
        Parallel.forChunks(g.batch(), grain, (from, to) -> {
            int chunk = from / grain;
            float[] cols = dw == null ? null : Workspace.floats(Workspace.COLUMNS, k * area);
            float[] dcols = dx == null ? null : Workspace.floats(Workspace.GRAD_COLUMNS, k * area);
            for (int n = from; n < to; n++) {
                Parallel.checkInterrupted();
                int dyOff = n * co * area;
                if (dw != null) {
                    Im2col.im2col(x, n * g.imageSize(), g.channels(), g.height(), g.width(), g.kernelHeight(),
                            g.kernelWidth(), g.stride(), g.padding(), g.outHeight(), g.outWidth(), cols, 0);
                    // dW_chunk (co, K) += dY_n (co, P) x cols^T (P, K)
                    Sgemm.gemm(false, true, co, k, area, 1f, dy, dyOff, area, cols, 0, area, 1f,
                            dwPartials, chunk * co * k, k);
                }
                if (dx != null) {
                    // dcols (K, P) = W^T (K, co) x dY_n (co, P), then fold back into dX_n
                    Sgemm.gemm(true, false, k, area, co, 1f, w, 0, k, dy, dyOff, area, 0f, dcols, 0, area);
                    Im2col.col2im(dcols, 0, g.channels(), g.height(), g.width(), g.kernelHeight(), g.kernelWidth(),
                            g.stride(), g.padding(), g.outHeight(), g.outWidth(), dx, n * g.imageSize());
                }
                if (db != null) {
                    for (int o = 0; o < co; o++) {
                        double s = 0;
                        for (int p = dyOff + o * area, end = p + area; p < end; p++) {
                            s += dy[p];
                        }
                        dbPartials[chunk * co + o] += s;
                    }
                }
            }
        });
        if (dw != null) {
            int size = co * k;
            for (int c = 0; c < chunks; c++) {
                for (int i = 0, p = c * size; i < size; i++, p++) {
                    dw[i] += dwPartials[p];
                }
            }
        }
        if (db != null) {
            for (int o = 0; o < co; o++) {
                double s = 0;
                for (int c = 0; c < chunks; c++) {
                    s += dbPartials[c * co + o];
                }
                db[o] += (float) s;
            }
        }
    }
}
