package jcnn.train;

/** The learning rate per epoch (epochs count from 1), from the optimizer's base rate. */
@FunctionalInterface
public interface Schedule {
    double rate(double baseRate, int epoch);

    /** The base rate throughout. */
    static Schedule constant() {
        return (base, epoch) -> base;
    }
}
