package jcnn.optim;

/**
 * Lowers the rate when the monitored loss stops improving, as PyTorch's {@code ReduceLROnPlateau}
 * (mode "min", relative threshold 1e-4, no cooldown): after each epoch, a loss below
 * {@code best·(1 − 1e-4)} is an improvement; after more than {@code patience} epochs in a row
 * without one, the rate is multiplied by {@code factor} (not below {@code minRate}) and the count
 * restarts. The trainer monitors the validation loss, else the training loss. Made by
 * {@code Optimizers.reduceOnPlateau(factor, patience)}; checked against PyTorch 1.13
 * (ScheduleReferenceTest).
 */
public final class ReduceOnPlateau implements Schedule {
    /** PyTorch's relative improvement threshold. */
    static final double THRESHOLD = 1e-4;

    private final double factor;
    private final int patience;
    private double minRate;
    private double scale = 1;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;

    ReduceOnPlateau(double factor, int patience) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("reduceOnPlateau: factor must be in (0, 1) but got " + factor + "; 0.1 or 0.5 are usual");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("reduceOnPlateau: patience must be >= 0 epochs but got " + patience + "; try 2");
        }
        this.factor = factor;
        this.patience = patience;
    }

    /** The rate never goes below this (default 0). */
    public ReduceOnPlateau minRate(double minRate) {
        if (!(minRate >= 0)) {
            throw new IllegalArgumentException("reduceOnPlateau: minRate must be >= 0 but got " + minRate);
        }
        this.minRate = minRate;
        return this;
    }

    @Override
    public double rate(double base, int epoch) {
        return Math.max(base * scale, Math.min(base, minRate));
    }

    @Override
    public void observe(int epoch, double loss) {
        if (loss < best * (1 - THRESHOLD)) {
            best = loss;
            bad = 0;
        } else if (++bad > patience) {
            scale *= factor;
            bad = 0;
        }
    }

    @Override
    public void reset() {
        scale = 1;
        best = Double.POSITIVE_INFINITY;
        bad = 0;
    }

    @Override
    public String toString() {
        return "reduceOnPlateau(" + factor + ", " + patience + ")";
    }
}
