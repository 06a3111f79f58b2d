package jcnn.optim;

/**
 * The learning rate per epoch (epochs count from 1), from the optimizer's base rate. Made by
 * {@link Optimizers}: {@code step}, {@code exponential}, {@code cosine}, {@code reduceOnPlateau}.
 * A schedule that reacts to the loss (reduce-on-plateau) is told each epoch's monitored loss
 * through {@link #observe}; the trainer calls {@link #reset} at the start of every run.
 */
@FunctionalInterface
public interface Schedule {
    double rate(double baseRate, int epoch);

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
