package jcnn.tensor.backend;

/**
 * The element-wise transforms of Winograd's F(2x2, 3x3) and F(3x3, 2x2), written over planes: each
 * kernel reads its inputs from planes that hold one value per tile ({@code [i]} is tile i) and
 * writes its outputs into planes, so a whole row of tiles is one run of vector lanes. A Vector API
 * version runs when the module {@code jdk.incubator.vector} is present (as for SGEMM), else a scalar
 * loop; both do the same float additions in the same order, so their results are bit-identical.
 * Also here: {@link #dealRow}, which makes the input planes from a padded row,
 * and {@link #correlate}, the dot products of the direct weight gradient (see there for its
 * rounding).
 *
 * <p>Plane layouts (offsets into one array, {@code ps} apart):
 * <ul>
 *   <li>{@link #input}: the 4x4 input tile {@code d[r][c]} of tile i is
 *       {@code q[qOff + ((r%2*2 + c%2)*2 + c/2)*ps + (r/2)*rs + i]}: eight polyphase planes (row
 *       parity, column parity, a column shift of one tile) whose rows are {@code rs} tiles long,
 *       so the next row of tiles is {@code rs} further on (see {@link Winograd}).</li>
 *   <li>{@link #output} and {@link #outputGradient}: the 2x2 values {@code (a, b)} of tile i at
 *       {@code [off + (a*2 + b)*ps + i]}.</li>
 *   <li>the 16 transformed values {@code e = 4*row + col} of tile i at {@code [off + e*es + i]},
 *       as the GEMMs read them.</li>
 * </ul>
 */
final class ConvKernels {
    private static final boolean VECTOR = Sgemm.VECTOR_MODULE_PRESENT
            && !"scalar".equals(System.getProperty("jcnn.gemm", "").trim()) && VectorConvKernels.usable();

    /** Whether the Vector API kernels run (the module is there, {@code -Djcnn.gemm=scalar} is not set). */
    static boolean vector() {
        return VECTOR;
    }

    /**
     * {@link #correlate}'s length n is padded (with zeros) to a multiple of this, so the vector
     * version has no tail: 16, a multiple of every lane count of the preferred species up to AVX-512.
     */
    static final int CORRELATE_MULTIPLE = 16;

    /** Floats of scratch {@link #correlate} needs: one vector's lanes (16 is enough on x86). */
    static final int CORRELATE_SCRATCH = Math.max(CORRELATE_MULTIPLE, VECTOR ? VectorConvKernels.lanes() : 0);

    /**
     * How far {@link #dealRow} may write past a plane row's last entry and read past a padded row's
     * last element: a vector's length (0 for the scalar loop).
     */
    static final int DEAL_OVERRUN = VECTOR ? VectorConvKernels.lanes() : 0;

    /**
     * Floats after a source's last plane that let {@link #interleave} read whole vectors to its
     * end (without them it finishes the last rows with the scalar loop): a vector's length.
     */
    static final int INTERLEAVE_SLACK = VECTOR ? VectorConvKernels.lanes() : 0;

    private ConvKernels() {
    }

    /** Which kernels run: {@code "vector"} or {@code "scalar"}. */
    static String kernelName() {
        return VECTOR ? "vector" : "scalar";
    }

    /**
     * Deals the padded row {@code p[src .. src + 2*tw + 2)} into four plane rows of tw entries:
     * {@code q[d00 + t] = p[src + 2t]}, {@code q[d10 + t] = p[src + 2t + 1]},
     * {@code q[d01 + t] = p[src + 2t + 2]}, {@code q[d11 + t] = p[src + 2t + 3]}. The vector version
     * writes up to {@link #DEAL_OVERRUN} entries past each row (whatever comes next must be written
     * after) and reads as far past the padded row.
     */
    static void dealRow(float[] p, int src, int tw, float[] q, int d00, int d10, int d01, int d11) {
        if (VECTOR) {
            VectorConvKernels.dealRow(p, src, tw, q, d00, d10, d01, d11);
            return;
        }
        for (int t = 0; t < tw; t++, src += 2) {
            q[d00 + t] = p[src];
            q[d10 + t] = p[src + 1];
            q[d01 + t] = p[src + 2];
            q[d11 + t] = p[src + 3];
        }
    }

    /** {@link #interleave}, {@link #gather}: store the value. */
    static final int STORE = 0;
    /** {@link #interleave}: store {@link Elementwise#relu} of the value. */
    static final int STORE_RELU = 1;
    /** {@link #gather}: add the value to what is there. */
    static final int ADD = 2;

