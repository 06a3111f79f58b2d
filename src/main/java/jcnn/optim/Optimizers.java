package jcnn.optim;

/**
 * The optimizers and schedules a training run is configured with; import statically:
 * {@code .optimizer(sgd(0.01).momentum(0.9).nesterov())}, {@code .optimizer(adam(1e-3))},
 * {@code .optimizer(adamW(1e-3).weightDecay(0.05))}, {@code .optimizer(rmsprop(1e-3))},
 * {@code .schedule(step(2, 0.5))}, {@code .schedule(cosine(5))}, {@code .schedule(exponential(0.9))},
 * {@code .schedule(reduceOnPlateau(0.5, 1))}, {@code .schedule(warmupCosine(5, 0.5))} (per batch). Each is one class following PyTorch 1.13's update
 * rule, checked against numbers PyTorch computed.
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

    /** AdamW at {@code learningRate}: Adam with decoupled weight decay (0.01 unless {@code .weightDecay(d)}), weights only. */
    public static AdamW adamW(double learningRate) {
        return new AdamW(learningRate);
    }

    /** RMSprop at {@code learningRate} (alpha 0.99; add {@code .momentum(m)}). */
    public static RmsProp rmsprop(double learningRate) {
        return new RmsProp(learningRate);
    }

    /** Cosine annealing from the base rate to 0 over {@code epochs} epochs (see {@link CosineSchedule}). */
    public static CosineSchedule cosine(int epochs) {
        return new CosineSchedule(epochs, 0);
    }

    /** Cosine annealing from the base rate to {@code minRate} over {@code epochs} epochs. */
    public static CosineSchedule cosine(int epochs, double minRate) {
        return new CosineSchedule(epochs, minRate);
    }

    /**
     * Linear warm-up over {@code warmupEpochs} epochs (a fraction is fine: 0.5), then cosine
     * annealing to 0 at the end of epoch {@code epochs}, changed at every batch (see {@link WarmupCosineSchedule}).
     */
    public static WarmupCosineSchedule warmupCosine(int epochs, double warmupEpochs) {
        return new WarmupCosineSchedule(epochs, warmupEpochs, 0);
    }

    /** As {@link #warmupCosine(int, double)}, annealing to {@code minRate}. */
    public static WarmupCosineSchedule warmupCosine(int epochs, double warmupEpochs, double minRate) {
        return new WarmupCosineSchedule(epochs, warmupEpochs, minRate);
    }

    /** The rate times {@code gamma} after every epoch (see {@link ExponentialSchedule}). */
    public static ExponentialSchedule exponential(double gamma) {
        return new ExponentialSchedule(gamma);
    }

    /** The rate times {@code factor} when the loss has not improved for more than {@code patience} epochs (see {@link ReduceOnPlateau}). */
    public static ReduceOnPlateau reduceOnPlateau(double factor, int patience) {
        return new ReduceOnPlateau(factor, patience);
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
