package jcnn.optim;

/**
 * Cosine annealing (Loshchilov and Hutter 2017, without restarts), as PyTorch's
 * {@code CosineAnnealingLR}: over {@code epochs} epochs the rate falls from the base rate to
 * {@code minRate} along half a cosine,
 * <pre>
 *   rate(epoch) = minRate + (base − minRate) · (1 + cos(π·(epoch − 1)/epochs)) / 2
 * </pre>
 * and, past {@code epochs}, rises again along the same cosine (as PyTorch's closed form). Made by
 * {@code Optimizers.cosine(epochs)}; checked against PyTorch 1.13 (ScheduleReferenceTest).
 */
public final class CosineSchedule implements Schedule {
    private final int epochs;
    private final double minRate;

    CosineSchedule(int epochs, double minRate) {
        if (epochs < 1) {
            throw new IllegalArgumentException("cosine: epochs must be >= 1 but got " + epochs + "; use the run's number of epochs");
        }
        if (!(minRate >= 0) || Double.isInfinite(minRate)) {
            throw new IllegalArgumentException("cosine: minRate must be >= 0 but got " + minRate + "; 0 anneals to zero");
        }
        this.epochs = epochs;
        this.minRate = minRate;
    }

    @Override
    public double rate(double base, int epoch) {
        return minRate + (base - minRate) * (1 + Math.cos(Math.PI * (epoch - 1) / epochs)) / 2;
    }

    @Override
    public String toString() {
        return "cosine(" + epochs + (minRate != 0 ? ", " + minRate : "") + ")";
    }
}
