package jcnn.plot;

import java.util.List;

/**
 * What a loss curve draws: the read-only record of a training run. {@code jcnn.model.History}
 * (what {@code run()} returns) implements it; plot knows no trainer, so anything that keeps these
 * lists can be drawn with {@link Plots#lossCurve(TrainingLog)}.
 *
 * <p>Losses and accuracies are per finished epoch (a validation list may be empty or shorter when
 * no validation set was given); {@link #batchLoss()} has one entry per training batch.
 */
public interface TrainingLog {
    /** The training loss of every batch so far, in order. */
    List<Double> batchLoss();

    /** The mean training loss of each finished epoch. */
    List<Double> trainLoss();

    /** The training accuracy of each finished epoch. */
    List<Double> trainAccuracy();

    /** The validation loss after each epoch (empty without validation data). */
    List<Double> validationLoss();

    /** The validation accuracy after each epoch (empty without validation data). */
    List<Double> validationAccuracy();

    /** The learning rate in force during each epoch. */
    List<Double> learningRate();

    /** The number of finished epochs. */
    int epochs();
}
