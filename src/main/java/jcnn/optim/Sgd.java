package jcnn.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;

/**
 * Stochastic gradient descent, optionally with momentum (PyTorch's form):
 * <pre>
 *   v ← momentum·v + g
 *   w ← w − rate·v
 * </pre>
 * With momentum 0 this is {@code w ← w − rate·g}. With {@link #nesterov()} (Sutskever et al. 2013,
 * PyTorch's form) the step looks ahead along the velocity: {@code w ← w − rate·(g + momentum·v)}.
 * Checked against PyTorch 1.13 (OptimizerReferenceTest).
 */
public final class Sgd implements Optimizer {
    private final double learningRate;
    private double momentum;
    private boolean nesterov;
    private final Map<Parameter, float[]> velocity = new IdentityHashMap<>();

    Sgd(double learningRate) {
        Optimizers.checkRate(learningRate);
        this.learningRate = learningRate;
    }

    /** Momentum in [0, 1), typically 0.9. */
    public Sgd momentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /**
     * Nesterov momentum: {@code w ← w − rate·(g + momentum·v)} after {@code v ← momentum·v + g}.
     *
     * @throws IllegalStateException without momentum (set {@code .momentum(0.9)} first)
     */
    public Sgd nesterov() {
        if (momentum == 0) {
            throw new IllegalStateException("sgd: nesterov needs momentum > 0 but momentum is 0; write sgd(0.1).momentum(0.9).nesterov()");
        }
        this.nesterov = true;
        return this;
    }

    public boolean isNesterov() {
        return nesterov;
    }

    public double momentum() {
        return momentum;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Parameter> parameters, double rate) {
        float lr = (float) rate;
        float m = (float) momentum;
        for (Parameter p : parameters) {
            Tensor t = p.tensor();
            Tensor grad = t.grad();
            if (grad == null || !p.isTrainable()) {
                continue;
            }
            float[] w = TensorInternals.data(t);
            float[] g = TensorInternals.data(grad);
            if (m == 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * g[i];
                }
            } else if (nesterov) {
                float[] v = velocity.computeIfAbsent(p, k -> new float[w.length]);
                for (int i = 0; i < w.length; i++) {
                    v[i] = m * v[i] + g[i];
                    w[i] -= lr * (g[i] + m * v[i]);
                }
            } else {
                float[] v = velocity.computeIfAbsent(p, k -> new float[w.length]);
                for (int i = 0; i < w.length; i++) {
                    v[i] = m * v[i] + g[i];
                    w[i] -= lr * v[i];
                }
            }
        }
    }

    @Override
    public void reset() {
        velocity.clear();
    }

    @Override
    public String toString() {
        return "sgd(" + learningRate + ")" + (momentum != 0 ? ".momentum(" + momentum + ")" : "") + (nesterov ? ".nesterov()" : "");
    }
}
