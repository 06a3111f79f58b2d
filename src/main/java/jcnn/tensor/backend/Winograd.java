package jcnn.tensor.backend;

/**
 * 3x3, stride-1 convolution by Winograd's minimal filtering F(m x m, 3 x 3) (Lavin and Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2016), for the forward pass and, with the
 * kernel flipped and its channels swapped, for the input gradient; and F(3x3, 2x2) for the weight
 * gradient ({@link #weightGradient}).
 *
 * <p>F(2x2)'s transforms run over planes ({@link ConvKernels}): each input plane is dealt into
 * polyphase planes that hold one value per tile, so the additions of the transforms are
 * element-wise over rows of tiles (Vector API lanes), and the output comes back through four
 * planes, one per position in the 2x2 tile. F(4x4)'s transforms are scalar, tile by tile.
 *
 * <p>Each output tile of {@code m x m} pixels comes from an input tile of {@code a x a},
 * {@code a = m + 2}: with {@code d} the input tile of channel c and {@code g} the kernel (o, c),
 * <pre>
 *   Y = A^T [ sum_c (G g G^T) .* (B^T d B) ] A
 * </pre>
 * The sum over channels is, for each of the {@code a*a} transform positions e, one GEMM
 * {@code M_e (C_out, tiles) = U_e (C_out, C) x V_e (C, tiles)}. F(2x2) does 16 multiplies for 4
 * outputs (direct: 36, so 2.25 times fewer GEMM flops); F(4x4) 36 for 16 (4 times fewer), at the
 * price of larger rounding errors (its transforms have entries up to 8 and 1/24).
 *
 * <p>Error (float32; measured in {@code WinogradTest} against double-precision direct loops on the
 * lecture's shapes and stated relative to {@code sum |w| |x|} over each output's receptive field):
 * F(2x2) about the same as im2col (a few ulps of that sum), F(4x4) roughly 10 to 30 times larger;
 * see docs/BENCHMARKS.md for the figures and the rule that picks a path per shape.
 *
 * <p>Chunks of images are fixed by the geometry, each chunk transforms its own tiles and runs its
 * GEMMs on one thread, and SGEMM is bit-identical for any thread count: so is this.
 */
public final class Winograd {
    /** A tile size: output tile m x m from input tile a x a. */
    public enum Tile {
        F2x2(2), F4x4(4);

        final int m;
        final int a;

        Tile(int m) {
            this.m = m;
            this.a = m + 2;
        }

        /** Output tile side m. */
        public int outputSide() {
            return m;
        }
    }

    // F(4x4, 3x3) with interpolation points 0, 1, -1, 2, -2 (and infinity), as in Lavin and Gray.
    private static final float[] BT4 = {
        4, 0, -5, 0, 1, 0,
        0, -4, -4, 1, 1, 0,
        0, 4, -4, -1, 1, 0,
        0, -2, -1, 2, 1, 0,
        0, 2, -1, -2, 1, 0,
        0, 4, 0, -5, 0, 1};
    private static final double[] G4 = {
        1 / 4.0, 0, 0,
        -1 / 6.0, -1 / 6.0, -1 / 6.0,
        -1 / 6.0, 1 / 6.0, -1 / 6.0,
        1 / 24.0, 1 / 12.0, 1 / 6.0,
        1 / 24.0, -1 / 12.0, 1 / 6.0,
        0, 0, 1};
    private static final float[] AT4 = {
        1, 1, 1, 1, 1, 0,
        0, 1, -1, 2, -2, 0,
        0, 1, 1, 4, 4, 0,
        0, 1, -1, 8, -8, 1};
    private static final double[] G2 = {
        1, 0, 0,
        0.5, 0.5, 0.5,
        0.5, -0.5, 0.5,
        0, 0, 1};

    private Winograd() {
    }

    /** Whether the Winograd path can compute this convolution at all (3x3 kernel, stride 1). */
    public static boolean applies(Convolution.Geometry g) {
        return g.kernelHeight() == 3 && g.kernelWidth() == 3 && g.stride() == 1;
    }

