package jcnn.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.OptimizerKernels;

/**
 * Adam (Kingma and Ba 2015), with bias correction, as in PyTorch:
 * <pre>
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   w ← w − rate · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)
 * </pre>
 * Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8.
 */
public final class Adam implements Optimizer {
    private final double learningRate;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private final Map<Parameter, float[][]> moments = new IdentityHashMap<>();
    private int t;

    Adam(double learningRate) {
        Optimizers.checkRate(learningRate);
        this.learningRate = learningRate;
    }

    public Adam betas(double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    public Adam epsilon(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
        return this;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Parameter> parameters, double rate) {
        t++;
        update(moments, parameters, rate, t, beta1, beta2, epsilon, 0);
    }

    /**
     * One Adam step at step count {@code t} over the parameters with a gradient, with decoupled
     * weight decay {@code decay} on weights (AdamW; 0 for Adam); {@code moments} holds m and v
     * per parameter, in float.
     */
    static void update(Map<Parameter, float[][]> moments, List<Parameter> parameters, double rate, int t,
                       double beta1, double beta2, double epsilon, double decay) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        // NOTE: 1 − β in double: 1 − 0.999f in float is off by 1.3e-5 relative
        float ob1 = (float) (1 - beta1);
        float ob2 = (float) (1 - beta2);
        float c1 = (float) (1 - Math.pow(beta1, t));
        float c2 = (float) (1 - Math.pow(beta2, t));
        // NOTE: folds both bias corrections into one step size: rate·sqrt(c2)/c1, ε scaled to match
        float step = (float) (rate * Math.sqrt(c2) / c1);
        float eps = (float) (epsilon * Math.sqrt(c2));
        float shrink = (float) (1 - rate * decay);
        for (Parameter p : parameters) {
            Tensor tensor = p.tensor();
            Tensor grad = tensor.grad();
            if (grad == null || !p.isTrainable()) {
                continue;
            }
            float[] w = TensorInternals.data(tensor);
            float[] g = TensorInternals.data(grad);
            float[][] mv = moments.computeIfAbsent(p, k -> new float[][] {new float[w.length], new float[w.length]});
            // w ← w·shrink (weights only), m ← b1·m + ob1·g, v ← b2·v + ob2·g·g, w ← w − step·m / (sqrt(v) + eps), vectorised
            OptimizerKernels.adamW(w, g, mv[0], mv[1], b1, ob1, b2, ob2, step, eps, p.isWeight() ? shrink : 1f);
        }
    }

    @Override
    public void reset() {
        moments.clear();
        t = 0;
    }

    @Override
    public String toString() {
        return "adam(" + learningRate + ")";
    }
}
