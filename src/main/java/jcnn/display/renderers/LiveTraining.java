package jcnn.display.renderers;

import jcnn.display.Display;
import jcnn.display.DisplayHandle;
import jcnn.display.MimeBundle;
import jcnn.model.RemainingTime;
import jcnn.model.TrainingListener;
import jcnn.plot.LossCurve;
import jcnn.plot.Plots;

/**
 * The live training display of a notebook: when {@code run()} starts it shows one loss chart and
 * one progress line, and replaces both in place ({@code update_display_data}) at most about once
 * a second and at the end of every epoch, so an executed notebook keeps the final chart.
 * Found by the trainer through {@link java.util.ServiceLoader}; outside a notebook
 * ({@link Display#isRich()} false) it declines and the trainer prints its console progress line.
 */
public final class LiveTraining implements TrainingListener.Factory {
    /** Least seconds between two in-place updates during an epoch. */
    public static final double UPDATE_SECONDS = 1.0;

    @Override
    public TrainingListener create() {
        return Display.isRich() ? new Listener() : null;
    }

    /** Above the console progress line. */
    @Override
    public int priority() {
        return 10;
    }

    /**
     * The listener; time is read from {@link TrainingListener.Progress#seconds()}, so it throttles
     * by the trainer's clock (and tests can drive it without sleeping).
     */
    static final class Listener implements TrainingListener {
        private DisplayHandle chart;
        private DisplayHandle line;
        private LossCurve curve;
        private double lastUpdate = Double.NEGATIVE_INFINITY;
        private final RemainingTime remaining = new RemainingTime();

        @Override
        public void onStart(Progress p) {
            curve = Plots.lossCurve(p.history()).title("training").size(820, 320);
            if (p.batchesPerEpoch() > 0) {
                curve.batchesPerEpoch(p.batchesPerEpoch());
            }
            chart = Display.display(curve);
            line = Display.display(progress(p, "starting", remaining));
            lastUpdate = p.seconds();
        }

        @Override
        public void onBatch(Progress p) {
            remaining.observe((long) (p.epoch() - 1) * p.batchesPerEpoch() + p.batch(), p.seconds());
            if (p.seconds() - lastUpdate >= UPDATE_SECONDS) {
                update(p, "training");
            }
        }

        @Override
        public void onEpoch(Progress p) {
            update(p, p.epoch() == p.epochs() ? "finishing" : "training");
        }

        @Override
        public void onEnd(Progress p) {
            update(p, "done");
        }

        private void update(Progress p, String state) {
            if (chart == null) {
                return;
            }
            lastUpdate = p.seconds();
            try {
                curve.changed(); // NOTE: a chart caches its XChart panels; the history has grown since the last picture
                chart.update(curve);
                line.update(progress(p, state, remaining));
            } catch (RuntimeException e) {
                // a picture that cannot be drawn must not stop training: say so once and stop updating
                System.err.println("jcnn: the live training chart stopped updating: " + e);
                chart = null;
            }
        }

        /**
         * "epoch 2/5 · batch 120/938 · loss 0.4312 · 12 s · about 1 min 20 s left"; the time left
         * comes from the recent batches ({@link RemainingTime}) and is left out until it is known.
         */
        static MimeBundle progress(Progress p, String state, RemainingTime remaining) {
            StringBuilder sb = new StringBuilder();
            sb.append(state).append(": epoch ").append(p.epoch()).append('/').append(p.epochs())
                    .append(" · batch ").append(p.batch()).append('/').append(p.batchesPerEpoch());
            if (!Double.isNaN(p.loss())) {
                sb.append(String.format(" · loss %.4f", p.loss()));
            }
            var h = p.history();
            if (!h.validationLoss().isEmpty()) {
                int v = h.validationLoss().size() - 1;
                sb.append(String.format(" · val_loss %.4f · val_accuracy %.4f", h.validationLoss().get(v), h.validationAccuracy().get(v)));
            }
            sb.append(" · ").append(duration(p.seconds()));
            long done = (long) (p.epoch() - 1) * p.batchesPerEpoch() + p.batch();
            long total = (long) p.epochs() * p.batchesPerEpoch();
            double left = remaining.secondsLeft(total);
            if (!"done".equals(state) && total > done && left >= 1) {
                sb.append(" · about ").append(duration(left)).append(" left");
            }
            String text = sb.toString();
            double fraction = total > 0 ? Math.min(1, done / (double) total) : 0;
            String html = "<div style=\"font-family:monospace\"><progress value=\"" + String.format(java.util.Locale.ROOT, "%.3f", fraction)
                    + "\" max=\"1\" style=\"width:16em;vertical-align:middle\"></progress> " + text.replace("&", "&amp;").replace("<", "&lt;")
                    + "</div>";
            return MimeBundle.text(text).put("text/html", html);
        }

        static String duration(double seconds) {
            long s = Math.round(seconds);
            if (s < 60) {
                return s + " s";
            }
            if (s < 3600) {
                return s / 60 + " min " + s % 60 + " s";
            }
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
    }
}
