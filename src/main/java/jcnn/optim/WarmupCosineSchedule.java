package jcnn.optim;

/**
 * A linear warm-up, then cosine annealing, changed at every batch (not once per epoch): over
 * the first {@code warmupEpochs} epochs' worth of steps the rate climbs linearly to the base rate,
 * then falls along half a cosine to {@code minRate} at the last step of epoch {@code epochs}.
 * With {@code S = epochs · batches} steps in all, {@code W = round(warmupEpochs · batches)} of
 * them warm-up, and step {@code s = (epoch − 1) · batches + batch} (from 0),
 * <pre>
 *   rate(s) = base · (s + 1) / W                                          for s &lt; W
 *   rate(s) = minRate + (base − minRate) · (1 + cos(π·(s − W)/(S − W))) / 2   otherwise
 * </pre>
 * which is PyTorch 1.13's {@code SequentialLR([LinearLR(start_factor=1/W, total_iters=W−1),
 * CosineAnnealingLR(T_max=S−W, eta_min=minRate)], milestones=[W])} stepped after every batch
 * (checked against numbers it computed, ScheduleReferenceTest). A short warm-up lets adaptive
 * optimizers start at a higher rate, and annealing to the very last step, rather than holding
 * each epoch's rate, is what makes a few epochs count. Past epoch {@code epochs} the rate stays
 * at {@code minRate}. Made by {@code Optimizers.warmupCosine(epochs, warmupEpochs)}.
 */
public final class WarmupCosineSchedule implements Schedule {
    private final int epochs;
    private final double warmupEpochs;
    private final double minRate;

    WarmupCosineSchedule(int epochs, double warmupEpochs, double minRate) {
        if (epochs < 1) {
            throw new IllegalArgumentException("warmupCosine: epochs must be >= 1 but got " + epochs
                    + "; use the run's number of epochs");
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
            throw new IllegalArgumentException("warmupCosine: warmupEpochs must be >= 0 and < epochs (" + epochs + ") but got "
                    + warmupEpochs + "; a fraction of the first epoch, e.g. 0.5, is usual");
        }
        if (!(minRate >= 0) || Double.isInfinite(minRate)) {
            throw new IllegalArgumentException("warmupCosine: minRate must be >= 0 but got " + minRate + "; 0 anneals to zero");
        }
        this.epochs = epochs;
        this.warmupEpochs = warmupEpochs;
        this.minRate = minRate;
    }

    @Override
    public double rate(double base, int epoch, int batch, int batches) {
        if (batches < 1 || batch < 0 || batch >= batches) {
            throw new IllegalArgumentException("warmupCosine: batch must be in 0.." + (batches - 1) + " but got " + batch);
        }
        long total = (long) epochs * batches;
        long warmup = Math.min(Math.round(warmupEpochs * batches), total - 1);
        long s = (long) (epoch - 1) * batches + batch;
        if (s >= total) {
            return minRate;
        }
        if (s < warmup) {
            return base * (s + 1) / warmup;
        }
        return minRate + (base - minRate) * (1 + Math.cos(Math.PI * (s - warmup) / (total - warmup))) / 2;
    }

    /** The rate of the epoch's first step (the trainer asks {@link #rate(double, int, int, int)} at every step). */
    @Override
    public double rate(double base, int epoch) {
        return rate(base, epoch, 0, 1);
    }

    @Override
    public String toString() {
        return "warmupCosine(" + epochs + ", " + warmupEpochs + (minRate != 0 ? ", " + minRate : "") + ")";
    }
}
