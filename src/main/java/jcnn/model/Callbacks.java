package jcnn.model;

import java.nio.file.Path;

/**
 * The training callbacks Keras users reach for, for {@code net.train(data).callbacks(...)}
 * (imported statically in notebooks and {@code jcnn.jsh}):
 *
 * <pre>{@code
 * net.train(train).validate(test).epochs(30)
 *     .callbacks(earlyStopping(3).restoreBest(), checkpoint("best.jcnn").bestOnly()).run();
 * }</pre>
 */
public final class Callbacks {
    private Callbacks() {
    }

    /** Stops after {@code patience} epochs without a lower loss; see {@link EarlyStopping}. */
    public static EarlyStopping earlyStopping(int patience) {
        return new EarlyStopping(patience);
    }

    /** Saves the net after each epoch (or {@code .bestOnly()}); see {@link Checkpoint}. */
    public static Checkpoint checkpoint(Path path) {
        return new Checkpoint(path);
    }

    /** {@link #checkpoint(Path)} with the path as a string, e.g. {@code "runs/epoch-{epoch}.jcnn"}. */
    public static Checkpoint checkpoint(String path) {
        return new Checkpoint(Path.of(path));
    }
}
