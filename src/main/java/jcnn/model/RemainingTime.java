package jcnn.model;

import java.util.ArrayDeque;

/**
 * Estimates the time left in a training run from the recent batches only: the seconds per batch
 * over the last {@link #WINDOW_SECONDS} seconds (at least the last two observations), times the
 * batches still to go. The first batch only sets the starting point, so its warm-up (class
 * loading, JIT compilation, the first allocations) never counts; a run that speeds up or slows
 * down is followed within the window. The whole-run average it replaces said "about 1 h 9 min left"
 * after a slow first batch of a five-minute run.
 *
 * <pre>{@code
 * RemainingTime eta = new RemainingTime();
 * eta.observe(batchesDone, secondsSinceStart);     // after every batch
 * eta.secondsLeft(totalBatches);                   // NaN until two batches were seen
 * }</pre>
 */
public final class RemainingTime {
    /** How far back the rate looks, in seconds of training. */
    public static final double WINDOW_SECONDS = 20;

    private final ArrayDeque<double[]> recent = new ArrayDeque<>();

    /**
     * Records that {@code done} batches in all had finished {@code seconds} after the start.
     * Observations with no new batch are ignored.
     */
    public void observe(long done, double seconds) {
        double[] last = recent.peekLast();
        if (last != null && done <= last[0]) {
            return;
        }
        recent.addLast(new double[] {done, seconds});
        while (recent.size() > 2 && seconds - recent.peekFirst()[1] > WINDOW_SECONDS) {
            double[] second = secondOldest();
            if (seconds - second[1] < WINDOW_SECONDS) {
                break;
            }
            recent.removeFirst();
        }
    }

    private double[] secondOldest() {
        var it = recent.iterator();
        it.next();
        return it.next();
    }

    /** Seconds per batch over the window, or NaN before two observations. */
    public double secondsPerBatch() {
        if (recent.size() < 2) {
            return Double.NaN;
        }
        double[] first = recent.peekFirst();
        double[] last = recent.peekLast();
        return (last[1] - first[1]) / (last[0] - first[0]);
    }

    /** Seconds until {@code total} batches are done at the recent rate; NaN while unknown, 0 when done. */
    public double secondsLeft(long total) {
        double[] last = recent.peekLast();
        if (last == null) {
            return Double.NaN;
        }
        if (last[0] >= total) {
            return 0;
        }
        return secondsPerBatch() * (total - last[0]);
    }
}
