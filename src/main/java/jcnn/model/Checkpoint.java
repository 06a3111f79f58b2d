package jcnn.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves the net after every epoch, or with {@link #bestOnly()} only after an epoch whose
 * monitored loss (validation loss, else training loss) is the lowest so far (Keras's
 * {@code ModelCheckpoint}):
 *
 * <pre>{@code
 * net.train(data).validate(test).epochs(10).callbacks(checkpoint("fashion-best.jcnn").bestOnly()).run();
 * Net best = Net.load(Path.of("fashion-best.jcnn"));
 * net.train(data).epochs(10).callbacks(checkpoint("runs/epoch-{epoch}.jcnn")).run();   // one file per epoch
 * }</pre>
 *
 * <p>{@code {epoch}} in the path becomes the epoch number (from 1). Each save is atomic
 * ({@link Net#save}: a temporary file, then a move), so an interrupted run never leaves a
 * half-written checkpoint; missing parent directories are created.
 */
public final class Checkpoint implements TrainingListener {
    private final String path;
    private boolean bestOnly;
    private Net net;
    private double best;
    private Path lastSaved;

    /** Made by {@code Callbacks.checkpoint(path)}. */
    public Checkpoint(Path path) {
        this.path = path.toString();
    }

    /** Save only when the monitored loss is the lowest so far. */
    public Checkpoint bestOnly() {
        bestOnly = true;
        return this;
    }

    /** Save after every epoch (the default). */
    public Checkpoint everyEpoch() {
        bestOnly = false;
        return this;
    }

    /** The file written last, or null before the first save. */
    public Path lastSaved() {
        return lastSaved;
    }

    @Override
    public void setNet(Net net) {
        this.net = net;
    }

    @Override
    public void onStart(Progress p) {
        best = Double.POSITIVE_INFINITY;
        lastSaved = null;
    }

    @Override
    public void onEpoch(Progress p) {
        double monitored = EarlyStopping.monitored(p.history());
        boolean improved = monitored < best;
        if (improved) {
            best = monitored;
        }
        if (improved || !bestOnly) {
            if (net == null) {
                throw new IllegalStateException(this + " was not given the net; pass it to net.train(data).callbacks(...)");
            }
            Path file = Path.of(path.replace("{epoch}", Integer.toString(p.history().epochs())));
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("checkpoint: cannot create the directory of " + file + ": " + e.getMessage(), e);
            }
            net.save(file);
            lastSaved = file;
        }
    }

    @Override
    public String toString() {
        return "checkpoint(" + path + ")" + (bestOnly ? ".bestOnly()" : "");
    }
}
