package jcnn.model;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The default progress display outside notebooks: one line per epoch, rewritten in place
 * ({@code \r}) at most twice a second while the epoch runs, e.g.
 * {@code epoch 2/5  batch 412/938  loss 0.3121  ETA 0:21}, then the epoch's figures.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private long lastPrint;
    private long epochStart;
    private int lastLength;

    public ConsoleProgress() {
        this(System.out);
    }

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(Progress p) {
        epochStart = System.nanoTime();
        lastPrint = 0;
    }

    @Override
    public void onBatch(Progress p) {
        long now = System.nanoTime();
        if (p.batch() == 1) {
            epochStart = now;
        }
        if (now - lastPrint < 500_000_000L && p.batch() != p.batchesPerEpoch()) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = elapsed / p.batch() * (p.batchesPerEpoch() - p.batch());
        String line = String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  ETA %s", p.epoch(), p.epochs(), p.batch(),
                p.batchesPerEpoch(), p.loss(), time(eta));
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        out.flush();
    }

    @Override
    public void onEpoch(Progress p) {
        History h = p.history();
        int e = h.epochs() - 1;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  %d batches  %.1fs  loss %.4f  accuracy %.4f",
                p.epoch(), p.epochs(), p.batchesPerEpoch(), h.epochSeconds().get(e), h.trainLoss().get(e), h.trainAccuracy().get(e)));
        if (h.validationLoss().size() == h.epochs()) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f  val_accuracy %.4f", h.validationLoss().get(e),
                    h.validationAccuracy().get(e)));
        }
        // NOTE: pad so that a longer progress line under it is fully overwritten
        out.println("\r" + sb + " ".repeat(Math.max(0, lastLength - sb.length())));
        lastLength = 0;
        out.flush();
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
