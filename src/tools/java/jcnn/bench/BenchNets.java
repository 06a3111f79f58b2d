package jcnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import jcnn.nn.F;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;

/**
 * The two benchmark networks written directly on {@link F} operations (so the benchmark
 * measures the engine), with PyTorch's default initialisation (weights and biases uniform in
 * +-1/sqrt(fan_in)) and a hand-written Adam; bench/torch_bench.py defines the same networks.
 *
 * <pre>
 * LeNet-5:  conv 6 5x5 pad 2, relu, maxpool 2, conv 16 5x5, relu, maxpool 2, flatten,
 *           dense 120, relu, dense 84, relu, dense 10
 * lecture:  conv 32 3x3 pad 1, relu, maxpool 2, conv 64 3x3 pad 1, relu, maxpool 2, flatten,
 *           dropout 0.5, dense 128, relu, dense 10
 * </pre>
 */
final class BenchNets {
    private BenchNets() {
    }

    /**
     * {@code count} fixed batches of {@code batch} random 1×28×28 images ({@code Tensor.rand(100 + b, ...)})
     * with random labels 0..9 (seed 7): the synthetic input of the step benchmarks (SpeedStep, StepAB),
     * so that they time the same work as bench/speed_step.py.
     */
    record RandomBatches(Tensor[] images, int[][] labels) {
        static RandomBatches of(int count, int batch) {
            SplittableRandom random = new SplittableRandom(7);
            Tensor[] xs = new Tensor[count];
            int[][] ys = new int[count][batch];
            for (int b = 0; b < count; b++) {
                xs[b] = Tensor.rand(100 + b, batch, 1, 28, 28);
                for (int i = 0; i < batch; i++) {
                    ys[b][i] = random.nextInt(10);
                }
            }
            return new RandomBatches(xs, ys);
        }
    }

    /** A network: its parameters and its forward pass. */
    abstract static class Net {
        final List<Tensor> params = new ArrayList<>();
        private long seed;

        Net(long seed) {
            this.seed = seed;
        }

        Tensor param(float bound, int... shape) {
            Tensor t = Tensor.uniform(seed++, -bound, bound, shape).requiresGrad();
            params.add(t);
            return t;
        }

        Tensor[] conv(int in, int out, int kernel) {
            float bound = (float) (1 / Math.sqrt(in * kernel * kernel));
            return new Tensor[] {param(bound, out, in, kernel, kernel), param(bound, out)};
        }

        Tensor[] dense(int in, int out) {
            float bound = (float) (1 / Math.sqrt(in));
            return new Tensor[] {param(bound, out, in), param(bound, out)};
        }

        abstract Tensor forward(Tensor x, boolean training, long step);
    }

    static Net create(String name, long seed) {
        switch (name) {
            case "lenet":
                return new LeNet5(seed);
            case "lecture":
                return new Lecture(seed);
            default:
                throw new IllegalArgumentException("bench: unknown network '" + name + "'; expected lenet or lecture");
        }
    }

    static final class LeNet5 extends Net {
        final Tensor[] conv1 = conv(1, 6, 5);
        final Tensor[] conv2 = conv(6, 16, 5);
        final Tensor[] fc1 = dense(400, 120);
        final Tensor[] fc2 = dense(120, 84);
        final Tensor[] fc3 = dense(84, 10);

        LeNet5(long seed) {
            super(seed);
        }

        @Override
        Tensor forward(Tensor x, boolean training, long step) {
            Tensor h = F.maxPool2d(F.relu(F.conv2d(x, conv1[0], conv1[1], 1, 2)), 2, 2);
            h = F.maxPool2d(F.relu(F.conv2d(h, conv2[0], conv2[1], 1, 0)), 2, 2);
            h = F.flatten(h);
            h = F.relu(F.linear(h, fc1[0], fc1[1]));
            h = F.relu(F.linear(h, fc2[0], fc2[1]));
            return F.linear(h, fc3[0], fc3[1]);
        }
    }

    static final class Lecture extends Net {
        final Tensor[] conv1 = conv(1, 32, 3);
        final Tensor[] conv2 = conv(32, 64, 3);
        final Tensor[] fc1 = dense(64 * 7 * 7, 128);
        final Tensor[] fc2 = dense(128, 10);

        Lecture(long seed) {
            super(seed);
        }

        @Override
        Tensor forward(Tensor x, boolean training, long step) {
            Tensor h = F.maxPool2d(F.relu(F.conv2d(x, conv1[0], conv1[1], 1, 1)), 2, 2);
            h = F.maxPool2d(F.relu(F.conv2d(h, conv2[0], conv2[1], 1, 1)), 2, 2);
            h = F.dropout(F.flatten(h), 0.5f, training, 0x5eed0000L + step);
            h = F.relu(F.linear(h, fc1[0], fc1[1]));
            return F.linear(h, fc2[0], fc2[1]);
        }
    }

    /** Adam (Kingma and Ba) with PyTorch's defaults: betas 0.9, 0.999, eps 1e-8. */
    static final class Adam {
        private final List<Tensor> params;
        private final float[][] m;
        private final float[][] v;
        private final float lr;
        private int t;

        Adam(List<Tensor> params, float lr) {
            this.params = params;
            this.lr = lr;
            m = new float[params.size()][];
            v = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                m[i] = new float[params.get(i).numel()];
                v[i] = new float[params.get(i).numel()];
            }
        }

        /**
         * One update from the accumulated gradients, which it then clears: the same arithmetic
         * as {@code jcnn.optim.Adam} (both bias corrections folded into the step size and ε),
         * through the same vectorised kernel.
         */
        void step() {
            t++;
            float c1 = (float) (1 - Math.pow(0.9, t));
            float c2 = (float) (1 - Math.pow(0.999, t));
            float stepSize = (float) (lr * Math.sqrt(c2) / c1);
            float eps = (float) (1e-8 * Math.sqrt(c2));
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                jcnn.tensor.backend.OptimizerKernels.adam(TensorInternals.data(p), TensorInternals.data(grad), m[i], v[i],
                        0.9f, (float) (1 - 0.9), 0.999f, (float) (1 - 0.999), stepSize, eps);
                p.zeroGrad();
            }
        }
    }
}