    /**
     * {@code dst[dstOff + p] = src[srcOff + idx[idxOff + p]]} for {@code p < n} ({@link #STORE}), or
     * {@code +=} it ({@link #ADD}): the backward pass's moves between Winograd's polyphase planes
     * and the maps, whose rows (7 tiles for a 14x14 map) are too short for vectors along them. The
     * vector version gathers a vector's worth of {@code idx} at a time; a copy or one addition per
     * element rounds the same either way.
     *
     * <p>The JDK's gather ({@code FloatVector.fromArray(species, a, offset, indexMap, mapOffset)})
     * is only fast where C2 compiled it with a profile: it looks the index species up through
     * {@code IntVector.species}, which is not force-inlined, and not inlined the gather's intrinsic
     * fails and it runs its Java fallback, about 5 times slower (measured on JDK 17; JDK 25 has the
     * same lookup). The forward pass, inference's only move, therefore uses {@link #interleave}; in
     * training the gather is deoptimised and compiled again as its other modes appear, and no
     * training process has been seen slow (4 December 2026, docs/BENCHMARKS.md).
     */
    static void gather(float[] src, int srcOff, int[] idx, int idxOff, float[] dst, int dstOff, int n, int mode) {
        int p = VECTOR ? VectorConvKernels.gather(src, srcOff, idx, idxOff, dst, dstOff, n, mode) : 0;
        switch (mode) {
            case STORE:
                for (; p < n; p++) {
                    dst[dstOff + p] = src[srcOff + idx[idxOff + p]];
                }
                break;
            case ADD:
                for (; p < n; p++) {
                    dst[dstOff + p] += src[srcOff + idx[idxOff + p]];
                }
                break;
            default:
                throw new IllegalArgumentException("gather: mode " + mode);
        }
    }

    /**
     * Writes the oh x ow map at {@code dst[dstOff..]} ({@link #STORE}), or its ReLU
     * ({@link #STORE_RELU}), from its four polyphase planes, {@code ps} apart:
     * {@code dst[(2u + a)*ow + 2t + b]} is {@code src[srcOff + (a*2 + b)*ps + u*tilesW + t]}, what
     * falls outside the map dropped. Rows in ascending order; the vector version zips half a
     * vector from each of a row's two planes per store, and stores whole vectors while they end
     * inside the map (the next row overwrites what lands past a row), reading up to a vector's
     * lanes past the last plane row when src has them.
     *
     * <p>This replaced {@link #gather} in the forward pass, whose gather ran about 5 times slower in
     * 4 of 10 JVMs running inference with the kernelspec's options: those where C2 compiled it
     * without a profile (see there). In a micro-benchmark of the lecture's 14x14 maps the zip took
     * about 100 ns a map against the gather's 80-100 at its best; it takes that in every JVM.
     */
    static void interleave(float[] src, int srcOff, int ps, int tilesW, float[] dst, int dstOff, int oh, int ow, int mode) {
        if (mode != STORE && mode != STORE_RELU) {
            throw new IllegalArgumentException("interleave: mode " + mode + ", expected STORE or STORE_RELU");
        }
        int limit = dstOff + oh * ow;
        for (int i = 0; i < oh; i++) {
            int s0 = srcOff + (i & 1) * 2 * ps + (i >> 1) * tilesW;
            int s1 = s0 + ps;
            int d = dstOff + i * ow;
            int j = VECTOR ? VectorConvKernels.interleaveRow(src, s0, s1, dst, d, ow, limit, mode) : 0;
            for (; j < ow; j++) {
                float v = src[((j & 1) == 0 ? s0 : s1) + (j >> 1)];
                dst[d + j] = mode == STORE ? v : Elementwise.relu(v);
            }
        }
    }

