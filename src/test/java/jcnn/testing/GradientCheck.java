package jcnn.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;

/**
 * Checks an operation's hand-written backward against central differences.
 *
 * <p>The scalar under test is {@code L(x) = sum_i r_i * f(x)_i} for a fixed random projection
 * {@code r} (so every output element matters, with different weights). The analytic gradient is
 * what {@code f(x).backward(r)} accumulates; the numeric one is
 * {@code (L(x + eps e_k) - L(x - eps e_k)) / (2 eps)} for every input element k.
 *
 * <p>Precision choice: the operation runs in float32 (it is the code under test), but the
 * projection {@code L} is summed in double, and the perturbation {@code eps = 1e-2} is large
 * enough that float rounding of the outputs (relative ~1e-7, divided by 2*eps) stays small,
 * while the truncation error of central differences ({@code eps^2 f'''/6}) stays small for
 * smooth ops. The step actually taken on the float grid is used as the denominator. Agreement
 * is required to {@code |a - n| <= 1e-3 + 1e-2 * max(|a|, |n|)}. On correct gradients the worst
 * differences measured (JDK 17, the tests' inputs) were 7e-7 (softmax), 3e-5 (exp, matmul),
 * 6e-5 (conv2d, stride 2, padding 1) and 1.4e-4 (elu, whose second derivative jumps at 0);
 * a gradient 5% off, a missing input gradient or a misrouted one fails (GradientCheckTest).
 * Inputs must be small (a few hundred elements) and, for ops with kinks (relu, max pooling,
 * maxout, abs), stay more than {@code eps} away from a kink, or the difference quotient
 * straddles it.
 */
public final class GradientCheck {
    /** The perturbation. */
    public static final double EPS = 1e-2;
    /** Absolute tolerance. */
    public static final double ABS_TOL = 1e-3;
    /** Relative tolerance. */
    public static final double REL_TOL = 1e-2;

    private GradientCheck() {
    }

    /**
     * Checks {@code op}'s gradient with respect to every input.
     *
     * @param op     the operation, applied to fresh leaf copies of {@code inputs}
     * @param inputs input values (not modified)
     * @return the largest absolute difference found, for reporting
     * @throws AssertionError naming the input and element whose gradient disagrees
     */
    public static double check(Function<Tensor[], Tensor> op, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].copy().requiresGrad();
        }
        Tensor y = op.apply(leaves);
        Tensor r = Tensor.uniform(12345L, -1f, 1f, y.shape());
        y.backward(r);
        double worst = 0;
        List<String> failures = new ArrayList<>();
        for (int t = 0; t < leaves.length; t++) {
            Tensor g = leaves[t].grad();
            float[] analytic = g == null ? new float[leaves[t].numel()] : g.toArray();
            float[] x = TensorInternals.data(leaves[t]);
            for (int k = 0; k < x.length; k++) {
                float saved = x[k];
                x[k] = (float) (saved + EPS);
                double plus = projected(op, leaves, r);
                x[k] = (float) (saved - EPS);
                double minus = projected(op, leaves, r);
                // NOTE: the float grid makes the actual step differ slightly from 2*EPS; use the real one
                double step = (double) (float) (saved + EPS) - (double) (float) (saved - EPS);
                x[k] = saved;
                double numeric = (plus - minus) / step;
                double diff = Math.abs(analytic[k] - numeric);
                worst = Math.max(worst, diff);
                if (diff > ABS_TOL + REL_TOL * Math.max(Math.abs(analytic[k]), Math.abs(numeric))) {
                    failures.add(String.format(Locale.ROOT, "input %d element %d: backward gives %.6f, central differences %.6f",
                            t, k, analytic[k], numeric));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("gradient check failed at " + failures.size() + " element(s); first: "
                    + String.join("; ", failures.subList(0, Math.min(5, failures.size()))));
        }
        return worst;
    }

    /** {@code sum_i r_i * op(x)_i} in double, with no tape. */
    private static double projected(Function<Tensor[], Tensor> op, Tensor[] inputs, Tensor r) {
        try (var ignored = Tensor.noGrad()) {
            float[] y = TensorInternals.data(op.apply(inputs));
            float[] w = TensorInternals.data(r);
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) w[i] * y[i];
            }
            return s;
        }
    }
}
