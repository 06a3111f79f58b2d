package jcnn.train;

/**
 * The optimizers and schedules a training run is configured with; import statically:
 * {@code .optimizer(sgd(0.01).momentum(0.9))}, {@code .optimizer(adam(1e-3))},
 * {@code .schedule(step(2, 0.5))}.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** Plain SGD at {@code learningRate}; add {@code .momentum(m)}. */
    public static Sgd sgd(double learningRate) {
        return new Sgd(learningRate);
    }

    /** Adam at {@code learningRate} (1e-3 is the usual start). */
    public static Adam adam(double learningRate) {
        return new Adam(learningRate);
    }

    /**
     * Step decay: the rate is multiplied by {@code factor} every {@code every} epochs, i.e.
     * {@code base · factor^floor((epoch − 1) / every)}; {@code step(2, 0.5)} halves it after epochs 2, 4 ...
     */
    public static Schedule step(int every, double factor) {
        if (every < 1) {
            throw new IllegalArgumentException("step: every must be >= 1 epoch, got " + every);
        }
        if (!(factor > 0)) {
            throw new IllegalArgumentException("step: factor must be > 0, got " + factor);
        }
        return new Schedule() {
            @Override
            public double rate(double base, int epoch) {
                return base * Math.pow(factor, (epoch - 1) / every);
            }

            @Override
            public String toString() {
                return "step(" + every + ", " + factor + ")";
            }
        };
    }

    static void checkRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + rate + "; try 1e-3 for adam, 0.01 for sgd");
        }
    }
}
