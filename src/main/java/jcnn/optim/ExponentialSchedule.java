package jcnn.optim;

/**
 * Exponential decay, as PyTorch's {@code ExponentialLR}: the rate is multiplied by {@code gamma}
 * after every epoch, {@code rate(epoch) = base · gamma^(epoch − 1)}. Made by
 * {@code Optimizers.exponential(gamma)}; checked against PyTorch 1.13 (ScheduleReferenceTest).
 */
public final class ExponentialSchedule implements Schedule {
    private final double gamma;

    ExponentialSchedule(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("exponential: gamma must be in (0, 1] but got " + gamma + "; 0.9 takes 10% off per epoch");
        }
        this.gamma = gamma;
    }

    @Override
    public double rate(double base, int epoch) {
        return base * Math.pow(gamma, epoch - 1);
    }

    @Override
    public String toString() {
        return "exponential(" + gamma + ")";
    }
}
