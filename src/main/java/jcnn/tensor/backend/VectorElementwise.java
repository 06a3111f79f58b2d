package jcnn.tensor.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API half of {@link Elementwise}'s ReLU loops and of {@link Pooling}'s 2 x 2 max
 * pooling; only loaded when the module is present. Every kernel does the scalar loop's IEEE
 * operations (compares, blends, multiplies, adds) lane by lane, so the bits are the same.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    /** Lanes 0..L/2-1 take the even lanes (the windows' results); the upper half is garbage. */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> (2 * i) % S.length());
    private static final VectorShuffle<Integer> EVENS_I = VectorShuffle.fromOp(I, i -> (2 * i) % I.length());
    /** 0, 2, 4, ...: the window starts of the lanes 0..L/2-1 after {@link #EVENS}, relative to the first. */
    private static final IntVector TWICE_IOTA = IntVector.fromArray(I, twiceIota(I.length()), 0);

    private VectorElementwise() {
    }

    static boolean usable() {
        return S.length() >= 4 && I.length() == S.length();
    }

    private static int[] twiceIota(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = 2 * i;
        }
        return out;
    }

    /** {@code y[i] = relu(in[i])} on whole vectors from {@code from} ({@code +0} for NaN and -0); returns where the tail starts. */
    static int relu(float[] in, float[] y, int from, int to) {
        int lanes = S.length();
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            FloatVector v = FloatVector.fromArray(S, in, i);
            // x > 0 keeps x; 0, -0, negatives and NaN give +0: Elementwise.relu's bits
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        return i;
    }

    /**
     * {@code gx[i] += dy[i] · step(y[i])} with {@code step(r) = min(r·2¹⁰⁰·2¹⁰⁰, 1)} on whole
     * vectors from {@code from} (the scalar loop's operations, in its order); returns where the tail starts.
     */
    static int reluBackward(float[] dy, float[] y, float[] gx, int from, int to) {
        int lanes = S.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            FloatVector step = FloatVector.fromArray(S, y, i).mul(0x1p100f).mul(0x1p100f).min(1f);
            FloatVector.fromArray(S, gx, i).add(FloatVector.fromArray(S, dy, i).mul(step)).intoArray(gx, i);
        }
        return i;
    }

    /**
     * 2 x 2, stride 2 max pooling of one output row, from its first window while whole vectors
     * fit: per L/2 windows, four loads (top-left, top-right, bottom-left, bottom-right corners of
     * L/2 windows side by side sit in the even lanes of loads at s, s + 1, s + W, s + W + 1), the
     * general rule "a later element takes over unless it is &lt;= the maximum so far" as three
     * compares and blends, one permutation to bring the even lanes down, and a whole-vector store
     * whose upper half is garbage that a later store (the rest of the row, the next row) replaces.
     * Stops where a store would pass {@code outLimit} (the caller's chunk: other threads write
     * beyond it) or a load would pass the input's end; returns the first window not written.
     *
     * @param s       input index of the row's first window's top-left element
     * @param argShift added to every index written to argmax
     * @param o       output index of the row's first window
     */
    static int maxPoolRow(float[] x, int s, int width, int outWidth, float[] y, int[] argmax, int argShift, int o,
                          int outLimit) {
        int lanes = S.length();
        int half = lanes / 2;
        int j = 0;
        int inLimit = x.length - width - lanes;   // the last load reads x[s + width + 1 .. s + width + lanes]
        while (j < outWidth && o + lanes <= outLimit && s < inLimit) {
            FloatVector x0 = FloatVector.fromArray(S, x, s);
            FloatVector x1 = FloatVector.fromArray(S, x, s + 1);
            FloatVector x2 = FloatVector.fromArray(S, x, s + width);
            FloatVector x3 = FloatVector.fromArray(S, x, s + width + 1);
            VectorMask<Float> t1 = x1.compare(VectorOperators.LE, x0).not();
            FloatVector m = x0.blend(x1, t1);
            VectorMask<Float> t2 = x2.compare(VectorOperators.LE, m).not();
            m = m.blend(x2, t2);
            VectorMask<Float> t3 = x3.compare(VectorOperators.LE, m).not();
            m = m.blend(x3, t3);
            m.rearrange(EVENS).intoArray(y, o);
            if (argmax != null) {
                // the winner's offset from the window's top-left element, 0, 1, W or W + 1, blended as
                // ints (F2I conversion of float offsets was 7x slower on JDK 17: not intrinsified)
                IntVector off = IntVector.zero(I).blend(1, t1.cast(I)).blend(width, t2.cast(I)).blend(width + 1, t3.cast(I));
                off.rearrange(EVENS_I).add(TWICE_IOTA).add(s + argShift).intoArray(argmax, o);
            }
            j += half;
            s += lanes;
            o += half;
        }
        return j;
    }
}
