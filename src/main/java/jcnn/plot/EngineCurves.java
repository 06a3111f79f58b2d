package jcnn.plot;

import jcnn.nn.F;
import jcnn.plot.ActivationPlot.Kind;
import jcnn.tensor.Tensor;

/**
 * The activations as the engine computes them: the forward pass through {@link F} and the
 * derivative through autograd ({@code y.backward(ones)}, then {@code x.grad()}), so the pictures
 * show what training uses. Maxout is one unit with three linear pieces: the pieces
 * {@code x * slope_k + intercept_k} are a {@code (N, 3)} tensor (a matmul and an add), and
 * {@link F#maxout} takes the largest of each row.
 */
final class EngineCurves implements ActivationCurves {
    static final EngineCurves INSTANCE = new EngineCurves();

    private EngineCurves() {
    }

    @Override
    public double[][] values(Kind kind, double[] xs) {
        int n = xs.length;
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) xs[i];
        }
        Tensor x = Tensor.of(data, n, 1).requiresGrad();
        Tensor y = switch (kind) {
            case SIGMOID -> F.sigmoid(x);
            case TANH -> F.tanh(x);
            case RELU -> F.relu(x);
            case LEAKY_RELU -> F.leakyRelu(x, (float) Kind.LEAKY_SLOPE);
            case ELU -> F.elu(x, (float) Kind.ELU_ALPHA);
            case MAXOUT -> {
                int pieces = Kind.MAXOUT_SLOPES.length;
                float[] slopes = new float[pieces];
                float[] intercepts = new float[n * pieces];
                for (int k = 0; k < pieces; k++) {
                    slopes[k] = (float) Kind.MAXOUT_SLOPES[k];
                    for (int i = 0; i < n; i++) {
                        intercepts[i * pieces + k] = (float) Kind.MAXOUT_INTERCEPTS[k];
                    }
                }
                Tensor lines = x.matmul(Tensor.of(slopes, 1, pieces)).add(Tensor.of(intercepts, n, pieces));
                yield F.maxout(lines, pieces);
            }
        };
        y.backward(Tensor.ones(y.shape()));
        float[] f = y.toArray();
        float[] d = x.grad().toArray();
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = f[i];
            out[1][i] = d[i];
        }
        return out;
    }

    @Override
    public String source() {
        return "computed by jcnn.nn.F, derivatives by autograd";
    }
}
