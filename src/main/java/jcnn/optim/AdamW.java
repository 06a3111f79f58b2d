package jcnn.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcnn.nn.Parameter;

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
 * Adam's vectorised kernel with float moments; checked against PyTorch 1.13 (OptimizerReferenceTest).
 */
public final class AdamW implements Optimizer {
    private final double learningRate;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double weightDecay = 0.01;
    private final Map<Parameter, float[][]> moments = new IdentityHashMap<>();
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
        Adam.update(moments, parameters, rate, t, beta1, beta2, epsilon, weightDecay);
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
