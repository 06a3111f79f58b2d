package jcnn.tensor.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API half of {@link ConvKernels}; only loaded when the module is present. */
final class VectorConvKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorConvKernels() {
    }

    static boolean usable() {
        return S.length() >= 4;
    }

    /** Lanes 0..L/2-1 take the even elements, L/2..L-1 the odd ones. */
    private static final VectorShuffle<Float> EVENS_ODDS = VectorShuffle.fromOp(S,
            i -> i < S.length() / 2 ? 2 * i : 2 * (i - S.length() / 2) + 1);
    /** Lanes 0..L/2-1 take the odd elements, L/2..L-1 the even ones. */
    private static final VectorShuffle<Float> ODDS_EVENS = VectorShuffle.fromOp(S,
            i -> i < S.length() / 2 ? 2 * i + 1 : 2 * (i - S.length() / 2));

    /**
     * {@link ConvKernels#dealRow}: per L/2 tiles, two loads (at the tiles' first column and one
     * column pair on), four permutations and four whole-vector stores; the upper half of each store
     * is garbage that the next chunk, the next row or the guard after the plane takes.
     */
    static void dealRow(float[] p, int src, int tw, float[] q, int d00, int d10, int d01, int d11) {
        int half = S.length() / 2;
        for (int t = 0; t < tw; t += half) {
            FloatVector a = FloatVector.fromArray(S, p, src + 2 * t);
            FloatVector b = FloatVector.fromArray(S, p, src + 2 * t + 2);
            a.rearrange(EVENS_ODDS).intoArray(q, d00 + t);
            a.rearrange(ODDS_EVENS).intoArray(q, d10 + t);
            b.rearrange(EVENS_ODDS).intoArray(q, d01 + t);
            b.rearrange(ODDS_EVENS).intoArray(q, d11 + t);
        }
    }

    /*
     * Each kernel runs whole vectors; the last one is moved back to end at n, recomputing a few
     * tiles already done (each output depends only on the inputs of its own tile, so they get
     * the same bits again). Only n below a vector's length is left to the scalar loop.
     */

    /** {@link ConvKernels#input} on whole vectors; returns where the scalar tail starts (n, or 0 when n is below a vector). */
    static int input(float[] q, int qOff, int ps, int rs, float[] v, int vOff, int es, int n) {
        int lanes = S.length();
        if (n < lanes) {
            return 0;
        }
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            inputAt(q, qOff, ps, rs, v, vOff, es, i);
        }
        if (i < n) {
            inputAt(q, qOff, ps, rs, v, vOff, es, n - lanes);
        }
        return n;
    }

    /*
     * The input transform of one vector of tiles, in three methods of a few dozen vector
     * operations each. In one method with all 64, once the ReLU and pooling kernels were on the
     * Vector API too, C2 left the method's last loads (and outputAt's last stores) as calls into
     * the Vector API's Java fallback, which boxes every vector: 18% of a training step's JFR
     * samples sat on those last lines and nowhere earlier in the method, the pattern of C2's
     * inlining limits (2 December 2026; after the split, none in steady state: docs/BENCHMARKS.md).
     * Each output row of B^T d B takes two rows of the row-transformed tile: r0 = a0 - a2,
     * r1 = a1 + a2, r2 = a2 - a1, r3 = a1 - a3, with a_k = (d0 - d2, d1 + d2, d2 - d1, d1 - d3) of
     * tile row k; the same operations as before, so the same bits.
     */
    private static void inputAt(float[] q, int qOff, int ps, int rs, float[] v, int vOff, int es, int i) {
        inputRows02(q, qOff, ps, rs, v, vOff + i, es, i);
        inputRows12(q, qOff, ps, rs, v, vOff + i, es, i);
        inputRows13(q, qOff, ps, rs, v, vOff + i, es, i);
    }

    /** Tile rows 0 and 2 (planes p0* at i and i + rs): the transform's row 0. */
    private static void inputRows02(float[] q, int qOff, int ps, int rs, float[] v, int t, int es, int i) {
        int p00 = qOff + i, p01 = qOff + 2 * ps + i, p02 = qOff + ps + i, p03 = qOff + 3 * ps + i;
        FloatVector d0 = FloatVector.fromArray(S, q, p00), d1 = FloatVector.fromArray(S, q, p01);
        FloatVector d2 = FloatVector.fromArray(S, q, p02), d3 = FloatVector.fromArray(S, q, p03);
        FloatVector a00 = d0.sub(d2), a01 = d1.add(d2), a02 = d2.sub(d1), a03 = d1.sub(d3);
        d0 = FloatVector.fromArray(S, q, p00 + rs);
        d1 = FloatVector.fromArray(S, q, p01 + rs);
        d2 = FloatVector.fromArray(S, q, p02 + rs);
        d3 = FloatVector.fromArray(S, q, p03 + rs);
        a00.sub(d0.sub(d2)).intoArray(v, t);
        a01.sub(d1.add(d2)).intoArray(v, t + es);
        a02.sub(d2.sub(d1)).intoArray(v, t + 2 * es);
        a03.sub(d1.sub(d3)).intoArray(v, t + 3 * es);
    }

    /** Tile rows 1 and 2 (planes p1* at i, p0* at i + rs): the transform's rows 1 and 2. */
    private static void inputRows12(float[] q, int qOff, int ps, int rs, float[] v, int t, int es, int i) {
        int p10 = qOff + 4 * ps + i, p11 = qOff + 6 * ps + i, p12 = qOff + 5 * ps + i, p13 = qOff + 7 * ps + i;
        int p20 = qOff + rs + i, p21 = qOff + 2 * ps + rs + i, p22 = qOff + ps + rs + i, p23 = qOff + 3 * ps + rs + i;
        FloatVector d0 = FloatVector.fromArray(S, q, p10), d1 = FloatVector.fromArray(S, q, p11);
        FloatVector d2 = FloatVector.fromArray(S, q, p12), d3 = FloatVector.fromArray(S, q, p13);
        FloatVector a10 = d0.sub(d2), a11 = d1.add(d2), a12 = d2.sub(d1), a13 = d1.sub(d3);
        d0 = FloatVector.fromArray(S, q, p20);
        d1 = FloatVector.fromArray(S, q, p21);
        d2 = FloatVector.fromArray(S, q, p22);
        d3 = FloatVector.fromArray(S, q, p23);
        FloatVector a20 = d0.sub(d2), a21 = d1.add(d2), a22 = d2.sub(d1), a23 = d1.sub(d3);
        a10.add(a20).intoArray(v, t + 4 * es);
        a11.add(a21).intoArray(v, t + 5 * es);
        a12.add(a22).intoArray(v, t + 6 * es);
        a13.add(a23).intoArray(v, t + 7 * es);
        a20.sub(a10).intoArray(v, t + 8 * es);
        a21.sub(a11).intoArray(v, t + 9 * es);
        a22.sub(a12).intoArray(v, t + 10 * es);
        a23.sub(a13).intoArray(v, t + 11 * es);
    }

    /** Tile rows 1 and 3 (planes p1* at i and i + rs): the transform's row 3. */
    private static void inputRows13(float[] q, int qOff, int ps, int rs, float[] v, int t, int es, int i) {
        int p10 = qOff + 4 * ps + i, p11 = qOff + 6 * ps + i, p12 = qOff + 5 * ps + i, p13 = qOff + 7 * ps + i;
        FloatVector d0 = FloatVector.fromArray(S, q, p10), d1 = FloatVector.fromArray(S, q, p11);
        FloatVector d2 = FloatVector.fromArray(S, q, p12), d3 = FloatVector.fromArray(S, q, p13);
        FloatVector a10 = d0.sub(d2), a11 = d1.add(d2), a12 = d2.sub(d1), a13 = d1.sub(d3);
        d0 = FloatVector.fromArray(S, q, p10 + rs);
        d1 = FloatVector.fromArray(S, q, p11 + rs);
        d2 = FloatVector.fromArray(S, q, p12 + rs);
        d3 = FloatVector.fromArray(S, q, p13 + rs);
        a10.sub(d0.sub(d2)).intoArray(v, t + 12 * es);
        a11.sub(d1.add(d2)).intoArray(v, t + 13 * es);
        a12.sub(d2.sub(d1)).intoArray(v, t + 14 * es);
        a13.sub(d1.sub(d3)).intoArray(v, t + 15 * es);
    }

    /** {@link ConvKernels#output} on whole vectors; returns where the scalar tail starts (n, or 0 when n is below a vector). */
    static int output(float[] mm, int mOff, int es, float bias, float[] y, int yOff, int ps, int n) {
        int lanes = S.length();
        if (n < lanes) {
            return 0;
        }
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            outputAt(mm, mOff, es, bias, y, yOff, ps, i);
        }
        if (i < n) {
            outputAt(mm, mOff, es, bias, y, yOff, ps, n - lanes);
        }
        return n;
    }

    private static void outputAt(float[] mm, int mOff, int es, float bias, float[] y, int yOff, int ps, int i) {
        // two methods of output rows, for the same reason as inputAt's three
        outputRows01(mm, mOff + i, es, bias, y, yOff + i, ps);
        outputRows23(mm, mOff + i, es, bias, y, yOff + i, ps);
    }

    /*
     * No method here takes or returns a vector: where C2 does not inline such a method (its
     * decisions differ from run to run), every vector crossing the call is boxed, and the
     * transform ran on the Vector API's Java fallback (13 MB allocated a training step, several
     * times slower). Hence the row sums m0 + m1 + m2 and differences m1 - m2 - m3 of M are spelled
     * out in each of the two methods below instead of coming from helpers.
     */

    /** Output rows 0 and 1: (s0 + s1 + s2) of the row sums and of the row differences, plus bias. */
    private static void outputRows01(float[] mm, int t, int es, float bias, float[] y, int o, int ps) {
        FloatVector m0 = FloatVector.fromArray(S, mm, t), m1 = FloatVector.fromArray(S, mm, t + es);
        FloatVector m2 = FloatVector.fromArray(S, mm, t + 2 * es), m3 = FloatVector.fromArray(S, mm, t + 3 * es);
        FloatVector s00 = m0.add(m1).add(m2), s01 = m1.sub(m2).sub(m3);
        int r = t + 4 * es;
        m0 = FloatVector.fromArray(S, mm, r);
        m1 = FloatVector.fromArray(S, mm, r + es);
        m2 = FloatVector.fromArray(S, mm, r + 2 * es);
        m3 = FloatVector.fromArray(S, mm, r + 3 * es);
        FloatVector s10 = m0.add(m1).add(m2), s11 = m1.sub(m2).sub(m3);
        r = t + 8 * es;
        m0 = FloatVector.fromArray(S, mm, r);
        m1 = FloatVector.fromArray(S, mm, r + es);
        m2 = FloatVector.fromArray(S, mm, r + 2 * es);
        m3 = FloatVector.fromArray(S, mm, r + 3 * es);
        FloatVector s20 = m0.add(m1).add(m2), s21 = m1.sub(m2).sub(m3);
        FloatVector b = FloatVector.broadcast(S, bias);
        s00.add(s10).add(s20).add(b).intoArray(y, o);
        s01.add(s11).add(s21).add(b).intoArray(y, o + ps);
    }

    /** Output rows 2 and 3: (s1 - s2 - s3) of the row sums and of the row differences, plus bias. */
    private static void outputRows23(float[] mm, int t, int es, float bias, float[] y, int o, int ps) {
        int r = t + 4 * es;
        FloatVector m0 = FloatVector.fromArray(S, mm, r), m1 = FloatVector.fromArray(S, mm, r + es);
        FloatVector m2 = FloatVector.fromArray(S, mm, r + 2 * es), m3 = FloatVector.fromArray(S, mm, r + 3 * es);
        FloatVector s10 = m0.add(m1).add(m2), s11 = m1.sub(m2).sub(m3);
        r = t + 8 * es;
        m0 = FloatVector.fromArray(S, mm, r);
        m1 = FloatVector.fromArray(S, mm, r + es);
        m2 = FloatVector.fromArray(S, mm, r + 2 * es);
        m3 = FloatVector.fromArray(S, mm, r + 3 * es);
        FloatVector s20 = m0.add(m1).add(m2), s21 = m1.sub(m2).sub(m3);
        r = t + 12 * es;
        m0 = FloatVector.fromArray(S, mm, r);
        m1 = FloatVector.fromArray(S, mm, r + es);
        m2 = FloatVector.fromArray(S, mm, r + 2 * es);
        m3 = FloatVector.fromArray(S, mm, r + 3 * es);
        FloatVector s30 = m0.add(m1).add(m2), s31 = m1.sub(m2).sub(m3);
        FloatVector b = FloatVector.broadcast(S, bias);
        s10.sub(s20).sub(s30).add(b).intoArray(y, o + 2 * ps);
        s11.sub(s21).sub(s31).add(b).intoArray(y, o + 3 * ps);
    }

    /** {@link ConvKernels#outputGradient} on whole vectors; returns where the scalar tail starts (n, or 0 when n is below a vector). */
    static int outputGradient(float[] g, int gOff, int ps, float[] d, int dOff, int es, int n) {
        int lanes = S.length();
        if (n < lanes) {
            return 0;
        }
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            outputGradientAt(g, gOff, ps, d, dOff, es, i);
        }
        if (i < n) {
            outputGradientAt(g, gOff, ps, d, dOff, es, n - lanes);
        }
        return n;
    }

    private static void outputGradientAt(float[] g, int gOff, int ps, float[] d, int dOff, int es, int i) {
        int s = gOff + i;
        FloatVector g00 = FloatVector.fromArray(S, g, s), g01 = FloatVector.fromArray(S, g, s + ps);
        FloatVector g10 = FloatVector.fromArray(S, g, s + 2 * ps), g11 = FloatVector.fromArray(S, g, s + 3 * ps);
        FloatVector r01 = g00.add(g01), r02 = g00.sub(g01), r03 = g01.neg();
        FloatVector r11 = g10.add(g11), r12 = g10.sub(g11), r13 = g11.neg();
        int t = dOff + i;
        g00.intoArray(d, t);
        r01.intoArray(d, t + es);
        r02.intoArray(d, t + 2 * es);
        r03.intoArray(d, t + 3 * es);
        g00.add(g10).intoArray(d, t + 4 * es);
        r01.add(r11).intoArray(d, t + 5 * es);
        r02.add(r12).intoArray(d, t + 6 * es);
        r03.add(r13).intoArray(d, t + 7 * es);
        g00.sub(g10).intoArray(d, t + 8 * es);
        r01.sub(r11).intoArray(d, t + 9 * es);
        r02.sub(r12).intoArray(d, t + 10 * es);
        r03.sub(r13).intoArray(d, t + 11 * es);
        g10.neg().intoArray(d, t + 12 * es);
        r11.neg().intoArray(d, t + 13 * es);
        r12.neg().intoArray(d, t + 14 * es);
        r13.neg().intoArray(d, t + 15 * es);
    }

    /** Lane i takes lane i/2: with {@link #ODD_LANES}, two vectors' first halves as pairs. */
    private static final VectorShuffle<Float> ZIP = VectorShuffle.fromOp(S, i -> i >> 1);
    /** The odd lanes (the second element of each pair). */
    private static final VectorMask<Float> ODD_LANES = VectorMask.fromLong(S, 0xAAAA_AAAA_AAAA_AAAAL);

    /**
     * {@link ConvKernels#interleave}'s row {@code dst[d .. d + ow)} from the plane rows at s0 and
     * s1, a vector's lanes (half from each) at a time, while a whole vector stays before
     * {@code limit} in dst and inside src: returns the column where the scalar tail starts. Stores
     * write a whole vector: past the row's end that is garbage for the next row to overwrite.
     */
    static int interleaveRow(float[] src, int s0, int s1, float[] dst, int d, int ow, int limit, int mode) {
        int lanes = S.length();
        int last = Math.max(s0, s1);
        int j = 0;
        for (; j < ow && d + j + lanes <= limit && last + (j >> 1) + lanes <= src.length; j += lanes) {
            int t = j >> 1;
            FloatVector v = FloatVector.fromArray(S, src, s0 + t).rearrange(ZIP)
                    .blend(FloatVector.fromArray(S, src, s1 + t).rearrange(ZIP), ODD_LANES);
            if (mode == ConvKernels.STORE_RELU) {
                // x > 0 keeps x; 0, -0, negatives and NaN give +0: Elementwise.relu's bits
                FloatVector.zero(S).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(dst, d + j);
            } else {
                v.intoArray(dst, d + j);
            }
        }
        return Math.min(j, ow);
    }

    /** {@link ConvKernels#gather} on whole vectors; returns where the scalar tail starts. */
    static int gather(float[] src, int srcOff, int[] idx, int idxOff, float[] dst, int dstOff, int n, int mode) {
        int lanes = S.length();
        int p = 0;
        if (mode == ConvKernels.ADD) {
            for (; p + lanes <= n; p += lanes) {
                FloatVector.fromArray(S, src, srcOff, idx, idxOff + p).add(FloatVector.fromArray(S, dst, dstOff + p))
                        .intoArray(dst, dstOff + p);
            }
        } else {
            for (; p + lanes <= n; p += lanes) {
                FloatVector.fromArray(S, src, srcOff, idx, idxOff + p).intoArray(dst, dstOff + p);
            }
        }
        return p;
    }

    static int lanes() {
        return S.length();
    }

    /**
     * {@link ConvKernels#correlate} on whole vectors: for each kernel row, the {@code kw} sums of
     * that row share each load of g (kw = 3 and 5 have their own loops, other widths one sum at a
     * time); needs {@code n} a multiple of the lane count (the caller pads with zeros).
     */
    static void correlate(float[] g, int gOff, float[] x, int xOff, int n, int pw, int kh, int kw,
                          float[] out, int outOff, float[] scratch) {
        for (int a = 0; a < kh; a++) {
            int xs = xOff + a * pw;
            int o = outOff + a * kw;
            if (kw == 3) {
                row3(g, gOff, x, xs, n, out, o, scratch);
            } else if (kw == 5) {
                row5(g, gOff, x, xs, n, out, o, scratch);
            } else {
                for (int b = 0; b < kw; b++) {
                    FloatVector s0 = FloatVector.zero(S);
                    for (int i = 0; i < n; i += S.length()) {
                        s0 = FloatVector.fromArray(S, g, gOff + i).fma(FloatVector.fromArray(S, x, xs + b + i), s0);
                    }
                    s0.intoArray(scratch, 0);
                    out[o + b] += laneSum(scratch);
                }
            }
        }
    }

    private static void row3(float[] g, int gOff, float[] x, int xs, int n, float[] out, int o, float[] scratch) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0;
        for (int i = 0; i < n; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
            s0 = gv.fma(FloatVector.fromArray(S, x, xs + i), s0);
            s1 = gv.fma(FloatVector.fromArray(S, x, xs + i + 1), s1);
            s2 = gv.fma(FloatVector.fromArray(S, x, xs + i + 2), s2);
        }
        s0.intoArray(scratch, 0);
        out[o] += laneSum(scratch);
        s1.intoArray(scratch, 0);
        out[o + 1] += laneSum(scratch);
        s2.intoArray(scratch, 0);
        out[o + 2] += laneSum(scratch);
    }

    private static void row5(float[] g, int gOff, float[] x, int xs, int n, float[] out, int o, float[] scratch) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0;
        for (int i = 0; i < n; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
            s0 = gv.fma(FloatVector.fromArray(S, x, xs + i), s0);
            s1 = gv.fma(FloatVector.fromArray(S, x, xs + i + 1), s1);
            s2 = gv.fma(FloatVector.fromArray(S, x, xs + i + 2), s2);
            s3 = gv.fma(FloatVector.fromArray(S, x, xs + i + 3), s3);
            s4 = gv.fma(FloatVector.fromArray(S, x, xs + i + 4), s4);
        }
        s0.intoArray(scratch, 0);
        out[o] += laneSum(scratch);
        s1.intoArray(scratch, 0);
        out[o + 1] += laneSum(scratch);
        s2.intoArray(scratch, 0);
        out[o + 2] += laneSum(scratch);
        s3.intoArray(scratch, 0);
        out[o + 3] += laneSum(scratch);
        s4.intoArray(scratch, 0);
        out[o + 4] += laneSum(scratch);
    }

    /**
     * The lanes of a vector stored in {@code scratch}, added one by one in lane order
     * ({@code reduceLanes} leaves the order to the implementation, and the interpreter's and the
     * compiled code's could differ). The caller stores the vector: a vector argument is boxed
     * wherever the call is not inlined.
     */
    private static float laneSum(float[] scratch) {
        float s = 0f;
        for (int l = 0; l < S.length(); l++) {
            s += scratch[l];
        }
        return s;
    }

    /**
     * One image of {@link Convolution#forwardDirect}. For each output channel o, the taps (c, u, v)
     * in im2col's row order each run one flat vector loop over the output plane laid out with the
     * padded rows' length pw, {@code acc[q] = fma(w[o][c][u][v], xp[q + c*plane + u*pw + v], acc[q])}
     * (from 0 at the first tap: the blocked SGEMM kernel's operations on im2col's rows, so the same
     * bits), a kernel row of 3 or 5 taps per pass; flat loops the JIT keeps in registers (one
     * vector carried through the nested tap loops ran ten times slower); then
     * {@code y = relu(acc + b[o])} as {@link Convolution#forward} applies them, row by row, the
     * columns past ow left out. {@code xp} holds the zero-padded
     * image, planes {@code plane} floats apart, and is readable {@code kw} + one vector past its
     * end; {@code acc} holds {@link #directPlane} floats.
     */
    static void forwardImage(float[] xp, int pw, int plane, int cin, int kh, int kw, float[] w, int co, int oh, int ow,
                             float[] b, boolean relu, float[] y, int yOff, float[] acc) {
        int lanes = S.length();
        int n = directPlane(oh, pw);
        FloatVector zero = FloatVector.zero(S);
        for (int o = 0; o < co; o++) {
            int t = o * cin * kh * kw;
            boolean first = true;   // the first pass starts from 0 instead of reading acc
            for (int c = 0; c < cin; c++) {
                if (kh == 3 && kw == 3) {   // the whole 3x3 kernel in one pass
                    taps33(xp, c * plane, pw, w, t, acc, n, first);
                    t += 9;
                    first = false;
                    continue;
                }
                for (int u = 0; u < kh; u++, t += kw) {
                    int off = c * plane + u * pw;
                    if (kw == 3) {
                        taps3(xp, off, w, t, acc, n, first);
                    } else if (kw == 5) {
                        taps5(xp, off, w, t, acc, n, first);
                    } else {
                        for (int v = 0; v < kw; v++) {
                            FloatVector wv = FloatVector.broadcast(S, w[t + v]);
                            for (int q = 0; q < n; q += lanes) {
                                FloatVector a = v == 0 && first ? zero : FloatVector.fromArray(S, acc, q);
                                wv.fma(FloatVector.fromArray(S, xp, off + v + q), a).intoArray(acc, q);
                            }
                        }
                    }
                    first = false;
                }
            }
            float bias = b == null ? 0f : b[o];
            int dst = yOff + o * oh * ow;
            for (int i = 0; i < oh; i++, dst += ow) {
                int src = i * pw;
                if (ow < lanes) {
                    for (int j = 0; j < ow; j++) {
                        float value = b == null ? acc[src + j] : acc[src + j] + bias;
                        y[dst + j] = relu ? Elementwise.relu(value) : value;
                    }
                    continue;
                }
                // whole vectors, the last one ending at ow (it may overlap the one before: same values)
                for (int j = 0; ; j += lanes) {
                    int at = Math.min(j, ow - lanes);
                    FloatVector v = FloatVector.fromArray(S, acc, src + at);
                    if (b != null) {
                        v = v.add(bias);
                    }
                    if (relu) {
                        v = zero.blend(v, v.compare(VectorOperators.GT, 0f));   // Elementwise.relu's bits
                    }
                    v.intoArray(y, dst + at);
                    if (at == ow - lanes) {
                        break;
                    }
                }
            }
        }
    }

    /** One kernel row of three taps over the plane: {@code acc = fma(w2, x+2, fma(w1, x+1, fma(w0, x, acc)))}. */
    private static void taps3(float[] xp, int off, float[] w, int t, float[] acc, int n, boolean first) {
        FloatVector w0 = FloatVector.broadcast(S, w[t]);
        FloatVector w1 = FloatVector.broadcast(S, w[t + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[t + 2]);
        FloatVector zero = FloatVector.zero(S);
        for (int q = 0; q < n; q += S.length()) {
            FloatVector a = first ? zero : FloatVector.fromArray(S, acc, q);
            a = w0.fma(FloatVector.fromArray(S, xp, off + q), a);
            a = w1.fma(FloatVector.fromArray(S, xp, off + q + 1), a);
            w2.fma(FloatVector.fromArray(S, xp, off + q + 2), a).intoArray(acc, q);
        }
    }

    /** A whole 3x3 kernel over the plane, its nine taps in row order, as {@link #taps3}. */
    private static void taps33(float[] xp, int off, int pw, float[] w, int t, float[] acc, int n, boolean first) {
        FloatVector w0 = FloatVector.broadcast(S, w[t]);
        FloatVector w1 = FloatVector.broadcast(S, w[t + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[t + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[t + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[t + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[t + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[t + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[t + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[t + 8]);
        FloatVector zero = FloatVector.zero(S);
        int r1 = off + pw;
        int r2 = off + 2 * pw;
        for (int q = 0; q < n; q += S.length()) {
            FloatVector a = first ? zero : FloatVector.fromArray(S, acc, q);
            a = w0.fma(FloatVector.fromArray(S, xp, off + q), a);
            a = w1.fma(FloatVector.fromArray(S, xp, off + q + 1), a);
            a = w2.fma(FloatVector.fromArray(S, xp, off + q + 2), a);
            a = w3.fma(FloatVector.fromArray(S, xp, r1 + q), a);
            a = w4.fma(FloatVector.fromArray(S, xp, r1 + q + 1), a);
            a = w5.fma(FloatVector.fromArray(S, xp, r1 + q + 2), a);
            a = w6.fma(FloatVector.fromArray(S, xp, r2 + q), a);
            a = w7.fma(FloatVector.fromArray(S, xp, r2 + q + 1), a);
            w8.fma(FloatVector.fromArray(S, xp, r2 + q + 2), a).intoArray(acc, q);
        }
    }

    /** One kernel row of five taps over the plane, as {@link #taps3}. */
    private static void taps5(float[] xp, int off, float[] w, int t, float[] acc, int n, boolean first) {
        FloatVector w0 = FloatVector.broadcast(S, w[t]);
        FloatVector w1 = FloatVector.broadcast(S, w[t + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[t + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[t + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[t + 4]);
        FloatVector zero = FloatVector.zero(S);
        for (int q = 0; q < n; q += S.length()) {
            FloatVector a = first ? zero : FloatVector.fromArray(S, acc, q);
            a = w0.fma(FloatVector.fromArray(S, xp, off + q), a);
            a = w1.fma(FloatVector.fromArray(S, xp, off + q + 1), a);
            a = w2.fma(FloatVector.fromArray(S, xp, off + q + 2), a);
            a = w3.fma(FloatVector.fromArray(S, xp, off + q + 3), a);
            w4.fma(FloatVector.fromArray(S, xp, off + q + 4), a).intoArray(acc, q);
        }
    }

    /** Floats of {@link #forwardImage}'s output plane: oh rows of pw, rounded up to whole vectors. */
    static int directPlane(int oh, int pw) {
        int lanes = S.length();
        return (oh * pw + lanes - 1) / lanes * lanes;
    }
}
