package jcnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lecture's activation functions and their derivatives, one panel each (lecture section 4):
 * sigmoid, tanh, ReLU, leaky ReLU (slope 0.1, steeper than the usual 0.01 so that it can be seen),
 * ELU ({@code f(x) = x} for {@code x > 0}, {@code a(e^x - 1)} otherwise, {@code a = 1}) and
 * maxout, drawn for one unit with three linear pieces {@code max(-0.5x - 0.5, 0.3x, 1.5x - 2)}.
 * Made by {@link Plots#activations(String...)}.
 */
public final class ActivationPlot extends ChartPlot<ActivationPlot> {
    private static final Color FUNCTION = new Color(0x1F77B4);
    private static final Color DERIVATIVE = new Color(0xD62728);
    private static final Color PIECE = new Color(0xAAAAAA);

    /** The six activations of the lecture. */
    public enum Kind {
        SIGMOID("sigmoid"), TANH("tanh"), RELU("ReLU"), LEAKY_RELU("leaky ReLU"), ELU("ELU"), MAXOUT("maxout");

        /** Leaky ReLU's slope for x &lt; 0 in the picture. */
        public static final double LEAKY_SLOPE = 0.1;
        /** ELU's alpha. */
        public static final double ELU_ALPHA = 1.0;
        /** Maxout's pieces: slopes and intercepts of {@code max_k(slope_k * x + intercept_k)}. */
        public static final double[] MAXOUT_SLOPES = {-0.5, 0.3, 1.5};
        public static final double[] MAXOUT_INTERCEPTS = {-0.5, 0.0, -2.0};

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name shown in the panel's title. */
        public String label() {
            return label;
        }

        /** Finds a kind by a loose name: "relu", "Leaky ReLU", "leaky_relu", "leakyRelu" ... */
        public static Kind named(String name) {
            String key = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
            for (Kind k : values()) {
                if (k.name().toLowerCase(Locale.ROOT).replace("_", "").equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("activations: expected one of sigmoid, tanh, relu, leaky relu, elu, maxout but got '"
                    + name + "'; call Plots.activations() for all six");
        }
    }

    private final List<Kind> kinds;
    private final ActivationCurves curves;
    private boolean derivatives = true;
    private double from = -4;
    private double to = 4;
    private int points = 401;

    ActivationPlot(List<Kind> kinds, ActivationCurves curves) {
        super("Activation functions and their derivatives", kinds.size() >= 3 ? 1020 : 360 * kinds.size(),
                kinds.size() > 3 ? 640 : 330);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("activations: expected at least one activation name, for example activations(\"relu\")");
        }
        this.kinds = List.copyOf(kinds);
        this.curves = curves;
    }

    /** Draws (default) or hides the derivatives; returns this. */
    public ActivationPlot derivatives(boolean show) {
        this.derivatives = show;
        changed();
        return this;
    }

    /**
     * The x range drawn (default -4 to 4); returns this.
     *
     * @throws IllegalArgumentException unless {@code from < to}
     */
    public ActivationPlot range(double lower, double upper) {
        if (!(lower < upper)) {
            throw new IllegalArgumentException("range: expected lower < upper but got " + lower + " and " + upper);
        }
        this.from = lower;
        this.to = upper;
        changed();
        return this;
    }

    /** The activations drawn, in order. */
    public List<Kind> kinds() {
        return kinds;
    }

    /**
     * The x positions sampled: {@code points} evenly spaced values from the range's ends, with
     * x = 0 itself replaced by two points just either side of it, so that the kinks of ReLU and
     * its relatives show as vertical jumps whatever convention a derivative uses at 0 (and
     * XChart, seeing values that are not equally spaced, draws round-number ticks).
     */
    public double[] xs() {
        double[] grid = new double[points];
        int zeros = 0;
        for (int i = 0; i < points; i++) {
            grid[i] = from + (to - from) * i / (points - 1);
            if (Math.abs(grid[i]) < 1e-12) {
                grid[i] = 0;
                zeros++;
            }
        }
        boolean spansZero = from < 0 && to > 0;
        double[] xs = new double[points - zeros + (spansZero ? 2 : 0)];
        int n = 0;
        for (double x : grid) {
            if (spansZero && x > 0 && (n == 0 || xs[n - 1] < 0)) {
                xs[n++] = -1e-6;
                xs[n++] = 1e-6;
            }
            if (x != 0 || !spansZero) {
                xs[n++] = x;
            }
        }
        return xs;
    }

    /** {@code {f(x), f'(x)}} of one activation at {@link #xs()}, as this plot draws them. */
    public double[][] values(Kind kind) {
        return curves.values(kind, xs());
    }

    @Override
    protected int panels() {
        return kinds.size();
    }

    @Override
    protected int columns() {
        return Math.min(3, kinds.size());
    }

    @Override
    protected List<Chart<?, ?>> build(int panelWidth, int panelHeight) {
        List<Chart<?, ?>> list = new ArrayList<>();
        double[] xs = xs();
        for (Kind kind : kinds) {
            String name = kind == Kind.LEAKY_RELU ? "leaky ReLU (slope 0.1)" : kind == Kind.ELU ? "ELU (a = 1)" : kind.label();
            XYChart chart = new XYChartBuilder().width(panelWidth).height(panelHeight).title(name).xAxisTitle("x").build();
            style(chart.getStyler());
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            double[][] v = curves.values(kind, xs);
            if (kind == Kind.MAXOUT) {
                for (int k = 0; k < Kind.MAXOUT_SLOPES.length; k++) {
                    double[] line = new double[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        line[i] = Kind.MAXOUT_SLOPES[k] * xs[i] + Kind.MAXOUT_INTERCEPTS[k];
                    }
                    XYSeries s = chart.addSeries("piece " + (k + 1), xs, line);
                    s.setLineColor(PIECE);
                    s.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
                    s.setMarker(SeriesMarkers.NONE);
                    s.setShowInLegend(k == 0);
                    if (k == 0) {
                        s.setLabel("pieces");
                    }
                }
                chart.getStyler().setYAxisMin(-3.0);
                chart.getStyler().setYAxisMax(5.0);
            }
            XYSeries f = chart.addSeries("f(x)", xs, v[0]);
            f.setLineColor(FUNCTION);
            f.setLineStyle(new BasicStroke(2.4f));
            f.setMarker(SeriesMarkers.NONE);
            if (derivatives) {
                XYSeries d = chart.addSeries("f'(x)", xs, v[1]);
                d.setLineColor(DERIVATIVE);
                d.setLineStyle(new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f));
                d.setMarker(SeriesMarkers.NONE);
            }
            list.add(chart);
        }
        return list;
    }

    @Override
    public String describe() {
        List<String> names = new ArrayList<>();
        for (Kind k : kinds) {
            names.add(k.label());
        }
        return "activations" + (derivatives ? " and derivatives" : "") + " on [" + fmt(from) + ", " + fmt(to) + "] ("
                + curves.source() + "): " + String.join(", ", names);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static List<Kind> parse(String... names) {
        if (names == null || names.length == 0) {
            return Arrays.asList(Kind.values());
        }
        List<Kind> list = new ArrayList<>();
        for (String n : names) {
            list.add(Kind.named(n));
        }
        return list;
    }
}