    /**
     * {@code y = conv(x, w) + b} (b may be null) for a 3x3 stride-1 geometry; y overwritten, or
     * added to when {@code accumulate}.
     */
    public static void forward(Tile tile, Convolution.Geometry g, float[] x, float[] w, float[] b,
                               float[] y, boolean accumulate) {
        forward(tile, g, x, w, b, y, accumulate, false);
    }

    /**
     * As {@link #forward(Tile, Convolution.Geometry, float[], float[], float[], float[], boolean)},
     * with {@code max(0, ·)} ({@link Elementwise#relu}) applied to each value on its store when
     * {@code relu} (not with {@code accumulate}).
     */
    public static void forward(Tile tile, Convolution.Geometry g, float[] x, float[] w, float[] b,
                               float[] y, boolean accumulate, boolean relu) {
        if (relu && accumulate) {
            throw new IllegalArgumentException("Winograd: a fused ReLU needs a stored, not an accumulated, output");
        }
        if (!applies(g)) {
            throw new IllegalArgumentException("Winograd: needs a 3x3 kernel with stride 1, got "
                    + g.kernelHeight() + "x" + g.kernelWidth() + " stride " + g.stride());
        }
        float[] u = transformWeights(tile, w, g.outChannels(), g.channels(), false);
        run(tile, g.batch(), g.channels(), g.height(), g.width(), g.padding(), g.outChannels(),
                g.outHeight(), g.outWidth(), x, u, b, y, accumulate, relu);
    }

    /**
     * Adds the input gradient of a 3x3 stride-1 convolution into {@code dx}: the full correlation
     * of dy with the kernel flipped and its channels swapped, i.e. a convolution of dy
     * (C_out channels, H_out x W_out) with padding {@code 2 - padding}.
     */
    public static void inputGradient(Tile tile, Convolution.Geometry g, float[] w, float[] dy, float[] dx) {
        inputGradient(tile, g, w, dy, dx, true);
    }

    /**
     * {@link #inputGradient(Tile, Convolution.Geometry, float[], float[], float[])}, added into
     * {@code dx} when {@code accumulate}, else stored over whatever it held (every element of dx
     * is written: the input gradient's output is x's size).
     */
    public static void inputGradient(Tile tile, Convolution.Geometry g, float[] w, float[] dy, float[] dx,
                                     boolean accumulate) {
        if (!applies(g) || g.padding() > 2) {
            throw new IllegalArgumentException("Winograd: the input gradient needs a 3x3 kernel, stride 1 and"
                    + " padding <= 2, got " + g.kernelHeight() + "x" + g.kernelWidth() + " stride " + g.stride()
                    + " padding " + g.padding());
        }
        float[] u = transformWeights(tile, w, g.outChannels(), g.channels(), true);
        run(tile, g.batch(), g.outChannels(), g.outHeight(), g.outWidth(), 2 - g.padding(), g.channels(),
                g.height(), g.width(), dy, u, null, dx, accumulate, false);
    }

