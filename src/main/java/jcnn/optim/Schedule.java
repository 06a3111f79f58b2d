package jcnn.optim;

/**
 * The learning rate per epoch (epochs count from 1), from the optimizer's base rate. Made by
 * {@link Optimizers}: {@code step}, {@code exponential}, {@code cosine}, {@code reduceOnPlateau},
 * and {@code warmupCosine}, which changes the rate at every batch ({@link #rate(double, int, int, int)}).
 * A schedule that reacts to the loss (reduce-on-plateau) is told each epoch's monitored loss
 * through {@link #observe}; the trainer calls {@link #reset} at the start of every run.
 */
@FunctionalInterface
public interface Schedule {
    double rate(double baseRate, int epoch);

    /**
     * The rate of batch {@code batch} (from 0) of the {@code batches} in epoch {@code epoch}; the
     * trainer asks it before every step. By default the epoch's {@link #rate(double, int)}, the
     * same for all its batches; a schedule that changes within an epoch overrides it.
     */
    default double rate(double baseRate, int epoch, int batch, int batches) {
        return rate(baseRate, epoch);
    }

    /**
     * Told after epoch {@code epoch} the loss the trainer monitors (validation loss, else the
     * training loss); the next epoch's {@link #rate} may depend on it.
     */
    default void observe(int epoch, double loss) {
    }

    /** Forgets what {@link #observe} was told (a new run). */
    default void reset() {
    }

    /** The base rate throughout. */
    static Schedule constant() {
        return (base, epoch) -> base;
    }
}
