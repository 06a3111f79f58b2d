package jcnn.train;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;

/**
 * Stochastic gradient descent, optionally with momentum (PyTorch's form):
 * <pre>
 *   v ← momentum·v + g
 *   w ← w − rate·v
 * </pre>
 * With momentum 0 this is {@code w ← w − rate·g}.
 */
public final class Sgd implements Optimizer {
    private final double learningRate;
    private double momentum;
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
            if (grad == null) {
                continue;
            }
            float[] w = t.data();
            float[] g = grad.data();
            if (m == 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * g[i];
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
        return "sgd(" + learningRate + ")" + (momentum != 0 ? ".momentum(" + momentum + ")" : "");
    }
}