    /** Tiles per image for an output of oh x ow. */
    static int tilesPerImage(Tile tile, int oh, int ow) {
        return ceilDiv(oh, tile.m) * ceilDiv(ow, tile.m);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Largest transformed-tile matrix (floats) one chunk holds, as for im2col's columns. */
    private static final int MAX_CHUNK_FLOATS = 1 << 20;

    /**
     * Images per chunk: as im2col's (at most 16 chunks, fixed by the batch size), fewer when the
     * transformed tiles would not fit, and 1 when one image's GEMMs would take SGEMM's direct loop
     * (which rounds differently from the blocked one: an image's result must not depend on the
     * batch it came in).
     */
    static int imagesPerChunk(Tile tile, int batch, int cin, int cout, int tilesPerImage) {
        if (gemmIsDirect(cout, tilesPerImage, cin)) {
            return 1;
        }
        long perImage = (long) tile.a * tile.a * Math.max(cin, cout) * tilesPerImage;
        int byMemory = (int) Math.max(1, MAX_CHUNK_FLOATS / perImage);
        return Math.max(1, Math.min(Convolution.backwardGrain(batch), byMemory));
    }

    static boolean gemmIsDirect(int m, int n, int k) {
        return (long) m * n * k <= Sgemm.DIRECT_MAX_MACS || m < 4 || n < 4;
    }

    /**
     * U (a*a, cout, cin): U[e][o][c] = (G g G^T)[e] for the kernel g = w[o][c], or when
     * {@code flipped} for g = w[c][o] rotated by 180 degrees (w is then (cin', cout', 3, 3) with
     * the roles of the channel counts swapped by the caller: here cout = w's second dimension).
     */
    static float[] transformWeights(Tile tile, float[] w, int wOut, int wIn, boolean flipped) {
        int a = tile.a;
        double[] gm = tile == Tile.F2x2 ? G2 : G4;
        int cout = flipped ? wIn : wOut;
        int cin = flipped ? wOut : wIn;
        float[] u = StepArena.floatsOverwritten(a * a * cout * cin);   // every (e, o, c) written below
        // each output channel's kernels are independent: split over the threads (0.22 ms of the
        // lecture's step, serial, before), the same operations for any thread count
        Parallel.forRange(cout, 8, (first, last) -> transformWeights(gm, a, w, wIn, flipped, cout, cin, first, last, u));
        return u;
    }

    /** {@link #transformWeights(Tile, float[], int, int, boolean)} for output channels {@code [first, last)}. */
    private static void transformWeights(double[] gm, int a, float[] w, int wIn, boolean flipped, int cout, int cin,
                                         int first, int last, float[] u) {
        double[] scratch = Workspace.doubles(a * 3 + 9);
        for (int o = first; o < last; o++) {
            for (int c = 0; c < cin; c++) {
                if (flipped) {
                    int base = (c * wIn + o) * 9;   // w[c][o] as (wOut = c, wIn = o)
                    for (int i = 0; i < 9; i++) {
                        scratch[i] = w[base + 8 - i];
                    }
                } else {
                    int base = (o * wIn + c) * 9;
                    for (int i = 0; i < 9; i++) {
                        scratch[i] = w[base + i];
                    }
                }
                // the kernel k at scratch[0 .. 9), t (a, 3) = G k at scratch[9 ..), U = t G^T (a, a)
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < 3; j++) {
                        scratch[9 + i * 3 + j] = gm[i * 3] * scratch[j] + gm[i * 3 + 1] * scratch[3 + j] + gm[i * 3 + 2] * scratch[6 + j];
                    }
                }
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < a; j++) {
                        double s = scratch[9 + i * 3] * gm[j * 3] + scratch[9 + i * 3 + 1] * gm[j * 3 + 1] + scratch[9 + i * 3 + 2] * gm[j * 3 + 2];
                        u[((i * a + j) * cout + o) * cin + c] = (float) s;
                    }
                }
            }
        }
    }

    /**
     * The convolution of x (batch, cin, h, w) with pre-transformed weights u, zero padding pad,
     * into y (batch, cout, oh, ow), oh = h + 2 pad - 2.
     */
    private static void run(Tile tile, int batch, int cin, int h, int w, int pad, int cout, int oh, int ow,
                            float[] x, float[] u, float[] bias, float[] y, boolean accumulate, boolean relu) {
        int m = tile.m;
        int a = tile.a;
        int tilesH = ceilDiv(oh, m);
        int tilesW = ceilDiv(ow, m);
        int perImage = tilesH * tilesW;
        int nb = imagesPerChunk(tile, batch, cin, cout, perImage);
        if (tile == Tile.F2x2) {
            run2(batch, cin, h, w, pad, cout, oh, ow, tilesH, tilesW, nb, x, u, bias, y, accumulate, relu);
            return;
        }
        // the padded plane every tile reads without bounds checks: tilesH*m + 2 rows
        int ph = tilesH * m + 2;
        int pw = tilesW * m + 2;
        Parallel.forChunks(batch, nb, (from, to) -> {
            Parallel.checkInterrupted();
            int tiles = (to - from) * perImage;
            int aa = a * a;
            float[] v = Workspace.floats(Workspace.COLUMNS, aa * cin * tiles);
            float[] mm = Workspace.floats(Workspace.GRAD_COLUMNS, aa * cout * tiles);
            float[] padded = Workspace.floats(Workspace.PATCH, ph * pw);
            for (int n = from; n < to; n++) {
                int t0 = (n - from) * perImage;
                for (int c = 0; c < cin; c++) {
                    pad(x, (n * cin + c) * h * w, h, w, pad, padded, ph, pw);
                    int vOff = c * tiles + t0;
                    inputTiles4(padded, pw, tilesH, tilesW, v, vOff, cin * tiles);
                }
            }
            for (int e = 0; e < aa; e++) {
                Sgemm.gemm(false, false, cout, tiles, cin, 1f, u, e * cout * cin, cin, v, e * cin * tiles, tiles,
                        0f, mm, e * cout * tiles, tiles);
            }
            for (int n = from; n < to; n++) {
                int t0 = (n - from) * perImage;
                for (int o = 0; o < cout; o++) {
                    float bo = bias == null ? 0f : bias[o];
                    int yOff = (n * cout + o) * oh * ow;
                    int mOff = o * tiles + t0;
                    outputTiles4(mm, mOff, cout * tiles, tilesH, tilesW, oh, ow, bo, y, yOff, accumulate, relu);
                }
            }
        });
    }

    /**
     * F(2x2, 3x3) over planes: each input plane is split into the polyphase planes of
     * {@link ConvKernels#input} (one pass, no arithmetic), the transforms run on whole rows of
     * tiles as vector lanes, and the output values come back through four planes that one pass
     * interleaves into y. The same additions in the same order as a tile-by-tile loop.
     */
    private static void run2(int batch, int cin, int h, int w, int pad, int cout, int oh, int ow,
                             int tilesH, int tilesW, int nb, float[] x, float[] u, float[] bias, float[] y,
                             boolean accumulate, boolean relu) {
        int perImage = tilesH * tilesW;
        Parallel.forChunks(batch, nb, (from, to) -> {
            Parallel.checkInterrupted();
            int tiles = (to - from) * perImage;
            float[] v = transformInputs(x, from, to, cin, h, w, pad, tilesH, tilesW);
            float[] mm = Workspace.floats(Workspace.GRAD_COLUMNS, 16 * cout * tiles);
            for (int e = 0; e < 16; e++) {
                Sgemm.gemm(false, false, cout, tiles, cin, 1f, u, e * cout * cin, cin, v, e * cin * tiles, tiles,
                        0f, mm, e * cout * tiles, tiles);
            }
            // four planes, and a vector's lanes that interleave may read past the last
            float[] planes = Workspace.floats(Workspace.OUTPUT, 4 * tiles + ConvKernels.INTERLEAVE_SLACK);
            // the forward pass zips (the same speed in every JVM), the input gradient adds through
            // a gather (see ConvKernels.gather)
            int[] map = accumulate ? interleaveMap(tilesW, oh, ow, tiles) : null;
            int mode = relu ? ConvKernels.STORE_RELU : ConvKernels.STORE;
            for (int o = 0; o < cout; o++) {
                ConvKernels.output(mm, o * tiles, cout * tiles, bias == null ? 0f : bias[o], planes, 0, tiles, tiles);
                for (int n = from; n < to; n++) {
                    if (accumulate) {
                        ConvKernels.gather(planes, (n - from) * perImage, map, 0, y, (n * cout + o) * oh * ow, oh * ow, ConvKernels.ADD);
                    } else {
                        ConvKernels.interleave(planes, (n - from) * perImage, tiles, tilesW, y, (n * cout + o) * oh * ow, oh, ow, mode);
                    }
                }
            }
        });
    }

    /**
     * {@code V = B^T d B} (F(2x2)) for every 4x4 tile d of images {@code [from, to)} of x (batch,
     * cin, h, w) zero-padded by {@code pad}: the 16 transform positions e of channel c and tile t
     * (images side by side) at {@code [e*cin*tiles + c*tiles + t]} of the returned per-thread array
     * ({@link Workspace#COLUMNS}), the layout the GEMMs read.
     */
    private static float[] transformInputs(float[] x, int from, int to, int cin, int h, int w, int pad,
                                           int tilesH, int tilesW) {
        int perImage = tilesH * tilesW;
        int tiles = (to - from) * perImage;
        int ps = planeStride(tilesH, tilesW);
        float[] v = Workspace.floats(Workspace.COLUMNS, 16 * cin * tiles);
        float[] q = Workspace.floats(Workspace.PLANES, 8 * ps);
        float[] padded = startPlanes(tilesH, tilesW);
        for (int n = from; n < to; n++) {
            int t0 = (n - from) * perImage;
            for (int c = 0; c < cin; c++) {
                inputPlanes(x, (n * cin + c) * h * w, h, w, pad, tilesH, tilesW, q, ps, padded);
                ConvKernels.input(q, 0, ps, tilesW, v, c * tiles + t0, cin * tiles, perImage);
            }
        }
        return v;
    }

    /**
     * Floats from one polyphase plane to the next: a row of tiles more than the tiles (the input
     * tile's second pair of rows), and room for {@link ConvKernels#dealRow}'s overrun.
     */
    private static int planeStride(int tilesH, int tilesW) {
        return (tilesH + 1) * tilesW + ConvKernels.DEAL_OVERRUN;
    }

    /**
     * A chunk's padded plane ({@code 2*tilesH + 2} rows of {@code 2*tilesW + 2}, and room for
     * {@link ConvKernels#dealRow}'s overrun), zeroed once: the copies of x that {@link #inputPlanes}
     * makes leave its border zero for every plane of the chunk.
     */
    private static float[] startPlanes(int tilesH, int tilesW) {
        int size = (2 * tilesH + 2) * (2 * tilesW + 2) + ConvKernels.DEAL_OVERRUN;
        float[] padded = Workspace.floats(Workspace.OUTPUT, size);
        java.util.Arrays.fill(padded, 0, size, 0f);
        return padded;
    }

    /**
     * The eight polyphase planes ({@code ps} apart, rows of {@code tilesW}) of the plane
     * {@code x[off..]} (h x w) zero-padded by {@code pad}: plane {@code (rp*2 + cp)*2 + s} holds
     * {@code padded[2u + rp][2(t + s) + cp]} at {@code u*tilesW + t}, for {@code tilesH + 1} rows
     * u. x is copied into the chunk's padded plane, then each padded row is dealt into its four
     * planes ({@link ConvKernels#dealRow}).
     */
    private static void inputPlanes(float[] x, int off, int h, int w, int pad, int tilesH, int tilesW, float[] q,
                                    int ps, float[] padded) {
        int pw = 2 * tilesW + 2;
        int rows = Math.min(h, 2 * tilesH + 2 - pad);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, off + i * w, padded, (i + pad) * pw + pad, w);
        }
        // ascending rows: each row's overrun lands on rows dealt after it, or on the guard
        for (int r = 0; r < 2 * tilesH + 2; r++) {
            int d00 = (r & 1) * 4 * ps + (r >> 1) * tilesW;   // plane (rp, 0, 0), row u
            ConvKernels.dealRow(padded, r * pw, tilesW, q, d00, d00 + 2 * ps, d00 + ps, d00 + 3 * ps);
        }
    }

    /**
     * The map with which {@link ConvKernels#gather} adds (the input gradient) an
     * image's four output planes {@code planes[off + (a*2 + b)*ps + u*tilesW + t]} into its oh x ow
     * map at {@code (2u + a, 2t + b)}, dropping what falls outside (this thread's
     * {@link Workspace#ints}): entry {@code i*ow + j} is {@code ((i%2)*2 + j%2)*ps + (i/2)*tilesW + j/2}.
     * A gather, because the map's rows are short (7 tiles at 14x14): the scalar loop that
     * interleaved them pair by pair took 1.0 of the 3.5 ms of the lecture's second forward pass
     * (the forward pass now zips them instead, {@link ConvKernels#interleave}).
     */
    static int[] interleaveMap(int tilesW, int oh, int ow, int ps) {
        int[] map = Workspace.ints(oh * ow);
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                map[i * ow + j] = ((i & 1) * 2 + (j & 1)) * ps + (i >> 1) * tilesW + (j >> 1);
            }
        }
        return map;
    }

    /**
     * The gather map that does {@link #polyphaseOutput}'s work for a map of even oh and ow (every
     * plane entry then has a value of the map): entry {@code (a*2 + b)*perImage + u*tilesW + t} is
     * {@code (2u + a)*ow + 2t + b}.
     */
    static int[] polyphaseMap(int tilesH, int tilesW, int ow) {
        int perImage = tilesH * tilesW;
        int[] map = Workspace.ints(4 * perImage);
        for (int q = 0; q < 4; q++) {
            int a = q >> 1, b = q & 1;
            for (int u = 0; u < tilesH; u++) {
                for (int t = 0; t < tilesW; t++) {
                    map[q * perImage + u * tilesW + t] = (2 * u + a) * ow + 2 * t + b;
                }
            }
        }
        return map;
    }

    /**
     * The four polyphase planes of an output-gradient map {@code g[off..]} (oh x ow):
     * {@code planes[pOff + (a*2 + b)*ps + u*tilesW + t] = g[2u + a][2t + b]}. Only the values of
     * the map are written: where a tile reaches past an odd-sized map the planes keep the zeros
     * the caller wrote once.
     */
    private static void polyphaseOutput(float[] g, int off, int oh, int ow, int tilesW, float[] planes,
                                        int pOff, int ps) {
        int pairs = ow / 2;
        boolean odd = (ow & 1) != 0;
        for (int i = 0; i < oh; i++) {
            int d0 = pOff + (i & 1) * 2 * ps + (i >> 1) * tilesW;
            int d1 = d0 + ps;
            int src = off + i * ow;
            for (int t = 0; t < pairs; t++) {
                planes[d0 + t] = g[src + 2 * t];
                planes[d1 + t] = g[src + 2 * t + 1];
            }
            if (odd) {
                planes[d0 + pairs] = g[src + 2 * pairs];
            }
        }
    }

    /**
     * Adds the weight gradient of a 3x3 stride-1 convolution into {@code dw} (C_out, C, 3, 3) by
     * Winograd's F(3x3, 2x2): over each 2x2 tile of the output gradient g and the 4x4 input tile d
     * under it (the forward pass's tiles),
     * <pre>
     *   dw(o, c) += G^T [ (A g_o A^T) .* (B^T d_c B) ] G
     * </pre>
     * with the forward pass's B and G and {@code A = [1 0; 1 1; 1 -1; 0 -1]} (the transpose of
     * F(2x2, 3x3): 16 multiplies per tile against 36). The sum over tiles is, for each of the 16
     * transform positions e, one GEMM {@code M_e (C_out, C) = D_e (C_out, tiles) x V_e^T}; each fixed
     * chunk of images keeps its own M, the chunks' M are added in chunk order (in double) and
     * transformed once, so the result is bit-identical for any thread count.
     */
    public static void weightGradient(Convolution.Geometry g, float[] x, float[] dy, float[] dw) {
        if (!applies(g)) {
            throw new IllegalArgumentException("Winograd: the weight gradient needs a 3x3 kernel with stride 1, got "
                    + g.kernelHeight() + "x" + g.kernelWidth() + " stride " + g.stride());
        }
        int batch = g.batch(), cin = g.channels(), cout = g.outChannels();
        int h = g.height(), w = g.width(), oh = g.outHeight(), ow = g.outWidth(), pad = g.padding();
        int tilesH = ceilDiv(oh, 2);
        int tilesW = ceilDiv(ow, 2);
        int perImage = tilesH * tilesW;
        int nb = imagesPerChunk(Tile.F2x2, batch, cin, cout, perImage);
        int chunks = Parallel.chunkCount(batch, nb);
        int size = 16 * cout * cin;
        float[] partials = StepArena.floatsOverwritten(chunks * size);   // each chunk's GEMMs store theirs (beta 0)
        Parallel.forChunks(batch, nb, (from, to) -> {
            Parallel.checkInterrupted();
            int tiles = (to - from) * perImage;
            float[] v = transformInputs(x, from, to, cin, h, w, pad, tilesH, tilesW);
            float[] d = Workspace.floats(Workspace.GRAD_COLUMNS, 16 * cout * tiles);
            // the output gradient's planes, all images of the chunk side by side
            float[] gp = Workspace.floats(Workspace.PATCH, 4 * tiles);
            java.util.Arrays.fill(gp, 0, 4 * tiles, 0f);
            boolean even = (oh & 1) == 0 && (ow & 1) == 0;
            int[] map = even ? polyphaseMap(tilesH, tilesW, ow) : null;
            for (int o = 0; o < cout; o++) {
                for (int n = from; n < to; n++) {
                    int off = (n * cout + o) * oh * ow;
                    int pOff = (n - from) * perImage;
                    if (even) {
                        for (int q = 0; q < 4; q++) {
                            ConvKernels.gather(dy, off, map, q * perImage, gp, pOff + q * tiles, perImage, ConvKernels.STORE);
                        }
                    } else {
                        polyphaseOutput(dy, off, oh, ow, tilesW, gp, pOff, tiles);
                    }
                }
                ConvKernels.outputGradient(gp, 0, tiles, d, o * tiles, cout * tiles, tiles);
            }
            int base = (from / nb) * size;
            for (int e = 0; e < 16; e++) {
                // M_e (cout, cin) = D_e (cout, tiles) x V_e (cin, tiles)^T
                Sgemm.gemm(false, true, cout, cin, tiles, 1f, d, e * cout * tiles, tiles, v, e * cin * tiles, tiles,
                        0f, partials, base + e * cout * cin, cin);
            }
        });
        // per (o, c): the chunks' M added in chunk order (in double), then dw += G^T M G; the pairs
        // are independent, so they are split over the threads (the same additions in the same
        // order for any thread count; serial, this was about 5% of the layer's backward pass)
        int cc = cout * cin;   // from one transform position of M to the next
        Parallel.forRange(cc, 256, (first, last) -> {
            int len = last - first;
            // the chunks' M of this range of pairs, added in chunk order: chunk by chunk, so each
            // pass reads partials as one stream (pair by pair, the 16 x chunks strided reads
            // missed the cache: 1.3 of the 5 ms of the lecture's second layer at one thread)
            double[] m = Workspace.doubles(16 * len + 12);
            for (int e = 0; e < 16; e++) {
                int me = e * len;
                int p0 = e * cc + first;
                for (int i = 0; i < len; i++) {
                    m[me + i] = partials[p0 + i];
                }
                for (int k = 1; k < chunks; k++) {
                    int pk = k * size + p0;
                    for (int i = 0; i < len; i++) {
                        m[me + i] += partials[pk + i];
                    }
                }
            }
            int t = 16 * len;   // t (3, 4) at m[t .. t + 12)
            for (int oc = first; oc < last; oc++) {
                int i0 = oc - first;
                // t (3, 4) = G^T M ; dw = t G (3, 3)
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        m[t + i * 4 + j] = G2[i] * m[j * len + i0] + G2[3 + i] * m[(4 + j) * len + i0]
                                + G2[6 + i] * m[(8 + j) * len + i0] + G2[9 + i] * m[(12 + j) * len + i0];
                    }
                }
                int out = oc * 9;
                for (int i = 0; i < 3; i++) {
                    int r = t + i * 4;
                    for (int j = 0; j < 3; j++) {
                        double v = m[r] * G2[j] + m[r + 1] * G2[3 + j] + m[r + 2] * G2[6 + j] + m[r + 3] * G2[9 + j];
                        dw[out + i * 3 + j] += (float) v;
                    }
                }
            }
        });
    }

    /** Copies plane x[off..] (h x w) into padded (ph x pw) at (pad, pad), zero elsewhere. */
    private static void pad(float[] x, int off, int h, int w, int pad, float[] padded, int ph, int pw) {
        java.util.Arrays.fill(padded, 0, pad * pw, 0f);
        int rows = Math.min(h, ph - pad);
        int cols = Math.min(w, pw - pad);
        for (int i = 0; i < rows; i++) {
            int dst = (i + pad) * pw;
            java.util.Arrays.fill(padded, dst, dst + pad, 0f);
            System.arraycopy(x, off + i * w, padded, dst + pad, cols);
            java.util.Arrays.fill(padded, dst + pad + cols, dst + pw, 0f);
        }
        java.util.Arrays.fill(padded, (rows + pad) * pw, ph * pw, 0f);
    }

    private static void store(float[] y, int q, boolean accumulate, float value, boolean inside) {
        if (inside) {
            if (accumulate) {
                y[q] += value;
            } else {
                y[q] = value;
            }
        }
    }

    /** V[e][t] = (B^T d B)[e] for each 6x6 tile d (step 4) of the padded plane. */
    private static void inputTiles4(float[] p, int pw, int tilesH, int tilesW, float[] v, int vOff, int es) {
        float[] rows = new float[36];
        int t = vOff;
        for (int ty = 0; ty < tilesH; ty++) {
            for (int tx = 0; tx < tilesW; tx++, t++) {
                int base = ty * 4 * pw + tx * 4;
                // rows[i][j] = sum_l d[i][l] BT[j][l]  (d B)
                for (int i = 0; i < 6; i++) {
                    int r = base + i * pw;
                    float d0 = p[r], d1 = p[r + 1], d2 = p[r + 2], d3 = p[r + 3], d4 = p[r + 4], d5 = p[r + 5];
                    rows[i * 6] = 4 * d0 - 5 * d2 + d4;
                    rows[i * 6 + 1] = -4 * d1 - 4 * d2 + d3 + d4;
                    rows[i * 6 + 2] = 4 * d1 - 4 * d2 - d3 + d4;
                    rows[i * 6 + 3] = -2 * d1 - d2 + 2 * d3 + d4;
                    rows[i * 6 + 4] = 2 * d1 - d2 - 2 * d3 + d4;
                    rows[i * 6 + 5] = 4 * d1 - 5 * d3 + d5;
                }
                for (int j = 0; j < 6; j++) {
                    float d0 = rows[j], d1 = rows[6 + j], d2 = rows[12 + j], d3 = rows[18 + j], d4 = rows[24 + j], d5 = rows[30 + j];
                    v[t + j * es] = 4 * d0 - 5 * d2 + d4;
                    v[t + (6 + j) * es] = -4 * d1 - 4 * d2 + d3 + d4;
                    v[t + (12 + j) * es] = 4 * d1 - 4 * d2 - d3 + d4;
                    v[t + (18 + j) * es] = -2 * d1 - d2 + 2 * d3 + d4;
                    v[t + (24 + j) * es] = 2 * d1 - d2 - 2 * d3 + d4;
                    v[t + (30 + j) * es] = 4 * d1 - 5 * d3 + d5;
                }
            }
        }
    }

    /** Y = A^T M A for each tile (4x4 out of 6x6), plus bias. */
    private static void outputTiles4(float[] mm, int mOff, int es, int tilesH, int tilesW, int oh, int ow,
                                     float bias, float[] y, int yOff, boolean accumulate, boolean relu) {
        float[] s = new float[24];   // (6, 4): M A
        int t = mOff;
        for (int ty = 0; ty < tilesH; ty++) {
            for (int tx = 0; tx < tilesW; tx++, t++) {
                for (int i = 0; i < 6; i++) {
                    int r = t + i * 6 * es;
                    float m0 = mm[r], m1 = mm[r + es], m2 = mm[r + 2 * es], m3 = mm[r + 3 * es], m4 = mm[r + 4 * es], m5 = mm[r + 5 * es];
                    s[i * 4] = m0 + m1 + m2 + m3 + m4;
                    s[i * 4 + 1] = m1 - m2 + 2 * m3 - 2 * m4;
                    s[i * 4 + 2] = m1 + m2 + 4 * m3 + 4 * m4;
                    s[i * 4 + 3] = m1 - m2 + 8 * m3 - 8 * m4 + m5;
                }
                for (int j = 0; j < 4; j++) {
                    float m0 = s[j], m1 = s[4 + j], m2 = s[8 + j], m3 = s[12 + j], m4 = s[16 + j], m5 = s[20 + j];
                    float[] col = {
                        m0 + m1 + m2 + m3 + m4,
                        m1 - m2 + 2 * m3 - 2 * m4,
                        m1 + m2 + 4 * m3 + 4 * m4,
                        m1 - m2 + 8 * m3 - 8 * m4 + m5};
                    int jj = tx * 4 + j;
                    for (int i = 0; i < 4; i++) {
                        int ii = ty * 4 + i;
                        float value = col[i] + bias;
                        store(y, yOff + ii * ow + jj, accumulate, relu ? Elementwise.relu(value) : value, ii < oh && jj < ow);
                    }
                }
            }
        }
    }
}
