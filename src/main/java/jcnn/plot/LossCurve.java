package jcnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss curve of a training run: training and validation loss per epoch, with the loss of
 * every batch drawn faintly behind them (at fractional epochs: batch {@code b} of an epoch with
 * {@code B} batches ends at epoch {@code e - 1 + b/B}), and beside it training and validation
 * accuracy. Made by {@link Plots#lossCurve(TrainingLog)}; {@link #chart()} is the loss panel,
 * {@link #accuracyChart()} the accuracy panel.
 *
 * <p>The curve reads the history when drawn, so a curve made before or during training shows
 * what the history holds at that moment. Empty and one-epoch histories draw without error.
 */
public final class LossCurve extends ChartPlot<LossCurve> {
    static final Color TRAIN = new Color(0x1F77B4);
    static final Color VALIDATION = new Color(0xFF7F0E);
    static final Color BATCH = new Color(0x1F, 0x77, 0xB4, 70);

    private final TrainingLog history;
    private boolean batches = true;
    private boolean accuracy = true;
    private int batchesPerEpoch;

    LossCurve(TrainingLog history) {
        super("", 900, 380);
        if (history == null) {
            throw new IllegalArgumentException("lossCurve: expected a History (what run() returns) but got null");
        }
        this.history = history;
    }

    /** The history this curve draws. */
    public TrainingLog history() {
        return history;
    }

    /** Draws (default) or hides the faint per-batch loss; returns this. */
    public LossCurve batches(boolean show) {
        this.batches = show;
        changed();
        return this;
    }

    /** Draws (default) or hides the accuracy panel; returns this. */
    public LossCurve accuracy(boolean show) {
        this.accuracy = show;
        changed();
        return this;
    }

    /**
     * Tells the curve how many batches make an epoch, so batch losses land at the right fractional
     * epoch before the first epoch has ended (the live training chart uses it). Without it the
     * number is {@code batchLoss().size() / epochs()}.
     */
    public LossCurve batchesPerEpoch(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("batchesPerEpoch: expected at least 1 but got " + count);
        }
        this.batchesPerEpoch = count;
        changed();
        return this;
    }

    /** The accuracy panel's XChart, or null when {@code accuracy(false)}. */
    public XYChart accuracyChart() {
        return accuracy ? (XYChart) charts().get(1) : null;
    }

    @Override
    protected int panels() {
        return accuracy ? 2 : 1;
    }

    @Override
    protected List<Chart<?, ?>> build(int panelWidth, int panelHeight) {
        List<Chart<?, ?>> list = new ArrayList<>();
        XYChart loss = axes(panelWidth, panelHeight, accuracy ? "loss" : title().isEmpty() ? "loss" : title(), "loss");
        loss.getStyler().setYAxisLogarithmic(isLogY());
        loss.getStyler().setYAxisLogarithmicDecadeOnly(false);
        int perEpoch = batchesPerEpoch();
        List<Double> batch = history.batchLoss();
        if (batches && !batch.isEmpty()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int b = 0; b < batch.size(); b++) {
                if (usable(batch.get(b))) {
                    x.add(perEpoch > 0 ? (b + 1) / (double) perEpoch : b + 1);
                    y.add(batch.get(b));
                }
            }
            if (!x.isEmpty()) {
                hiddenPoint(loss, x.get(0) / 2, y.get(0));
                XYSeries s = loss.addSeries("batch loss", x, y);
                s.setLineColor(BATCH);
                s.setLineStyle(new BasicStroke(1f));
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        perEpoch(loss, "train loss", history.trainLoss(), TRAIN);
        perEpoch(loss, "val loss", history.validationLoss(), VALIDATION);
        if (perEpoch == 0 && history.epochs() == 0) {
            loss.setXAxisTitle(batch.isEmpty() ? "epoch" : "batch");
        }
        finish(loss, "no batches yet");
        list.add(loss);
        if (accuracy) {
            XYChart acc = axes(panelWidth, panelHeight, "accuracy", "accuracy");
            perEpoch(acc, "train accuracy", history.trainAccuracy(), TRAIN);
            perEpoch(acc, "val accuracy", history.validationAccuracy(), VALIDATION);
            fitAccuracyAxis(acc);
            finish(acc, "no finished epoch yet");
            list.add(acc);
        }
        if (accuracy && !title().isEmpty()) {
            // two panels: the plot's title is drawn above both by ChartPlot
            loss.setTitle("loss");
        }
        return list;
    }

    /**
     * The accuracy axis: a little room above and below the points (so no dot sits on the frame),
     * bounds and ticks on a short decimal grid (XChart labels a one-point axis with the raw value,
     * {@code 0.834916666666667}), and the legend in the corner with the fewest points.
     */
    private void fitAccuracyAxis(XYChart acc) {
        List<double[]> points = new ArrayList<>();
        for (List<Double> values : List.of(history.trainAccuracy(), history.validationAccuracy())) {
            for (int e = 0; e < values.size(); e++) {
                if (Double.isFinite(values.get(e))) {
                    points.add(new double[] {e + 1.0, values.get(e)});
                }
            }
        }
        acc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        if (points.isEmpty()) {
            return;
        }
        double[] range = accuracyRange(points);
        acc.getStyler().setYAxisMin(range[0]);
        acc.getStyler().setYAxisMax(range[1]);
        acc.getStyler().setYAxisDecimalPattern(range[1] - range[0] <= 0.05 ? "0.000" : "0.00");
        double xMax = 0;
        for (double[] p : points) {
            xMax = Math.max(xMax, p[0]);
        }
        acc.getStyler().setLegendPosition(emptiestCorner(points, xMax, range));
    }

    /** {min, max} of the accuracy axis: the values' range padded by 15% (at least 0.01) and rounded out to 0.01. */
    static double[] accuracyRange(List<double[]> points) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            lo = Math.min(lo, p[1]);
            hi = Math.max(hi, p[1]);
        }
        double pad = Math.max(0.01, (hi - lo) * 0.15);
        return new double[] {Math.max(0, Math.floor((lo - pad) * 100) / 100), Math.ceil((hi + pad) * 100) / 100};
    }

    /**
     * The inside corner whose region (the outer 45% of the width, 40% of the height: about what a
     * two-entry legend covers) holds the fewest points; lower right on a tie, where rising
     * accuracy leaves room.
     */
    static Styler.LegendPosition emptiestCorner(List<double[]> points, double xMax, double[] yRange) {
        Styler.LegendPosition[] corners = {Styler.LegendPosition.InsideSE, Styler.LegendPosition.InsideNE,
            Styler.LegendPosition.InsideSW, Styler.LegendPosition.InsideNW};
        Styler.LegendPosition best = corners[0];
        int fewest = Integer.MAX_VALUE;
        for (Styler.LegendPosition corner : corners) {
            int n = 0;
            for (double[] p : points) {
                if (inCorner(corner, p, xMax, yRange)) {
                    n++;
                }
            }
            if (n < fewest) {
                fewest = n;
                best = corner;
            }
        }
        return best;
    }

    static boolean inCorner(Styler.LegendPosition corner, double[] point, double xMax, double[] yRange) {
        double x = xMax > 0 ? point[0] / xMax : 0;
        double y = (point[1] - yRange[0]) / (yRange[1] - yRange[0]);
        boolean right = corner == Styler.LegendPosition.InsideSE || corner == Styler.LegendPosition.InsideNE;
        boolean bottom = corner == Styler.LegendPosition.InsideSE || corner == Styler.LegendPosition.InsideSW;
        return (right ? x >= 0.55 : x <= 0.45) && (bottom ? y <= 0.4 : y >= 0.6);
    }

    private int batchesPerEpoch() {
        if (batchesPerEpoch > 0) {
            return batchesPerEpoch;
        }
        int epochs = history.epochs();
        return epochs > 0 ? Math.max(1, history.batchLoss().size() / epochs) : 0;
    }

    private boolean usable(double v) {
        return Double.isFinite(v) && (!isLogY() || v > 0);
    }

    private static XYChart axes(int width, int height, String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(0.0);
        return chart;
    }

    private void perEpoch(XYChart chart, String name, List<Double> values, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int e = 0; e < values.size(); e++) {
            if (usable(values.get(e))) {
                x.add(e + 1.0);
                y.add(values.get(e));
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(new BasicStroke(2.2f));
    }

    /**
     * XChart 3.8 puts a tick at every data x when the x values are equally spaced (batch
     * positions are), which crowds the axis; one invisible point off the grid restores its normal
     * "nice number" ticks.
     */
    static void hiddenPoint(XYChart chart, double x, double y) {
        XYSeries s = chart.addSeries(" ", new double[] {x}, new double[] {y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setShowInLegend(false);
    }

    /** An empty chart still needs one series for XChart to draw its axes. */
    static void finish(XYChart chart, String emptyMessage) {
        if (chart.getSeriesMap().isEmpty()) {
            XYSeries s = chart.addSeries(emptyMessage, new double[] {0, 1}, new double[] {1, 1});
            s.setLineColor(new Color(0, 0, 0, 0));
            s.setMarker(SeriesMarkers.NONE);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
        }
    }

    @Override
    public String describe() {
        int epochs = history.epochs();
        if (epochs == 0) {
            List<Double> b = history.batchLoss();
            return b.isEmpty() ? "loss curve: empty history (nothing trained yet)"
                    : String.format("loss curve: %d batches, no finished epoch yet, latest batch loss %.4f",
                    b.size(), b.get(b.size() - 1));
        }
        StringBuilder sb = new StringBuilder("loss curve: ").append(epochs).append(epochs == 1 ? " epoch" : " epochs");
        sb.append(String.format(", final loss %.4f", history.trainLoss().get(epochs - 1)));
        List<Double> vl = history.validationLoss();
        if (!vl.isEmpty()) {
            sb.append(String.format(", final val_loss %.4f, val_accuracy %.4f", vl.get(vl.size() - 1),
                    history.validationAccuracy().get(vl.size() - 1)));
        } else {
            sb.append(String.format(", accuracy %.4f", history.trainAccuracy().get(epochs - 1)));
        }
        return sb.toString();
    }
}
