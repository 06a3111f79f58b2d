package jcnn.model;

import java.util.concurrent.CancellationException;

/**
 * Training stopped because its thread was interrupted (a notebook's interrupt button, Ctrl-C in
 * JShell). The net keeps the weights of its last completed step and stays usable; the history
 * so far is attached.
 */
public class TrainingInterruptedException extends CancellationException {
    private final transient History history;

    public TrainingInterruptedException(String message, History history) {
        super(message);
        this.history = history;
    }

    /** What was recorded before the interrupt. */
    public History history() {
        return history;
    }
}
