package jcnn.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.OptimizerKernels;

/**
 * RMSprop (Hinton's lecture 6e), as PyTorch's {@code torch.optim.RMSprop} (not centred):
 * <pre>
 *   s ← α·s + (1 − α)·g²
 *   without momentum:  w ← w − rate · g / (sqrt(s) + ε)
 *   with momentum μ:   b ← μ·b + g / (sqrt(s) + ε);   w ← w − rate·b
 * </pre>
 * Defaults α = 0.99, ε = 1e-8, μ = 0 (PyTorch's). A vectorised kernel with float state; checked against
 * PyTorch 1.13 (OptimizerReferenceTest).
 */
public final class RmsProp implements Optimizer {
    private final double learningRate;
    private double alpha = 0.99;
    private double epsilon = 1e-8;
    private double momentum;
    private final Map<Parameter, float[][]> state = new IdentityHashMap<>();

    RmsProp(double learningRate) {
        Optimizers.checkRate(learningRate);
        this.learningRate = learningRate;
    }

    /** Decay of the mean square, in [0, 1) (default 0.99). */
    public RmsProp alpha(double alpha) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("rmsprop: alpha must be in [0, 1) but got " + alpha + "; 0.99 is PyTorch's default");
        }
        this.alpha = alpha;
        return this;
    }

    /** Momentum in [0, 1) (default 0). */
    public RmsProp momentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("rmsprop: momentum must be in [0, 1) but got " + momentum + "; try 0.9 or 0");
        }
        this.momentum = momentum;
        return this;
    }

    public RmsProp epsilon(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("rmsprop: epsilon must be > 0 but got " + epsilon + "; 1e-8 is usual");
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
        float a = (float) alpha;
        float oneMinusAlpha = (float) (1 - alpha);  // in double, as Adam's 1 − β
        for (Parameter p : parameters) {
            Tensor tensor = p.tensor();
            Tensor grad = tensor.grad();
            if (grad == null || !p.isTrainable()) {
                continue;
            }
            float[] w = TensorInternals.data(tensor);
            float[] g = TensorInternals.data(grad);
            float[][] sb = state.computeIfAbsent(p, k -> new float[][] {new float[w.length], momentum > 0 ? new float[w.length] : null});
            if (momentum > 0 && sb[1] == null) {
                sb[1] = new float[w.length];  // momentum set after the first steps
            }
            OptimizerKernels.rmsprop(w, g, sb[0], momentum > 0 ? sb[1] : null, a, oneMinusAlpha, (float) momentum,
                    (float) rate, (float) epsilon);
        }
    }

    @Override
    public void reset() {
        state.clear();
    }

    @Override
    public String toString() {
        return "rmsprop(" + learningRate + ")" + (alpha != 0.99 ? ".alpha(" + alpha + ")" : "")
                + (momentum != 0 ? ".momentum(" + momentum + ")" : "");
    }
}
