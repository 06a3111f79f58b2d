package jcnn.tensor.backend;

/**
 * Batched 2-D convolution (cross-correlation), forward and backward. im2col + SGEMM computes
 * every geometry; per shape, by rules measured and written in docs/BENCHMARKS.md, faster paths
 * take over: Winograd F(2x2, 3x3) for the forward pass and input gradient of 3x3 stride-1 layers
 * with enough channels ({@link #winogradTile}), Winograd F(3x3, 2x2) for their weight gradient
 * ({@link #winogradWeightGradient}), and direct correlations of whole planes for the weight
 * gradient of stride-1 layers with few column rows, such as a first convolution
 * ({@link #directWeightGradient}). {@code -Djcnn.conv} or {@link #setAlgorithm} forces a path.
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

    /** Images per chunk: at most 16 chunks, fixed for a batch size (never for a thread count). */
    static int backwardGrain(int batch) {
        return Math.max(1, (batch + 15) / 16);
    }

    /** Largest column matrix (floats) one chunk unfolds: 4 MiB of floats keeps it near the caches. */
    private static final int MAX_CHUNK_COLUMNS = 1 << 20;

    /**
     * Images per GEMM: a chunk of images is unfolded side by side into one {@code (K, nb*P_out)}
     * column matrix, so each GEMM is {@code nb} times wider (the lecture's 14x14 maps give 196
     * columns alone, which wastes a quarter of the 64-wide vector tiles and repacks the weights per
     * image). Depends only on the geometry, so the chunks, and the order of the weight-gradient
     * sums, are the same for any thread count.
     */
    static int imagesPerChunk(Geometry g) {
        long perImage = (long) g.k() * g.outArea();
        int byMemory = (int) Math.max(1, MAX_CHUNK_COLUMNS / Math.max(1, perImage));
        return Math.max(1, Math.min(backwardGrain(g.batch()), byMemory));
    }

    private Convolution() {
    }

    /**
     * How 3x3 stride-1 convolutions are computed: {@code AUTO} picks per shape by the measured rule
     * of {@link #winogradTile}; the others force one path wherever it applies (tests and the
     * crossover benchmark compare them). Other geometries always use im2col + SGEMM.
     */
    public enum Algorithm { AUTO, IM2COL, WINOGRAD_2X2, WINOGRAD_4X4 }

    private static volatile Algorithm algorithm = initialAlgorithm();

    private static Algorithm initialAlgorithm() {
        String forced = System.getProperty("jcnn.conv", "").trim();
        if (forced.isEmpty()) {
            return Algorithm.AUTO;
        }
        for (Algorithm a : Algorithm.values()) {
            if (a.name().equalsIgnoreCase(forced.replace('-', '_'))) {
                return a;
            }
        }
        System.err.println("jcnn: ignoring -Djcnn.conv=" + forced + " (expected auto, im2col, winograd_2x2 or winograd_4x4)");
        return Algorithm.AUTO;
    }

    /** Selects the algorithm for later convolutions (results differ only in float rounding). */
    public static void setAlgorithm(Algorithm a) {
        algorithm = java.util.Objects.requireNonNull(a, "algorithm");
    }

    public static Algorithm algorithm() {
        return algorithm;
    }

    /**
     * The Winograd tile for this 3x3 stride-1 geometry, or null for im2col + SGEMM. Under
     * {@code AUTO}, F(2x2, 3x3) when (the crossover measured in docs/BENCHMARKS.md, one core,
     * batch 64):
     * <ul>
     *   <li>both channel counts are at least {@link #WINOGRAD_MIN_CHANNELS}: with fewer, the
     *       transforms cost more than the 2.25 times fewer GEMM flops save (1 -> 32, 3 -> 16 and
     *       8 -> 16 channels ran 3 to 10 times slower);</li>
     *   <li>an image has at least {@link #WINOGRAD_MIN_TILES} tiles (a 7x7 output): with the
     *       transforms over planes, 64 -> 64 and 128 -> 128 channels on 7x7 maps ran 1.6-1.8
     *       times faster than im2col (smaller maps were not measured; with the tile-by-tile
     *       transforms before, 7x7 maps had run at 0.6-1.1 times im2col's speed);</li>
     *   <li>one image's GEMMs take SGEMM's blocked path, not its scalar direct loop (16 -> 32
     *       channels on 14x14 ran 8 times slower).</li>
     * </ul>
     * F(4x4) is never chosen automatically: it misses relative 1e-4 on the lecture's shapes.
     * {@code forInputGradient}: the same rule with the channel counts swapped.
     */
    static Winograd.Tile winogradTile(Geometry g, boolean forInputGradient) {
        if (!Winograd.applies(g) || (forInputGradient && g.padding() > 2)) {
            return null;
        }
        switch (algorithm) {
            case IM2COL:
                return null;
            case WINOGRAD_2X2:
                return Winograd.Tile.F2x2;
            case WINOGRAD_4X4:
                return Winograd.Tile.F4x4;
            default:
                int cin = forInputGradient ? g.outChannels() : g.channels();
                int cout = forInputGradient ? g.channels() : g.outChannels();
                int oh = forInputGradient ? g.height() : g.outHeight();
                int ow = forInputGradient ? g.width() : g.outWidth();
                int tiles = Winograd.tilesPerImage(Winograd.Tile.F2x2, oh, ow);
                boolean pays = cin >= WINOGRAD_MIN_CHANNELS && cout >= WINOGRAD_MIN_CHANNELS
                        && tiles >= WINOGRAD_MIN_TILES && !Winograd.gemmIsDirect(cout, tiles, cin);
                return pays ? Winograd.Tile.F2x2 : null;
        }
    }

    /**
     * Whether the weight gradient of this geometry goes through Winograd's F(3x3, 2x2)
     * ({@link Winograd#weightGradient}): under {@code AUTO} where the forward pass takes F(2x2)
     * (the measured rule of {@link #winogradTile}; the crossover table of the weight gradient is in
     * docs/BENCHMARKS.md), always under {@code WINOGRAD_2X2}; never under {@code IM2COL} or
     * {@code WINOGRAD_4X4} (there is no F(3x3, 4x4) path).
     */
    static boolean winogradWeightGradient(Geometry g) {
        switch (algorithm) {
            case AUTO:
                return winogradTile(g, false) == Winograd.Tile.F2x2;
            case WINOGRAD_2X2:
                return Winograd.applies(g);
            default:
                return false;
        }
    }

    /**
     * Whether the weight gradient of this geometry is computed by direct correlations
     * ({@link #weightGradientDirect}) instead of im2col + SGEMM: stride 1 and at most
     * {@link #DIRECT_WEIGHT_GRADIENT_MAX_K} rows in the column matrix, where the GEMM
     * {@code (C*kH*kW) x C_out} is too small in both dimensions for its tiles (measured: see
     * docs/BENCHMARKS.md); never under {@code IM2COL}.
     */
    static boolean directWeightGradient(Geometry g) {
        return algorithm != Algorithm.IM2COL && g.stride() == 1 && g.k() <= DIRECT_WEIGHT_GRADIENT_MAX_K;
    }

    /** See {@link #directWeightGradient}. */
    static final int DIRECT_WEIGHT_GRADIENT_MAX_K = 32;

    /** How the weight gradient of this geometry is computed now: {@code "winograd"}, {@code "direct"} or {@code "im2col"}. */
    public static String weightGradientPath(Geometry g) {
        return winogradWeightGradient(g) ? "winograd" : directWeightGradient(g) ? "direct" : "im2col";
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /**
     * The weight gradient of a stride-1 convolution as {@code C_out * C * kH * kW} correlations
     * of whole planes, {@code dw[o][c][a][b] += sum_n sum_ij dy[n][o][i][j] x_pad[n][c][i+a][j+b]}:
     * each output-gradient plane is laid out with the padded input's row length (zeros in the extra
     * columns), so every sum is one dot product over contiguous memory ({@link ConvKernels#correlate}).
     * Chunks of images are fixed by the batch size and their partial sums added in chunk order:
     * bit-identical for any thread count.
     */
    static void weightGradientDirect(Geometry g, float[] x, float[] dy, float[] dw) {
        int cin = g.channels(), co = g.outChannels(), kh = g.kernelHeight(), kw = g.kernelWidth();
        int h = g.height(), w = g.width(), pad = g.padding(), oh = g.outHeight(), ow = g.outWidth();
        if (g.stride() != 1) {
            throw new IllegalArgumentException("the direct weight gradient needs stride 1, got " + g.stride());
        }
        int pw = w + 2 * pad;
        int ph = h + 2 * pad;
        // each output-gradient plane rounded up to whole vectors (zeros); the input planes then
        // hold what the last of those sums reads past the padded plane (up to kw - 1 more)
        int gPlane = roundUp(oh * pw, ConvKernels.CORRELATE_MULTIPLE);
        int xPlane = (kh - 1) * pw + gPlane + kw;
        int k = g.k();
        int kk = kh * kw;
        int nb = backwardGrain(g.batch());
        int chunks = Parallel.chunkCount(g.batch(), nb);
        float[] partials = StepArena.floats(chunks * co * k);
        Parallel.forChunks(g.batch(), nb, (from, to) -> {
            Parallel.checkInterrupted();
            int images = to - from;
            float[] xp = Workspace.floats(Workspace.COLUMNS, images * cin * xPlane);
            float[] gp = Workspace.floats(Workspace.OUTPUT, images * co * gPlane);
            java.util.Arrays.fill(xp, 0, images * cin * xPlane, 0f);
            for (int p = 0; p < images * cin; p++) {
                int src = (from * cin + p) * h * w;
                int dst = p * xPlane + pad * pw + pad;
                for (int i = 0; i < h; i++) {
                    System.arraycopy(x, src + i * w, xp, dst + i * pw, w);
                }
            }
            for (int p = 0; p < images * co; p++) {
                int src = (from * co + p) * oh * ow;
                int dst = p * gPlane;
                for (int i = 0; i < oh; i++) {
                    System.arraycopy(dy, src + i * ow, gp, dst + i * pw, ow);
                    for (int j = dst + i * pw + ow, end = dst + (i + 1) * pw; j < end; j++) {
                        gp[j] = 0f;
                    }
                }
                for (int j = dst + oh * pw, end = dst + gPlane; j < end; j++) {
                    gp[j] = 0f;
                }
            }
            float[] scratch = Workspace.floats(Workspace.PATCH, ConvKernels.CORRELATE_SCRATCH);
            int base = (from / nb) * co * k;
            for (int o = 0; o < co; o++) {
                for (int c = 0; c < cin; c++) {
                    int out = base + (o * cin + c) * kk;
                    for (int n = 0; n < images; n++) {
                        ConvKernels.correlate(gp, (n * co + o) * gPlane, xp, (n * cin + c) * xPlane, gPlane, pw, kh, kw,
                                partials, out, scratch);
                    }
                }
            }
        });
        int size = co * k;
        for (int c = 0; c < chunks; c++) {
            for (int i = 0, p = c * size; i < size; i++, p++) {
                dw[i] += partials[p];
            }
        }
    }

    /** See {@link #winogradTile}. */
    static final int WINOGRAD_MIN_CHANNELS = 16;
    /** See {@link #winogradTile}. */
    static final int WINOGRAD_MIN_TILES = 16;

    /** {@code y = conv(x, w) + b}; {@code b} may be null; {@code y} is overwritten. */
    public static void forward(Geometry g, float[] x, float[] w, float[] b, float[] y) {
        forward(g, x, w, b, y, false);
    }

    /**
     * {@code y = conv(x, w) + b}, followed by {@code max(0, ·)} on the store when {@code relu}
     * ({@link Elementwise#relu}: the same bits as a separate ReLU over the result, without the
     * second pass over y); {@code b} may be null; {@code y} is overwritten.
     */
    public static void forward(Geometry g, float[] x, float[] w, float[] b, float[] y, boolean relu) {
        Winograd.Tile tile = winogradTile(g, false);
        if (tile != null) {
            Winograd.forward(tile, g, x, w, b, y, false, relu);
            return;
        }
        if (directForward(g)) {
            forwardDirect(g, x, w, b, y, relu);
            return;
        }
        int k = g.k();
        int area = g.outArea();
        int co = g.outChannels();
        if (area >= DIRECT_FORWARD_AREA || perImageGemmIsDirect(g)) {
            forwardPerImage(g, x, w, b, y, relu);
            return;
        }
        int nb = imagesPerChunk(g);
        Parallel.forChunks(g.batch(), nb, (from, to) -> {
            Parallel.checkInterrupted();
            int ncols = (to - from) * area;
            float[] cols = Workspace.floats(Workspace.COLUMNS, k * ncols);
            unfold(g, x, from, to, cols, ncols);
            float[] out = Workspace.floats(Workspace.OUTPUT, co * ncols);
            // out (co, nb*P) = w (co, K) x cols (K, nb*P)
            Sgemm.gemm(false, false, co, ncols, k, 1f, w, 0, k, cols, 0, ncols, 0f, out, 0, ncols);
            // scatter each image's (co, P) block into y (N, co, P), adding the bias on the way
            for (int n = from; n < to; n++) {
                int src = (n - from) * area;
                int dst = n * co * area;
                for (int o = 0; o < co; o++, src += ncols, dst += area) {
                    if (relu) {
                        float bias = b == null ? 0f : b[o];
                        if (b == null) {
                            for (int p = 0; p < area; p++) {
                                y[dst + p] = Elementwise.relu(out[src + p]);
                            }
                        } else {
                            for (int p = 0; p < area; p++) {
                                y[dst + p] = Elementwise.relu(out[src + p] + bias);
                            }
                        }
                    } else if (b == null) {
                        System.arraycopy(out, src, y, dst, area);
                    } else {
                        float bias = b[o];
                        for (int p = 0; p < area; p++) {
                            y[dst + p] = out[src + p] + bias;
                        }
                    }
                }
            }
        });
    }

    /**
     * Whether the forward pass runs as direct vector correlations ({@link #forwardDirect}) instead
     * of im2col + SGEMM: stride 1 and at most {@link #DIRECT_FORWARD_MAX_K} rows in the column
     * matrix (the lecture's first convolution, 9; LeNet-5's, 25), where the GEMM's k is too short
     * to pay for unfolding and packing; only where im2col's GEMM would take the blocked Vector API
     * kernel, whose bits the direct loop reproduces (so a model's outputs do not change with the
     * path); never under {@code IM2COL}.
     */
    static boolean directForward(Geometry g) {
        return algorithm != Algorithm.IM2COL && g.stride() == 1 && g.k() <= DIRECT_FORWARD_MAX_K
                && ConvKernels.vector() && Sgemm.vectorKernel() && !perImageGemmIsDirect(g);
    }

    /** See {@link #directForward}. */
    static final int DIRECT_FORWARD_MAX_K = 32;

    /**
     * The forward pass of {@link #directForward}: each image zero-padded once (planes of
     * {@code (H + 2P) x (W + 2P)}), then {@link VectorConvKernels#forwardImage}; one image per task.
     */
    static void forwardDirect(Geometry g, float[] x, float[] w, float[] b, float[] y, boolean relu) {
        int cin = g.channels(), h = g.height(), wd = g.width(), pad = g.padding();
        int co = g.outChannels(), oh = g.outHeight(), ow = g.outWidth();
        int pw = wd + 2 * pad;
        int plane = (h + 2 * pad) * pw;
        int lanes = VectorConvKernels.lanes();
        int size = cin * plane + g.kernelWidth() + lanes;   // the output plane's last vector reads past the image
        Parallel.forChunks(g.batch(), 1, (from, to) -> {
            float[] xp = Workspace.floats(Workspace.COLUMNS, size);
            float[] acc = Workspace.floats(Workspace.OUTPUT, VectorConvKernels.directPlane(oh, pw));
            java.util.Arrays.fill(xp, 0, size, 0f);   // the border stays zero: only the inside is copied below
            for (int n = from; n < to; n++) {
                Parallel.checkInterrupted();
                padImage(g, x, n, xp, plane, pw);
                VectorConvKernels.forwardImage(xp, pw, plane, cin, g.kernelHeight(), g.kernelWidth(), w, co, oh, ow, b, relu,
                        y, n * co * oh * ow, acc);
            }
        });
    }

    /**
     * Copies image n of x into xp, whose planes ({@code plane} floats apart, rows {@code pw} apart)
     * keep the zero border the caller wrote once: the direct paths' padded input.
     */
    private static void padImage(Geometry g, float[] x, int n, float[] xp, int plane, int pw) {
        int cin = g.channels(), h = g.height(), wd = g.width(), pad = g.padding();
        for (int c = 0; c < cin; c++) {
            int src = (n * cin + c) * h * wd;
            int dst = c * plane + pad * pw + pad;
            for (int i = 0; i < h; i++) {
                System.arraycopy(x, src + i * wd, xp, dst + i * pw, wd);
            }
        }
    }

    /**
     * Whether {@link #forwardReluMaxPool2x2} computes this convolution, ReLU and 2x2 max pooling:
     * where {@link #forward} takes {@link #directForward}'s path (the lecture's first convolution).
     */
    public static boolean fusesMaxPool2x2(Geometry g) {
        return winogradTile(g, false) == null && directForward(g) && g.outHeight() >= 2 && g.outWidth() >= 2;
    }

    /**
     * {@code maxPool2d(relu(conv(x, w) + b), 2, 2)} image by image where {@link #fusesMaxPool2x2}:
     * each image's convolution output goes to this thread's scratch array (32 maps of 28x28 are
     * 100 KB, which stay in cache) and is pooled from there, so the whole batch's output (6.4 MB
     * for the lecture's first layer) is never written and read back. The same convolution
     * ({@link VectorConvKernels#forwardImage}) and the same pooling
     * ({@link Pooling#maxPool2x2Planes}): y and argmax get the bits of the convolution into a
     * full output and {@link Pooling#maxForward} over it, argmax indexing that full output
     * ({@code (n*C_out + o)*H_out*W_out + ...}), as the backward pass expects. argmax may be null.
     */
    public static void forwardReluMaxPool2x2(Geometry g, float[] x, float[] w, float[] b, float[] y, int[] argmax) {
        if (!fusesMaxPool2x2(g)) {
            throw new IllegalArgumentException("convolution: the fused ReLU and 2x2 max pooling needs the direct forward"
                    + " path (stride 1, a short kernel, the Vector API) and an output of at least 2x2");
        }
        int cin = g.channels(), h = g.height(), wd = g.width(), pad = g.padding();
        int co = g.outChannels(), oh = g.outHeight(), ow = g.outWidth();
        int ph = oh / 2, pw2 = ow / 2;
        int pw = wd + 2 * pad;
        int plane = (h + 2 * pad) * pw;
        int lanes = VectorConvKernels.lanes();
        int size = cin * plane + g.kernelWidth() + lanes;   // the output plane's last vector reads past the image
        int outMaps = co * oh * ow;
        Parallel.forChunks(g.batch(), 1, (from, to) -> {
            float[] xp = Workspace.floats(Workspace.COLUMNS, size);
            float[] acc = Workspace.floats(Workspace.OUTPUT, VectorConvKernels.directPlane(oh, pw));
            float[] r = Workspace.floats(Workspace.GRAD_COLUMNS, outMaps);
            java.util.Arrays.fill(xp, 0, size, 0f);   // the border stays zero: only the inside is copied below
            for (int n = from; n < to; n++) {
                Parallel.checkInterrupted();
                padImage(g, x, n, xp, plane, pw);
                VectorConvKernels.forwardImage(xp, pw, plane, cin, g.kernelHeight(), g.kernelWidth(), w, co, oh, ow, b, true,
                        r, 0, acc);
                int yBase = n * co * ph * pw2;
                Pooling.maxPool2x2Planes(r, 0, co, oh, ow, ph, pw2, y, yBase, argmax, n * outMaps, yBase + co * ph * pw2);
            }
        });
    }

    /**
     * Output maps at least this large are wide enough GEMMs alone (28x28 = 12.25 vector tiles),
     * so the forward pass computes each image straight into its place in y instead of through a
     * chunk buffer and a scatter copy (one pass less over the largest activation).
     */
    static final int DIRECT_FORWARD_AREA = 512;

    /**
     * Whether one image's forward GEMM is small enough for SGEMM's direct loop (see
     * {@link Sgemm#gemm}). The direct loop rounds each product before adding it, the blocked path
     * fuses multiply and add, and the blocked path gives every element the same bits whatever
     * m and n. So chunks are folded only when a single image already takes the blocked path:
     * then an image's outputs do not depend on the batch it came in (a prediction for one image
     * equals its row in a batch).
     */
    static boolean perImageGemmIsDirect(Geometry g) {
        int m = g.outChannels();
        int n = g.outArea();
        return (long) m * n * g.k() <= Sgemm.DIRECT_MAX_MACS || m < 4 || n < 4;
    }

    /** The forward pass one image at a time, each GEMM writing into y directly. */
    private static void forwardPerImage(Geometry g, float[] x, float[] w, float[] b, float[] y, boolean relu) {
        int k = g.k();
        int area = g.outArea();
        int co = g.outChannels();
        Parallel.forChunks(g.batch(), 1, (from, to) -> {
            float[] cols = Workspace.floats(Workspace.COLUMNS, k * area);
            for (int n = from; n < to; n++) {
                Parallel.checkInterrupted();
                unfold(g, x, n, n + 1, cols, area);
                int yOff = n * co * area;
                Sgemm.gemm(false, false, co, area, k, 1f, w, 0, k, cols, 0, area, 0f, y, yOff, area);
                if (b != null && relu) {
                    for (int o = 0; o < co; o++) {
                        float bias = b[o];
                        for (int p = yOff + o * area, end = p + area; p < end; p++) {
                            y[p] = Elementwise.relu(y[p] + bias);
                        }
                    }
                } else if (b != null) {
                    for (int o = 0; o < co; o++) {
                        float bias = b[o];
                        for (int p = yOff + o * area, end = p + area; p < end; p++) {
                            y[p] += bias;
                        }
                    }
                } else if (relu) {
                    for (int p = yOff, end = p + co * area; p < end; p++) {
                        y[p] = Elementwise.relu(y[p]);
                    }
                }
            }
        });
    }

    /** im2col of images {@code [from, to)} side by side: image i's columns start at {@code (i-from)*P_out}. */
    private static void unfold(Geometry g, float[] x, int from, int to, float[] cols, int ncols) {
        int area = g.outArea();
        for (int n = from; n < to; n++) {
            Im2col.im2col(x, n * g.imageSize(), g.channels(), g.height(), g.width(), g.kernelHeight(),
                    g.kernelWidth(), g.stride(), g.padding(), g.outHeight(), g.outWidth(), cols, (n - from) * area, ncols);
        }
    }

    /**
     * Adds the gradients into {@code dx}, {@code dw}, {@code db} (each may be null when not
     * needed) given the output gradient {@code dy}.
     */
    public static void backward(Geometry g, float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db) {
        backward(g, x, w, dy, dx, false, dw, db);
    }

    /**
     * As {@link #backward(Geometry, float[], float[], float[], float[], float[], float[])}, but
     * when {@code dxOverwritten} the input gradient is stored into {@code dx}, whatever it held
     * (a first gradient: {@code TensorInternals.freshGradBuffer}), instead of added into it.
     * {@code dx} must then not be {@code dw}.
     */
    public static void backward(Geometry g, float[] x, float[] w, float[] dy, float[] dx, boolean dxOverwritten,
                                float[] dw, float[] db) {
        if (dxOverwritten && dx != null && dx == dw) {
            throw new IllegalArgumentException("Convolution.backward: dx overwritten is the same array as dw");
        }
        Winograd.Tile tile = dx == null ? null : winogradTile(g, true);
        if (tile != null) {
            Winograd.inputGradient(tile, g, w, dy, dx, !dxOverwritten);
        }
        if (dw != null && winogradWeightGradient(g)) {
            Winograd.weightGradient(g, x, dy, dw);
            dw = null;
        } else if (dw != null && directWeightGradient(g)) {
            weightGradientDirect(g, x, dy, dw);
            dw = null;
        }
        float[] dxCols = tile != null ? null : dx;   // the input gradient by im2col's transpose
        if (dw == null && dxCols == null && db == null) {
            return;
        }
        int k = g.k();
        int area = g.outArea();
        int co = g.outChannels();
        int nb = imagesPerChunk(g);
        int chunks = Parallel.chunkCount(g.batch(), nb);
        float[] dwc = dw;   // effectively final for the chunk body
        float[] dwPartials = dw == null ? null : StepArena.floats(chunks * co * k);
        double[] planeSums = db == null ? null : StepArena.doubles(g.batch() * co);   // every entry written below
        Parallel.forChunks(g.batch(), nb, (from, to) -> {
            Parallel.checkInterrupted();
            int chunk = from / nb;
            int ncols = (to - from) * area;
            // dY of the chunk as one (co, nb*P) matrix, images side by side like the columns
            float[] dyc = dwc == null && dxCols == null ? null : Workspace.floats(Workspace.OUTPUT, co * ncols);
            for (int n = from; dyc != null && n < to; n++) {
                int src = n * co * area;
                int dst = (n - from) * area;
                for (int o = 0; o < co; o++, src += area, dst += ncols) {
                    System.arraycopy(dy, src, dyc, dst, area);
                }
            }
            if (dwc != null) {
                float[] cols = Workspace.floats(Workspace.COLUMNS, k * ncols);
                unfold(g, x, from, to, cols, ncols);
                // dW_chunk (co, K) = dY_chunk (co, nb*P) x cols^T (nb*P, K), computed as its transpose
                // dW^T (K, co) = cols (K, nb*P) x dY_chunk^T: the GEMM packs a transposed operand
                // faster when it is the narrow one (one core, lecture conv2 chunk: 282 vs 390 us;
                // whole conv1 backward 2.9 vs 5.7 ms, where K = 9 left 64-wide tiles mostly empty)
                float[] dwt = Workspace.floats(Workspace.PATCH, k * co);
                Sgemm.gemm(false, true, k, co, ncols, 1f, cols, 0, ncols, dyc, 0, ncols, 0f, dwt, 0, co);
                int base = chunk * co * k;
                for (int j = 0; j < k; j++) {
                    for (int o = 0; o < co; o++) {
                        dwPartials[base + o * k + j] = dwt[j * co + o];
                    }
                }
            }
            if (dxCols != null) {
                // dcols (K, nb*P) = W^T (K, co) x dY_chunk (co, nb*P), then fold each image back
                float[] dcols = Workspace.floats(Workspace.GRAD_COLUMNS, k * ncols);
                Sgemm.gemm(true, false, k, ncols, co, 1f, w, 0, k, dyc, 0, ncols, 0f, dcols, 0, ncols);
                for (int n = from; n < to; n++) {
                    if (dxOverwritten) {   // col2im adds: this image's zeros, here on the chunk's thread
                        java.util.Arrays.fill(dxCols, n * g.imageSize(), (n + 1) * g.imageSize(), 0f);
                    }
                    Im2col.col2im(dcols, (n - from) * area, ncols, g.channels(), g.height(), g.width(),
                            g.kernelHeight(), g.kernelWidth(), g.stride(), g.padding(), g.outHeight(), g.outWidth(),
                            dxCols, n * g.imageSize());
                }
            }
            for (int p = from * co; planeSums != null && p < to * co; p++) {
                planeSums[p] = Reduce.sum4(dy, p * area, area);
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
            addBiasGradient(g, planeSums, db);
        }
    }

    /**
     * Adds the bias gradient into {@code db} from the sums of the output gradient's planes,
     * {@code planeSums[n*C_out + o] = Reduce.sum4(dy, (n*C_out + o)*P_out, P_out)} (as
     * {@code Pooling.maxReluBackward} leaves them, and {@link #backward} for its own bias
     * gradient): per chunk of images in image order, then the chunks in order, so the bits depend
     * only on the batch size, and a layer that sums the planes elsewhere gets those of
     * {@code backward}.
     */
    public static void addBiasGradient(Geometry g, double[] planeSums, float[] db) {
        int co = g.outChannels();
        if (planeSums.length < g.batch() * co || db.length != co) {
            throw new IllegalArgumentException("addBiasGradient: expected " + g.batch() * co + " plane sums and "
                    + co + " biases, got " + planeSums.length + " and " + db.length);
        }
        int nb = imagesPerChunk(g);
        int chunks = Parallel.chunkCount(g.batch(), nb);
        for (int o = 0; o < co; o++) {
            double total = 0;
            for (int chunk = 0; chunk < chunks; chunk++) {
                double s = 0;
                for (int n = chunk * nb, to = Math.min(g.batch(), n + nb); n < to; n++) {
                    s += planeSums[n * co + o];
                }
                total += s;
            }
            db[o] += (float) total;
        }
    }
}
