package jcnn.model;

/**
 * Hears a training run: callbacks given to {@code callbacks(...)} and the default progress
 * display (a console progress line in JShell, a live chart in a notebook). Called on the
 * training thread; a listener that throws stops training with that exception.
 */
public interface TrainingListener {

    /**
     * Where training stands. {@code epoch} and {@code batch} count from 1; {@code loss} is the
     * loss of the latest batch (NaN before the first); {@code seconds} since the run started.
     */
    record Progress(int epoch, int epochs, int batch, int batchesPerEpoch, double loss,
                    double seconds, History history) {
    }

    /**
     * Called once before {@link #onStart} with the net being trained, for listeners that read or
     * restore its weights ({@link EarlyStopping}, {@link Checkpoint}).
     */
    default void setNet(jcnn.model.Net net) {
    }

    default void onStart(Progress progress) {
    }

    /** After every batch. */
    default void onBatch(Progress progress) {
    }

    /** After every epoch, once {@code history} holds that epoch's figures. */
    default void onEpoch(Progress progress) {
    }

    /** When training ends, normally, early or by interruption. */
    default void onEnd(Progress progress) {
    }

    /** Asked after every epoch's {@link #onEpoch}: true stops training there (early stopping). */
    default boolean stopRequested() {
        return false;
    }

    /**
     * Supplies the default progress display, found with {@link java.util.ServiceLoader}
     * ({@code META-INF/services/jcnn.model.TrainingListener$Factory}). The trainer asks the
     * factories by descending priority and uses the first non-null listener; without one it
     * prints a console progress line.
     */
    interface Factory {
        /** A listener for this environment, or null when it does not apply (e.g. no notebook). */
        TrainingListener create();

        default int priority() {
            return 0;
        }
    }
}
