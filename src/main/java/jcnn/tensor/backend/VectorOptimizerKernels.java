package jcnn.tensor.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API half of {@link OptimizerKernels}; only loaded when the module is present. */
final class VectorOptimizerKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorOptimizerKernels() {
    }

    static boolean usable() {
        return S.length() >= 4;
    }

    /** Updates whole vectors from {@code from}; returns where the scalar tail starts. */
    static int adam(float[] w, float[] g, float[] m, float[] v, float b1, float ob1, float b2, float ob2,
                    float step, float eps, float shrink, int from, int to) {
        int lanes = S.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            // same operations, same order as the scalar loop: no fused multiply-add
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(ob1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(ob2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector upd = mi.mul(step).div(vi.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i).mul(shrink).sub(upd).intoArray(w, i);
        }
        return i;
    }

    /** RMSprop's update on whole vectors from {@code from} ({@code b} null without momentum); returns where the tail starts. */
    static int rmsprop(float[] w, float[] g, float[] s, float[] b, float alpha, float oneMinusAlpha, float momentum,
                       float rate, float eps, int from, int to) {
        int lanes = S.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            // same operations, same order as the scalar loop: no fused multiply-add
            FloatVector si = FloatVector.fromArray(S, s, i).mul(alpha).add(gi.mul(oneMinusAlpha).mul(gi));
            si.intoArray(s, i);
            FloatVector d = gi.div(si.lanewise(VectorOperators.SQRT).add(eps));
            if (b != null) {
                d = FloatVector.fromArray(S, b, i).mul(momentum).add(d);
                d.intoArray(b, i);
            }
            FloatVector.fromArray(S, w, i).sub(d.mul(rate)).intoArray(w, i);
        }
        return i;
    }
}
