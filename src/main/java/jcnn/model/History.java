package jcnn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jcnn.plot.TrainingLog;

/**
 * What one training run recorded: the loss of every batch, and per epoch the training and
 * validation loss and accuracy and the seconds the epoch took. Returned by the trainer's
 * {@code run()}, updated while it runs (progress listeners see it grow).
 *
 * <p>Validation lists are empty when no validation data was given. Accuracies are fractions
 * in [0, 1].
 */
public final class History implements TrainingLog {
    private final List<Double> batchLoss = new ArrayList<>();
    private final List<Double> trainLoss = new ArrayList<>();
    private final List<Double> trainAccuracy = new ArrayList<>();
    private final List<Double> validationLoss = new ArrayList<>();
    private final List<Double> validationAccuracy = new ArrayList<>();
    private final List<Double> epochSeconds = new ArrayList<>();
    private final List<Double> learningRate = new ArrayList<>();

    /** Records the loss of one batch. */
    public void addBatch(double loss) {
        batchLoss.add(loss);
    }

    /**
     * Records one finished epoch. Pass {@code Double.NaN} for the validation figures when there
     * is no validation data; they are then not recorded.
     */
    public void addEpoch(double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double seconds, double learningRate) {
        this.trainLoss.add(trainLoss);
        this.trainAccuracy.add(trainAccuracy);
        if (!Double.isNaN(validationLoss)) {
            this.validationLoss.add(validationLoss);
            this.validationAccuracy.add(validationAccuracy);
        }
        this.epochSeconds.add(seconds);
        this.learningRate.add(learningRate);
    }

    public List<Double> batchLoss() {
        return Collections.unmodifiableList(batchLoss);
    }

    public List<Double> trainLoss() {
        return Collections.unmodifiableList(trainLoss);
    }

    public List<Double> trainAccuracy() {
        return Collections.unmodifiableList(trainAccuracy);
    }

    public List<Double> validationLoss() {
        return Collections.unmodifiableList(validationLoss);
    }

    public List<Double> validationAccuracy() {
        return Collections.unmodifiableList(validationAccuracy);
    }

    public List<Double> epochSeconds() {
        return Collections.unmodifiableList(epochSeconds);
    }

    /** The learning rate in force during each epoch (the rate of its last step, for a schedule that changes per batch). */
    public List<Double> learningRate() {
        return Collections.unmodifiableList(learningRate);
    }

    /** Number of finished epochs. */
    public int epochs() {
        return trainLoss.size();
    }

    /**
     * The loss curve of this run ({@link jcnn.plot.Plots#lossCurve}); a notebook shows it inline.
     * A deliberate one-line back-edge from train to plot, for {@code history.plot()}.
     */
    public jcnn.plot.LossCurve plot() {
        return jcnn.plot.Plots.lossCurve(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History(").append(epochs()).append(" epochs");
        if (!trainLoss.isEmpty()) {
            int last = trainLoss.size() - 1;
            sb.append(String.format(", loss %.4f, accuracy %.4f", trainLoss.get(last), trainAccuracy.get(last)));
            if (!validationLoss.isEmpty()) {
                int v = validationLoss.size() - 1;
                sb.append(String.format(", val_loss %.4f, val_accuracy %.4f", validationLoss.get(v), validationAccuracy.get(v)));
            }
        }
        return sb.append(')').toString();
    }
}