    /**
     * {@code V = B^T d B} for {@code n} tiles (F(2x2, 3x3)):
     * {@code B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]}, rows first.
     */
    static void input(float[] q, int qOff, int ps, int rs, float[] v, int vOff, int es, int n) {
        int i = VECTOR ? VectorConvKernels.input(q, qOff, ps, rs, v, vOff, es, n) : 0;
        // plane (r%2, c%2, c/2) of row r's value c
        int p00 = qOff, p01 = qOff + 2 * ps, p02 = qOff + ps, p03 = qOff + 3 * ps;
        int p10 = qOff + 4 * ps, p11 = qOff + 6 * ps, p12 = qOff + 5 * ps, p13 = qOff + 7 * ps;
        int p20 = p00 + rs, p21 = p01 + rs, p22 = p02 + rs, p23 = p03 + rs;
        int p30 = p10 + rs, p31 = p11 + rs, p32 = p12 + rs, p33 = p13 + rs;
        for (; i < n; i++) {
            float d00 = q[p00 + i], d01 = q[p01 + i], d02 = q[p02 + i], d03 = q[p03 + i];
            float d10 = q[p10 + i], d11 = q[p11 + i], d12 = q[p12 + i], d13 = q[p13 + i];
            float d20 = q[p20 + i], d21 = q[p21 + i], d22 = q[p22 + i], d23 = q[p23 + i];
            float d30 = q[p30 + i], d31 = q[p31 + i], d32 = q[p32 + i], d33 = q[p33 + i];
            float a00 = d00 - d02, a01 = d01 + d02, a02 = d02 - d01, a03 = d01 - d03;
            float a10 = d10 - d12, a11 = d11 + d12, a12 = d12 - d11, a13 = d11 - d13;
            float a20 = d20 - d22, a21 = d21 + d22, a22 = d22 - d21, a23 = d21 - d23;
            float a30 = d30 - d32, a31 = d31 + d32, a32 = d32 - d31, a33 = d31 - d33;
            int t = vOff + i;
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

    /**
     * {@code Y = A^T M A + bias} for {@code n} tiles (F(2x2, 3x3)):
     * {@code A^T = [1 1 1 0; 0 1 -1 -1]}, rows first; Y's four planes {@code ps} apart.
     */
    static void output(float[] mm, int mOff, int es, float bias, float[] y, int yOff, int ps, int n) {
        int i = VECTOR ? VectorConvKernels.output(mm, mOff, es, bias, y, yOff, ps, n) : 0;
        for (; i < n; i++) {
            int t = mOff + i;
            float m00 = mm[t], m01 = mm[t + es], m02 = mm[t + 2 * es], m03 = mm[t + 3 * es];
            float m10 = mm[t + 4 * es], m11 = mm[t + 5 * es], m12 = mm[t + 6 * es], m13 = mm[t + 7 * es];
            float m20 = mm[t + 8 * es], m21 = mm[t + 9 * es], m22 = mm[t + 10 * es], m23 = mm[t + 11 * es];
            float m30 = mm[t + 12 * es], m31 = mm[t + 13 * es], m32 = mm[t + 14 * es], m33 = mm[t + 15 * es];
            float s00 = m00 + m01 + m02, s01 = m01 - m02 - m03;
            float s10 = m10 + m11 + m12, s11 = m11 - m12 - m13;
            float s20 = m20 + m21 + m22, s21 = m21 - m22 - m23;
            float s30 = m30 + m31 + m32, s31 = m31 - m32 - m33;
            int o = yOff + i;
            y[o] = s00 + s10 + s20 + bias;
            y[o + ps] = s01 + s11 + s21 + bias;
            y[o + 2 * ps] = s10 - s20 - s30 + bias;
            y[o + 3 * ps] = s11 - s21 - s31 + bias;
        }
    }

    /**
     * {@code D = A g A^T} for {@code n} tiles of the output gradient (F(3x3, 2x2), the weight
     * gradient): {@code A = [1 0; 1 1; 1 -1; 0 -1]}, rows first; g's four planes {@code ps} apart.
     */
    static void outputGradient(float[] g, int gOff, int ps, float[] d, int dOff, int es, int n) {
        int i = VECTOR ? VectorConvKernels.outputGradient(g, gOff, ps, d, dOff, es, n) : 0;
        for (; i < n; i++) {
            int s = gOff + i;
            float g00 = g[s], g01 = g[s + ps], g10 = g[s + 2 * ps], g11 = g[s + 3 * ps];
            // rows: (g0, g0 + g1, g0 - g1, -g1)
            float r00 = g00, r01 = g00 + g01, r02 = g00 - g01, r03 = -g01;
            float r10 = g10, r11 = g10 + g11, r12 = g10 - g11, r13 = -g11;
            int t = dOff + i;
            d[t] = r00;
            d[t + es] = r01;
            d[t + 2 * es] = r02;
            d[t + 3 * es] = r03;
            d[t + 4 * es] = r00 + r10;
            d[t + 5 * es] = r01 + r11;
            d[t + 6 * es] = r02 + r12;
            d[t + 7 * es] = r03 + r13;
            d[t + 8 * es] = r00 - r10;
            d[t + 9 * es] = r01 - r11;
            d[t + 10 * es] = r02 - r12;
            d[t + 11 * es] = r03 - r13;
            d[t + 12 * es] = -r10;
            d[t + 13 * es] = -r11;
            d[t + 14 * es] = -r12;
            d[t + 15 * es] = -r13;
        }
    }

    /**
     * {@code out[outOff + a*kw + b] += sum_i g[gOff + i] * x[xOff + a*pw + b + i]} over
     * {@code i < n}, for every {@code a < kh}, {@code b < kw}: the kernel-sized correlation of
     * two planes that the direct weight gradient adds up ({@link Convolution}). Each sum is one
     * dot product, computed in a fixed order for a given kernel (the Vector API version, which
     * runs when n is a multiple of its lane count, keeps per-lane partial sums and fuses multiply
     * and add, so it rounds differently from the scalar loop; either gives the same bits for any
     * thread count). {@code scratch}: at least {@link #CORRELATE_SCRATCH} floats of the caller's.
     */
    static void correlate(float[] g, int gOff, float[] x, int xOff, int n, int pw, int kh, int kw,
                          float[] out, int outOff, float[] scratch) {
        if (VECTOR && n % VectorConvKernels.lanes() == 0) {
            VectorConvKernels.correlate(g, gOff, x, xOff, n, pw, kh, kw, out, outOff, scratch);
            return;
        }
        for (int a = 0; a < kh; a++) {
            for (int b = 0; b < kw; b++) {
                int xs = xOff + a * pw + b;
                float s = 0f;
                for (int i = 0; i < n; i++) {
                    s += g[gOff + i] * x[xs + i];
                }
                out[outOff + a * kw + b] += s;
            }
        }
    }
}
