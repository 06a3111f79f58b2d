package jcnn.train;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay, as PyTorch's
 * {@code torch.optim.AdamW}:
 * <pre>
 *   w ← w − rate·decay·w                       (weights only; biases and BatchNorm's beta are not decayed)
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   w ← w − rate/(1 − β1^t) · m / (sqrt(v)/sqrt(1 − β2^t) + ε)
 * </pre>
 * Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, decay 0.01 (PyTorch's). Unlike {@code l2(...)} the decay
 * does not pass through the moment estimates, so every weight shrinks by the same fraction.
 * Computed in double per value; checked against PyTorch 1.13 (AdamWTest).
 */
public final class AdamW implements Optimizer {
    private final double learningRate;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double weightDecay = 0.01;
    private final Map<Parameter, double[][]> moments = new IdentityHashMap<>();
    private int t;

    AdamW(double learningRate) {
        Optimizers.checkRate(learningRate);
        this.learningRate = learningRate;
    }

    /** Decoupled weight decay per step, as a fraction of {@code rate} (default 0.01; 0 makes this Adam). */
    public AdamW weightDecay(double decay) {
        if (!(decay >= 0) || Double.isInfinite(decay)) {
            throw new IllegalArgumentException("adamW: weight decay must be >= 0 but got " + decay + "; 0.01 is PyTorch's default");
        }
        this.weightDecay = decay;
        return this;
    }

    public AdamW betas(double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("adamW: betas must be in [0, 1) but got " + beta1 + ", " + beta2 + "; try 0.9, 0.999");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    public AdamW epsilon(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("adamW: epsilon must be > 0 but got " + epsilon + "; 1e-8 is usual");
        }
        this.epsilon = epsilon;
        return this;
    }

    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Parameter> parameters, double rate) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double sqrtC2 = Math.sqrt(1 - Math.pow(beta2, t));
        for (Parameter p : parameters) {
            Tensor tensor = p.tensor();
            Tensor grad = tensor.grad();
            if (grad == null || !p.isTrainable()) {
                continue;
            }
            float[] w = TensorInternals.data(tensor);
            float[] g = TensorInternals.data(grad);
            double[][] mv = moments.computeIfAbsent(p, k -> new double[][] {new double[w.length], new double[w.length]});
            double[] m = mv[0];
            double[] v = mv[1];
            double shrink = p.isWeight() ? 1 - rate * weightDecay : 1;
            for (int i = 0; i < w.length; i++) {
                double gi = g[i];
                double wi = w[i] * shrink;
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                w[i] = (float) (wi - rate / c1 * m[i] / (Math.sqrt(v[i]) / sqrtC2 + epsilon));
            }
        }
    }

    @Override
    public void reset() {
        moments.clear();
        t = 0;
    }

    @Override
    public String toString() {
        return "adamW(" + learningRate + ")" + (weightDecay != 0.01 ? ".weightDecay(" + weightDecay + ")" : "");
    }
}
