package jcnn.tensor.backend;

/**
 * 3x3, stride-1 convolution by Winograd's minimal filtering F(m x m, 3 x 3) (Lavin and Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2016), for the forward pass and, with the
 * kernel flipped and its channels swapped, for the input gradient.
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
        if (!applies(g) || g.padding() > 2) {
            throw new IllegalArgumentException("Winograd: the input gradient needs a 3x3 kernel, stride 1 and"
                    + " padding <= 2, got " + g.kernelHeight() + "x" + g.kernelWidth() + " stride " + g.stride()
                    + " padding " + g.padding());
        }
        float[] u = transformWeights(tile, w, g.outChannels(), g.channels(), true);
        run(tile, g.batch(), g.outChannels(), g.outHeight(), g.outWidth(), 2 - g.padding(), g.channels(),
                g.height(), g.width(), dy, u, null, dx, true, false);
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
        float[] u = StepArena.floats(a * a * cout * cin);
        double[] tmp = new double[a * 3];
        double[] k = new double[9];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                if (flipped) {
                    int base = (c * wIn + o) * 9;   // w[c][o] as (wOut = c, wIn = o)
                    for (int i = 0; i < 9; i++) {
                        k[i] = w[base + 8 - i];
                    }
                } else {
                    int base = (o * wIn + c) * 9;
                    for (int i = 0; i < 9; i++) {
                        k[i] = w[base + i];
                    }
                }
                // tmp (a, 3) = G k ; U = tmp G^T (a, a)
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < 3; j++) {
                        tmp[i * 3 + j] = gm[i * 3] * k[j] + gm[i * 3 + 1] * k[3 + j] + gm[i * 3 + 2] * k[6 + j];
                    }
                }
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < a; j++) {
                        double s = tmp[i * 3] * gm[j * 3] + tmp[i * 3 + 1] * gm[j * 3 + 1] + tmp[i * 3 + 2] * gm[j * 3 + 2];
                        u[((i * a + j) * cout + o) * cin + c] = (float) s;
                    }
                }
            }
        }
        return u;
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
                    if (tile == Tile.F2x2) {
                        inputTiles2(padded, pw, tilesH, tilesW, v, vOff, cin * tiles);
                    } else {
                        inputTiles4(padded, pw, tilesH, tilesW, v, vOff, cin * tiles);
                    }
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
                    if (tile == Tile.F2x2) {
                        outputTiles2(mm, mOff, cout * tiles, tilesH, tilesW, oh, ow, bo, y, yOff, accumulate, relu);
                    } else {
                        outputTiles4(mm, mOff, cout * tiles, tilesH, tilesW, oh, ow, bo, y, yOff, accumulate, relu);
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

    /** V[e][t] = (B^T d B)[e] for each 4x4 tile d of the padded plane; e stride {@code es}. */
    private static void inputTiles2(float[] p, int pw, int tilesH, int tilesW, float[] v, int vOff, int es) {
        int t = vOff;
        for (int ty = 0; ty < tilesH; ty++) {
            for (int tx = 0; tx < tilesW; tx++, t++) {
                int r0 = ty * 2 * pw + tx * 2;
                int r1 = r0 + pw;
                int r2 = r1 + pw;
                int r3 = r2 + pw;
                // rows: B^T applied along each row (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
                float a00 = p[r0] - p[r0 + 2], a01 = p[r0 + 1] + p[r0 + 2], a02 = p[r0 + 2] - p[r0 + 1], a03 = p[r0 + 1] - p[r0 + 3];
                float a10 = p[r1] - p[r1 + 2], a11 = p[r1 + 1] + p[r1 + 2], a12 = p[r1 + 2] - p[r1 + 1], a13 = p[r1 + 1] - p[r1 + 3];
                float a20 = p[r2] - p[r2 + 2], a21 = p[r2 + 1] + p[r2 + 2], a22 = p[r2 + 2] - p[r2 + 1], a23 = p[r2 + 1] - p[r2 + 3];
                float a30 = p[r3] - p[r3 + 2], a31 = p[r3 + 1] + p[r3 + 2], a32 = p[r3 + 2] - p[r3 + 1], a33 = p[r3 + 1] - p[r3 + 3];
                // columns
                v[t] = a00 - a20;
                v[t + es] = a01 - a21;
                v[t + 2 * es] = a02 - a22;
                v[t + 3 * es] = a03 - a23;
                v[t + 4 * es] = a10 + a20;
                v[t + 5 * es] = a11 + a21;
                v[t + 6 * es] = a12 + a22;
                v[t + 7 * es] = a13 + a23;
                v[t + 8 * es] = a20 - a10;
                v[t + 9 * es] = a21 - a11;
                v[t + 10 * es] = a22 - a12;
                v[t + 11 * es] = a23 - a13;
                v[t + 12 * es] = a10 - a30;
                v[t + 13 * es] = a11 - a31;
                v[t + 14 * es] = a12 - a32;
                v[t + 15 * es] = a13 - a33;
            }
        }
    }

    /** Y = A^T M A for each tile (2x2 out of 4x4), plus bias, stored (or added) into y. */
    private static void outputTiles2(float[] mm, int mOff, int es, int tilesH, int tilesW, int oh, int ow,
                                     float bias, float[] y, int yOff, boolean accumulate, boolean relu) {
        int t = mOff;
        for (int ty = 0; ty < tilesH; ty++) {
            int i0 = ty * 2;
            for (int tx = 0; tx < tilesW; tx++, t++) {
                // rows of M: s0 = m0 + m1 + m2, s1 = m1 - m2 - m3
                float m00 = mm[t], m01 = mm[t + es], m02 = mm[t + 2 * es], m03 = mm[t + 3 * es];
                float m10 = mm[t + 4 * es], m11 = mm[t + 5 * es], m12 = mm[t + 6 * es], m13 = mm[t + 7 * es];
                float m20 = mm[t + 8 * es], m21 = mm[t + 9 * es], m22 = mm[t + 10 * es], m23 = mm[t + 11 * es];
                float m30 = mm[t + 12 * es], m31 = mm[t + 13 * es], m32 = mm[t + 14 * es], m33 = mm[t + 15 * es];
                float s00 = m00 + m01 + m02, s01 = m01 - m02 - m03;
                float s10 = m10 + m11 + m12, s11 = m11 - m12 - m13;
                float s20 = m20 + m21 + m22, s21 = m21 - m22 - m23;
                float s30 = m30 + m31 + m32, s31 = m31 - m32 - m33;
                float y00 = s00 + s10 + s20 + bias, y01 = s01 + s11 + s21 + bias;
                float y10 = s10 - s20 - s30 + bias, y11 = s11 - s21 - s31 + bias;
                if (relu) {
                    y00 = Elementwise.relu(y00);
                    y01 = Elementwise.relu(y01);
                    y10 = Elementwise.relu(y10);
                    y11 = Elementwise.relu(y11);
                }
                int j0 = tx * 2;
                int q = yOff + i0 * ow + j0;
                if (i0 + 1 < oh && j0 + 1 < ow) {
                    if (accumulate) {
                        y[q] += y00;
                        y[q + 1] += y01;
                        y[q + ow] += y10;
                        y[q + ow + 1] += y11;
                    } else {
                        y[q] = y00;
                        y[q + 1] = y01;
                        y[q + ow] = y10;
                        y[q + ow + 1] = y11;
                    }
                } else {
                    store(y, q, accumulate, y00, true);
                    store(y, q + 1, accumulate, y01, j0 + 1 < ow);
                    store(y, q + ow, accumulate, y10, i0 + 1 < oh);
                    store(y, q + ow + 1, accumulate, y11, i0 + 1 < oh && j0 + 1 < ow);
                }
            }
        }
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
