package jcnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcnn.data.Dataset;
import jcnn.nn.Params;
import jcnn.tensor.Tensor;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures of jcnn, one static method each. Every method returns a {@link Plot}: a notebook
 * cell shows it as it is, options chain ({@code .title("...")}, {@code .size(w, h)},
 * {@code .logY()}, {@code .colorMap(...)}), and {@code .chart()} / {@code .image()} hand over the
 * XChart object or the {@code BufferedImage} for anything else.
 *
 * <pre>{@code
 * Plots.lossCurve(history);                       // loss and accuracy per epoch
 * Plots.activations();                            // the lecture's six activations and derivatives
 * Plots.params().save("params.png");             // 10^12 vs 10^8 vs 10^4 weights
 * Plots.featureMaps(activation, "conv1");         // every channel of a layer's output
 * Plots.convolutionSteps(image, kernel).at(0, 0); // the lecture's worked convolution
 * }</pre>
 */
public final class Plots {
    private Plots() {
    }

    // ---- charts -------------------------------------------------------------------------------

    /**
     * The loss curve of a training run: training and validation loss per epoch with the batch
     * losses faint behind, and the accuracies beside. What {@code history.plot()} and a notebook's
     * display of a {@code History} show ({@code History} implements {@link TrainingLog}).
     *
     * @throws IllegalArgumentException if {@code history} is null
     */
    public static LossCurve lossCurve(TrainingLog history) {
        return new LossCurve(history);
    }

    /**
     * The learning rate in force during each epoch (a step line; {@code .logY()} for decays).
     *
     * @throws IllegalArgumentException if {@code history} is null
     */
    public static Figure learningRate(TrainingLog history) {
        if (history == null) {
            throw new IllegalArgumentException("learningRate: expected a History (what run() returns) but got null");
        }
        return new Figure("learning rate", 640, 360, 1, 1, (fig, w, h) -> {
            XYChart chart = new XYChartBuilder().width(w).height(h).title(fig.title()).xAxisTitle("epoch")
                    .yAxisTitle("learning rate").build();
            ChartPlot.style(chart.getStyler());
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setYAxisLogarithmic(fig.isLogY());
            chart.getStyler().setXAxisMin(0.0);
            List<Double> rates = history.learningRate();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int e = 0; e < rates.size(); e++) {
                double r = rates.get(e);
                if (Double.isFinite(r) && (!fig.isLogY() || r > 0)) {
                    // a step: the rate holds from the epoch's start (e) to its end (e + 1)
                    x.add((double) e);
                    y.add(r);
                    x.add(e + 1.0);
                    y.add(r);
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries("learning rate", x, y);
                s.setLineColor(LossCurve.TRAIN);
                s.setLineStyle(new BasicStroke(2.2f));
                s.setMarker(SeriesMarkers.NONE);
            }
            LossCurve.finish(chart, "no finished epoch yet");
            double top = 0;
            double smallest = Double.POSITIVE_INFINITY;
            for (double r : y) {
                top = Math.max(top, r);
                smallest = Math.min(smallest, r);
            }
            if (!fig.isLogY() && top > 0) {
                // from 0, with room above the highest rate: a single rate gets a readable axis too
                chart.getStyler().setYAxisMin(0.0);
                chart.getStyler().setYAxisMax(top * 1.15);
            }
            chart.getStyler().setYAxisDecimalPattern(ratePattern(y.isEmpty() ? 1e-3 : smallest));
            List<Chart<?, ?>> list = new ArrayList<>();
            list.add(chart);
            return list;
        }, () -> {
            List<Double> r = history.learningRate();
            return r.isEmpty() ? "learning-rate curve: no finished epoch yet"
                    : String.format("learning-rate curve: %d epochs, from %.3g to %.3g", r.size(), r.get(0), r.get(r.size() - 1));
        });
    }

    /**
     * Tick labels for learning rates: plain decimals ({@code 0.05}, {@code 0.001}) with enough
     * places for the smallest rate's first two digits; scientific ({@code 1.0E-5}) only below 10^-4.
     */
    static String ratePattern(double smallest) {
        if (!(smallest > 0) || smallest < 1e-4) {
            return "0.0##E0";
        }
        int places = Math.max(1, (int) Math.ceil(-Math.log10(smallest)) + 1);
        return "0.0" + "#".repeat(places - 1);
    }

    /**
     * The lecture's activation functions (solid) and their derivatives (dashed), one panel each:
     * sigmoid, tanh, ReLU, leaky ReLU, ELU and maxout (three linear pieces); with names, only
     * those ({@code activations("relu", "elu")}).
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the six)
     */
    public static ActivationPlot activations(String... names) {
        return new ActivationPlot(ActivationPlot.parse(names), EngineCurves.INSTANCE);
    }

    /**
     * The lecture's parameter counts for a 1000×1000 image and 10^6 hidden units, as log-scale
     * bars: fully connected 10^12 ({@link Params#full}), locally connected 10×10 fields 10^8
     * ({@link Params#local}), one shared 10×10 kernel 100 and 100 shared kernels 10^4
     * ({@link Params#shared}).
     */
    public static Figure params() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("fully connected", Params.full(1_000_000, 1_000_000));
        counts.put("local 10x10", Params.local(1_000_000, 10, 10));
        counts.put("shared, 1 kernel", Params.shared(1, 10, 10));
        counts.put("shared, 100 kernels", Params.shared(100, 10, 10));
        return params(counts).title("Weights for a 1000x1000 image, 10^6 hidden units");
    }

    /**
     * Log-scale bars of parameter counts, one bar per entry (insertion order), each labelled
     * with its power of ten.
     *
     * @throws IllegalArgumentException if there are no entries or a count is below 1
     */
    public static Figure params(Map<String, ? extends Number> counts) {
        if (counts == null || counts.isEmpty()) {
            throw new IllegalArgumentException("params: expected at least one (name, count) entry, for example "
                    + "Map.of(\"full\", Params.full(1_000_000, 1_000_000))");
        }
        List<String> names = new ArrayList<>(counts.keySet());
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, ? extends Number> e : counts.entrySet()) {
            double v = e.getValue().doubleValue();
            if (!(v >= 1)) {
                throw new IllegalArgumentException("params: expected counts of at least 1 (a log scale has no 0) but '"
                        + e.getKey() + "' is " + e.getValue());
            }
            values.add(v);
        }
        Figure fig = new Figure("parameter counts", 760, 420, 1, 1, (f, w, h) -> {
            CategoryChart chart = new CategoryChartBuilder().width(w).height(h).title(f.title())
                    .yAxisTitle(f.isLogY() ? "weights: power of ten k in 10^k" : "weights").build();
            ChartPlot.style(chart.getStyler());
            chart.getStyler().setLegendVisible(false);
            List<Double> heights = new ArrayList<>();
            if (f.isLogY()) {
                // XChart 3.8 draws log-scale bars wrongly, so the bars are log10(count) on a linear
                // axis whose ticks read 10^k: the same picture, drawn correctly
                for (double v : values) {
                    heights.add(Math.log10(v));
                }
                chart.getStyler().setYAxisMin(0.0);
                chart.getStyler().setYAxisMax(Math.ceil(Math.log10(max(values))));
                // NOTE: a tick-label callback ("10^12") sends XChart 3.8.8's tick search into an endless
                // loop, so the ticks show the exponent and the axis title says so
                chart.getStyler().setYAxisDecimalPattern("0");
            } else {
                heights.addAll(values);
            }
            chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            chart.getStyler().setLabelsVisible(false);
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                // the count goes into the bar's label, so the exact value is readable too
                labels.add(names.get(i) + ": " + powerOfTen(values.get(i)));
            }
            chart.getStyler().setXAxisLabelRotation(names.size() > 3 ? 15 : 0);
            CategorySeries s = chart.addSeries("weights", labels, heights);
            s.setFillColor(LossCurve.TRAIN);
            List<Chart<?, ?>> list = new ArrayList<>();
            list.add(chart);
            return list;
        }, () -> {
            StringBuilder sb = new StringBuilder("parameter counts (log scale): ");
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(powerOfTen(values.get(i)));
            }
            return sb.toString();
        });
        return fig.logY();
    }

    private static double max(List<Double> values) {
        double m = 1;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** 10^12 for exact powers of ten, else the number with thousands separators. */
    static String powerOfTen(double v) {
        double e = Math.log10(v);
        if (Math.abs(e - Math.rint(e)) < 1e-9 && v >= 10) {
            if (v <= 1000) {
                return String.valueOf((long) v);
            }
            return "10^" + (long) Math.rint(e);
        }
        return String.format("%,.0f", v);
    }

    /**
     * A confusion matrix as a heat map with the count in every cell: rows are the true classes
     * (top to bottom), columns the predicted ones; the diagonal holds the correct predictions.
     *
     * @param counts     {@code counts[true][predicted]}, square
     * @param classNames one name per class, or null for 0, 1, 2, ...
     * @throws IllegalArgumentException if {@code counts} is not square or the names do not match it
     */
    public static Figure confusionMatrix(int[][] counts, String[] classNames) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("confusionMatrix: expected a square int[classes][classes] of counts but got "
                    + (counts == null ? "null" : "an empty array"));
        }
        int n = counts.length;
        for (int[] row : counts) {
            if (row == null || row.length != n) {
                throw new IllegalArgumentException("confusionMatrix: expected a square " + n + "x" + n
                        + " matrix (counts[true][predicted]) but a row has " + (row == null ? "null" : row.length + " entries"));
            }
        }
        if (classNames != null && classNames.length != n) {
            throw new IllegalArgumentException("confusionMatrix: " + n + " classes but " + classNames.length
                    + " class names; pass one name per row, or null for numbers");
        }
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = classNames != null ? classNames[i] : String.valueOf(i);
        }
        int[][] copy = new int[n][];
        long total = 0;
        long correct = 0;
        for (int i = 0; i < n; i++) {
            copy[i] = counts[i].clone();
            for (int j = 0; j < n; j++) {
                total += copy[i][j];
            }
            correct += copy[i][i];
        }
        long totalCount = total;
        long correctCount = correct;
        int side = Math.max(460, Math.min(900, 160 + 62 * n));
        return new Figure("Confusion matrix", side + 90, side, 1, 1, (f, w, h) -> {
            int max = 1;
            for (int[] row : copy) {
                for (int v : row) {
                    max = Math.max(max, v);
                }
            }
            CountHeatMap chart = new CountHeatMap(new HeatMapChartBuilder().width(w).height(h).title(f.title())
                    .xAxisTitle("predicted").yAxisTitle("true"), max);
            ChartPlot.style(chart.getStyler());
            chart.getStyler().setShowValue(true);
            chart.getStyler().setHeatMapValueDecimalPattern("#");
            chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, n > 12 ? 9 : 12));
            chart.getStyler().setValueFontColor(Color.BLACK);
            chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x9ECAE1), new Color(0x2171B5)});
            chart.getStyler().setXAxisLabelRotation(n > 4 ? 45 : 0);
            chart.getStyler().setPlotContentSize(1.0);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setMin(0);
            chart.getStyler().setMax(max);
            List<String> xs = Arrays.asList(names);
            List<String> ys = new ArrayList<>(xs);
            java.util.Collections.reverse(ys); // XChart draws row 0 at the bottom; a confusion matrix reads top-down
            List<Number[]> cells = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                for (int p = 0; p < n; p++) {
                    cells.add(new Number[] {p, n - 1 - t, copy[t][p]});
                }
            }
            chart.addSeries("count", xs, ys, cells);
            List<Chart<?, ?>> list = new ArrayList<>();
            list.add(chart);
            return list;
        }, () -> String.format("confusion matrix: %d classes, %d examples, %d correct (accuracy %.4f)",
                n, totalCount, correctCount, totalCount == 0 ? 0.0 : correctCount / (double) totalCount));
    }

    /** {@link #confusionMatrix(int[][], String[])} of an evaluation's matrix, with its class names. */
    public static Figure confusionMatrix(ConfusionCounts matrix) {
        List<String> names = matrix.classNames();
        return confusionMatrix(matrix.counts(), names == null || names.isEmpty() ? null : names.toArray(new String[0]));
    }

    // ---- pixel grids: tensors -----------------------------------------------------------------

    /**
     * Every channel of one image's activations {@code (C, H, W)} or {@code (1, C, H, W)} in a
     * labelled grid; lecture: {@code Plots.featureMaps(net.activations(image).get("conv1"), "conv1")}.
     *
     * @throws IllegalArgumentException for a batch of several images or another rank
     */
    public static ImageGrid featureMaps(Tensor activation, String title) {
        return featureMaps(activation.toArray(), activation.shape(), title);
    }

    /** {@link #featureMaps(Tensor, String)} without a title. */
    public static ImageGrid featureMaps(Tensor activation) {
        return featureMaps(activation, null);
    }

    /**
     * One grid per image-shaped layer output {@code (1, C, H, W)} (convolution, activation and
     * pooling maps), in network order, titled with the layer names, one under another as one
     * picture: {@code net.featureMaps(x).plot()}. {@link PlotStack#plots()} gives the grids.
     *
     * @throws IllegalArgumentException if no layer output is image-shaped (a net of dense layers)
     */
    public static PlotStack featureMaps(LayerOutputs activations) {
        List<ImageGrid> grids = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : activations.asMap().entrySet()) {
            if (e.getValue().rank() == 4) {
                grids.add(featureMaps(e.getValue(), e.getKey()));
            }
        }
        if (grids.isEmpty()) {
            throw new IllegalArgumentException("featureMaps: no layer output is image-shaped (1, C, H, W) in " + activations
                    + "; feature maps come from conv, activation and pooling layers before flatten()");
        }
        return new PlotStack("", grids);
    }

    /**
     * Learned kernels {@code (C_out, C_in, kH, kW)}: one row per filter, one column per input channel.
     *
     * @throws IllegalArgumentException if the weight is not 4-D
     */
    public static ImageGrid filters(Tensor weight) {
        return filters(weight.toArray(), weight.shape(), null);
    }

    /** The kernels of a convolution layer: {@code Plots.filters(net.filters("conv1"))}. */
    public static ImageGrid filters(Kernels filters) {
        return filters(filters.tensor().toArray(), filters.tensor().shape(), filters.layer());
    }

    /**
     * An input image {@code (H, W)}, {@code (1, H, W)}, {@code (1, 1, H, W)} (grey) or
     * {@code (3, H, W)} (colour).
     */
    public static ImageGrid image(Tensor image) {
        return image(image.toArray(), image.shape());
    }

    /**
     * Sample images {@code (N, 1, H, W)} with true and predicted labels, mistakes marked in red.
     *
     * @see #samples(float[], int[], int[], int[], String[])
     */
    public static ImageGrid samples(Tensor images, int[] trueLabels, int[] predictedLabels, String[] classNames) {
        return samples(images.toArray(), images.shape(), trueLabels, predictedLabels, classNames);
    }

    /**
     * The first {@code count} examples of {@code data} with the net's predictions (in dataset
     * order, as {@code net.evaluate(data).predictions()} gives them); mistakes marked in red.
     *
     * @throws IllegalArgumentException if there are fewer predictions than {@code count}
     */
    public static ImageGrid samples(Dataset data, int[] predicted, int count) {
        int n = Math.min(count, data.size());
        if (predicted != null && predicted.length < n) {
            throw new IllegalArgumentException("samples: " + n + " examples but only " + predicted.length
                    + " predictions; pass net.evaluate(data).predictions()");
        }
        int[] labels = Arrays.copyOf(data.labels(), n);
        return samples(data.images(0, n), labels, predicted == null ? null : Arrays.copyOf(predicted, n),
                data.classNames().toArray(new String[0]));
    }

    /**
     * Up to {@code count} of the examples the net got wrong (in dataset order), each with its true and
     * predicted class: {@code Plots.mistakes(test, net.evaluate(test), 16)}.
     */
    public static ImageGrid mistakes(Dataset data, Predictions evaluation, int count) {
        int[] wrong = evaluation.misclassified();
        int n = Math.min(count, wrong.length);
        if (n == 0) {
            throw new IllegalArgumentException("mistakes: the net classified all " + evaluation.size()
                    + " examples correctly; there is nothing to show (try Plots.samples(data, predictions, 16))");
        }
        int[] shape = data.images(0, 1).shape();
        int per = data.exampleSize();
        float[] images = new float[n * per];
        int[] truth = new int[n];
        int[] predicted = new int[n];
        int[] all = evaluation.predictions();
        for (int i = 0; i < n; i++) {
            System.arraycopy(data.image(wrong[i]).toArray(), 0, images, i * per, per);
            truth[i] = data.label(wrong[i]);
            predicted[i] = all[wrong[i]];
        }
        shape[0] = n;
        return samples(images, shape, truth, predicted, data.classNames().toArray(new String[0]));
    }

    /** A 2-D tensor (or one with a single row/column of batches, e.g. (1, 1, 5, 5)) as a table. */
    public static MatrixView matrix(Tensor matrix) {
        int[] s = matrix.shape();
        int rows = s.length >= 2 ? s[s.length - 2] : 1;
        int cols = s.length >= 1 ? s[s.length - 1] : 1;
        if (rows * cols != matrix.numel()) {
            throw new IllegalArgumentException("matrix: expected a 2-D tensor (or (1, 1, H, W)) but got "
                    + Arrays.toString(s).replace('[', '(').replace(']', ')'));
        }
        return matrix(matrix.toArray(), rows, cols);
    }

    // ---- pixel grids (float[] + shape; Tensor overloads delegate here) --------------------------

    /**
     * Every channel of one image's activations in a labelled grid ("ch 0", "ch 1", ...), with a
     * shared value range and a scale bar.
     *
     * @param data  the values, row-major
     * @param shape {@code (C, H, W)}, {@code (1, C, H, W)} or {@code (H, W)}
     * @param title the grid's title, e.g. the layer name "conv1" (null for none)
     * @throws IllegalArgumentException if the shape does not fit the data or has another rank
     */
    public static ImageGrid featureMaps(float[] data, int[] shape, String title) {
        checkData("featureMaps", data, shape);
        int[] chw = chw("featureMaps", shape);
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            tiles.add(new ImageGrid.Tile(Arrays.copyOfRange(data, i * h * w, (i + 1) * h * w), 1, h, w,
                    new String[] {"ch " + i}, null, null));
        }
        String name = title == null || title.isEmpty() ? "feature maps" : "feature maps '" + title + "'";
        return new ImageGrid(title == null ? "" : title, name + ": " + c + (c == 1 ? " channel" : " channels")
                + " of " + h + "x" + w, tiles, 90);
    }

    /**
     * Learned kernels of a convolution layer: one row per output channel (filter), one column per
     * input channel, on a shared diverging scale (blue negative, red positive).
     *
     * @param weights the values, row-major
     * @param shape   {@code (C_out, C_in, kH, kW)}
     * @throws IllegalArgumentException if the shape is not 4-D or does not fit the data
     */
    public static ImageGrid filters(float[] weights, int[] shape, String title) {
        checkData("filters", weights, shape);
        if (shape.length != 4) {
            throw new IllegalArgumentException("filters: expected a convolution weight (C_out, C_in, kH, kW) but got "
                    + Arrays.toString(shape).replace('[', '(').replace(']', ')') + "; e.g. net.filters(\"conv1\")");
        }
        int out = shape[0];
        int in = shape[1];
        int kh = shape[2];
        int kw = shape[3];
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                int off = (o * in + i) * kh * kw;
                // one input channel (grey images): a labelled grid of filters instead of one tall column
                String[] label = in == 1 ? new String[] {"filter " + o} : new String[0];
                tiles.add(new ImageGrid.Tile(Arrays.copyOfRange(weights, off, off + kh * kw), 1, kh, kw, label, null, null));
            }
        }
        String[] rows = new String[out];
        for (int o = 0; o < out; o++) {
            rows[o] = "filter " + o;
        }
        String[] cols = new String[in];
        for (int i = 0; i < in; i++) {
            cols[i] = "in " + i;
        }
        String name = (title == null || title.isEmpty() ? "filters" : "filters '" + title + "'") + ": " + out + " x " + in
                + " kernels of " + kh + "x" + kw;
        if (in == 1) {
            return new ImageGrid(title == null ? "" : title, name, tiles, 48).colorMap(ColorMap.DIVERGING);
        }
        return new ImageGrid(title == null ? "" : title, name, tiles, in > 8 ? 18 : 48)
                .headers(rows, cols).gap(in > 8 ? 2 : 4).colorMap(ColorMap.DIVERGING);
    }

    /**
     * An input image: {@code (H, W)}, {@code (1, H, W)} or {@code (1, 1, H, W)} in grey,
     * {@code (3, H, W)} or {@code (1, 3, H, W)} in colour (values mapped from their range to 0..255).
     *
     * @throws IllegalArgumentException for other shapes (several images: use {@link #samples})
     */
    public static ImageGrid image(float[] data, int... shape) {
        checkData("image", data, shape);
        int[] chw = chw("image", shape);
        if (chw[0] != 1 && chw[0] != 3) {
            throw new IllegalArgumentException("image: expected 1 (grey) or 3 (RGB) channels but got " + chw[0]
                    + "; for activations with many channels use Plots.featureMaps(...)");
        }
        ImageGrid.Tile tile = new ImageGrid.Tile(data.clone(), chw[0], chw[1], chw[2], new String[0], null, null);
        ImageGrid grid = new ImageGrid("", "image: " + chw[1] + "x" + chw[2] + (chw[0] == 3 ? " RGB" : " grey"), List.of(tile), 224);
        return chw[0] == 1 ? grid.colorMap(ColorMap.GREY) : grid;
    }

    /**
     * A grid of sample images with their labels: correct predictions show the class name,
     * mistakes a red border and both "true: Coat" and "pred: Shirt" in red.
     *
     * @param images          {@code (N, 1, H, W)}, {@code (N, H, W)} or {@code (N, 3, H, W)} values, row-major
     * @param shape           the images' shape
     * @param trueLabels      N class indices
     * @param predictedLabels N class indices, or null to show the true labels only
     * @param classNames      names by class index, or null for numbers
     * @throws IllegalArgumentException if the label counts differ from N or a label has no name
     */
    public static ImageGrid samples(float[] images, int[] shape, int[] trueLabels, int[] predictedLabels, String[] classNames) {
        checkData("samples", images, shape);
        if (shape.length != 3 && shape.length != 4) {
            throw new IllegalArgumentException("samples: expected images (N, 1, H, W) or (N, H, W) but got "
                    + Arrays.toString(shape).replace('[', '(').replace(']', ')'));
        }
        int n = shape[0];
        int c = shape.length == 4 ? shape[1] : 1;
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("samples: expected 1 or 3 channels but got " + c);
        }
        if (trueLabels == null || trueLabels.length != n) {
            throw new IllegalArgumentException("samples: " + n + " images but " + (trueLabels == null ? "no" : trueLabels.length)
                    + " true labels; pass one label per image");
        }
        if (predictedLabels != null && predictedLabels.length != n) {
            throw new IllegalArgumentException("samples: " + n + " images but " + predictedLabels.length
                    + " predicted labels; pass one per image, or null");
        }
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        int mistakes = 0;
        for (int i = 0; i < n; i++) {
            float[] one = Arrays.copyOfRange(images, i * c * h * w, (i + 1) * c * h * w);
            String truth = className(classNames, trueLabels[i]);
            if (predictedLabels == null || predictedLabels[i] == trueLabels[i]) {
                tiles.add(new ImageGrid.Tile(one, c, h, w, predictedLabels == null ? new String[] {truth} : new String[] {truth, ""},
                        null, null));
            } else {
                mistakes++;
                tiles.add(new ImageGrid.Tile(one, c, h, w,
                        new String[] {"true: " + truth, "pred: " + className(classNames, predictedLabels[i])},
                        ImageGrid.MISTAKE, ImageGrid.MISTAKE));
            }
        }
        String what = "sample grid: " + n + " images" + (predictedLabels == null ? " with their labels"
                : ", " + mistakes + (mistakes == 1 ? " mistake" : " mistakes") + " marked in red");
        ImageGrid grid = new ImageGrid("", what, tiles, 84).gap(10).columns(Math.min(n, 8)).scaleBar(false);
        return c == 1 ? grid.colorMap(ColorMap.GREY) : grid;
    }

    private static String className(String[] names, int label) {
        if (names == null) {
            return String.valueOf(label);
        }
        if (label < 0 || label >= names.length) {
            throw new IllegalArgumentException("samples: label " + label + " has no class name (there are "
                    + names.length + " names, indices 0 to " + (names.length - 1) + ")");
        }
        return names[label];
    }

    // ---- what the network looks at -----------------------------------------------------------

    /**
     * An attribution map beside its image: three tiles, the image (grey or RGB), the map in colour
     * with its scale bar, and the map laid over the image (more opaque where the map is stronger).
     * What {@code net.saliency(..).plot()}, {@code net.gradCam(..).plot()} and
     * {@code net.occlusion(..).plot()} draw.
     *
     * @param image      the image, {@code (C, H, W)} or {@code (1, C, H, W)} with 1 or 3 channels
     * @param imageShape its shape
     * @param heat       the map at the image's resolution, {@code H × W} values row-major
     * @param label      what the map is, e.g. "Grad-CAM conv2"
     * @param signed     true for maps with both signs (blue negative, white 0, red positive);
     *                   false for maps of magnitudes (viridis from 0 to the maximum)
     * @throws IllegalArgumentException if the map does not have the image's height and width
     */
    public static ImageGrid attribution(float[] image, int[] imageShape, float[] heat, String label, boolean signed) {
        checkData("attribution", image, imageShape);
        int[] chw = chw("attribution", imageShape);
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("attribution: expected an image with 1 (grey) or 3 (RGB) channels but got " + c);
        }
        if (heat == null || heat.length != h * w) {
            throw new IllegalArgumentException("attribution: the image is " + h + "x" + w + " = " + h * w + " pixels but the map has "
                    + (heat == null ? "none" : heat.length + " values") + "; resize the map to the image first (e.g. gradCam.heatmap())");
        }
        double lowest = 0;
        double highest = 0;
        for (float v : heat) {
            if (Float.isFinite(v)) {
                lowest = Math.min(lowest, v);
                highest = Math.max(highest, v);
            }
        }
        double low;
        double high;
        if (signed) {
            double m = Math.max(Math.abs(lowest), Math.abs(highest));
            low = m > 0 ? -m : -1;
            high = m > 0 ? m : 1;
        } else {
            low = 0;
            high = highest > 0 ? highest : 1;
        }
        ColorMap map = signed ? ColorMap.DIVERGING : ColorMap.VIRIDIS;
        // the image's own range, to grey levels in [0, 1]
        double imgLow = Double.POSITIVE_INFINITY;
        double imgHigh = Double.NEGATIVE_INFINITY;
        for (float v : image) {
            imgLow = Math.min(imgLow, v);
            imgHigh = Math.max(imgHigh, v);
        }
        double imgSpan = imgHigh > imgLow ? imgHigh - imgLow : 1;
        int plane = h * w;
        // NOTE: the grid maps every tile through one value range (that of the map, so that its scale
        // bar is right); the RGB tiles are therefore stored as colours in [0, 1] scaled into that range
        double span = high - low;
        float[] input = new float[3 * plane];
        float[] overlay = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            double t = Float.isFinite(heat[i]) ? (heat[i] - low) / span : (signed ? 0.5 : 0);
            double strength = Math.min(1, signed ? Math.abs(2 * t - 1) : t);
            double alpha = 0.75 * strength;
            int rgb = map.rgb(t);
            for (int ch = 0; ch < 3; ch++) {
                double grey = (image[(c == 3 ? ch : 0) * plane + i] - imgLow) / imgSpan;
                double colour = ((rgb >> (16 - 8 * ch)) & 255) / 255.0;
                input[ch * plane + i] = (float) (low + grey * span);
                overlay[ch * plane + i] = (float) (low + ((1 - alpha) * grey + alpha * colour) * span);
            }
        }
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        tiles.add(new ImageGrid.Tile(input, 3, h, w, new String[] {"image"}, null, null));
        tiles.add(new ImageGrid.Tile(heat.clone(), 1, h, w, new String[] {label}, null, null));
        tiles.add(new ImageGrid.Tile(overlay, 3, h, w, new String[] {"over the image"}, null, null));
        return new ImageGrid("", "attribution '" + label + "' over a " + h + "x" + w + " image", tiles, 168)
                .colorMap(map).range(low, high);
    }

    /**
     * Examples with what a net made of them, one tile each labelled "true: Coat", "pred: Shirt 0.93"
     * and "loss 2.41"; wrong predictions with a red border and red labels. What
     * {@code evaluation.mistakes(24).plot()} and {@code evaluation.topLosses(16).plot()} draw.
     *
     * @param images      {@code (N, C, H, W)} or {@code (N, H, W)}, 1 or 3 channels, row-major
     * @param shape       their shape
     * @param truth       N true classes
     * @param predicted   N predicted classes
     * @param confidences N probabilities of the predicted classes, or null
     * @param losses      N losses, or null
     * @param classNames  names by class index, or null for numbers
     * @throws IllegalArgumentException if an array does not hold N entries or a class has no name
     */
    public static ImageGrid predictions(float[] images, int[] shape, int[] truth, int[] predicted, float[] confidences,
                                        float[] losses, String[] classNames) {
        samples(images, shape, truth, predicted, classNames); // the same checks of shapes, labels and names
        int n = shape[0];
        if (predicted == null) {
            throw new IllegalArgumentException("predictions: expected " + n + " predicted classes but got null; use Plots.samples for labels only");
        }
        if (confidences != null && confidences.length != n || losses != null && losses.length != n) {
            throw new IllegalArgumentException("predictions: " + n + " images but " + (confidences != null ? confidences.length : n)
                    + " probabilities and " + (losses != null ? losses.length : n) + " losses; pass one of each per image (or null)");
        }
        int c = shape.length == 4 ? shape[1] : 1;
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            float[] one = Arrays.copyOfRange(images, i * c * h * w, (i + 1) * c * h * w);
            String pred = "pred: " + className(classNames, predicted[i])
                    + (confidences == null ? "" : String.format(java.util.Locale.ROOT, " %.2f", confidences[i]));
            String[] label = losses == null ? new String[] {"true: " + className(classNames, truth[i]), pred}
                    : new String[] {"true: " + className(classNames, truth[i]), pred,
                        String.format(java.util.Locale.ROOT, "loss %.2f", losses[i])};
            boolean mistake = predicted[i] != truth[i];
            wrong += mistake ? 1 : 0;
            tiles.add(new ImageGrid.Tile(one, c, h, w, label, mistake ? ImageGrid.MISTAKE : null, mistake ? ImageGrid.MISTAKE : null));
        }
        String what = "predictions: " + n + " images, " + wrong + (wrong == 1 ? " mistake" : " mistakes") + " marked in red"
                + (losses == null ? "" : String.format(java.util.Locale.ROOT, ", losses %.3g to %.3g", min(losses), max(losses)));
        ImageGrid grid = new ImageGrid("", what, tiles, 84).gap(12).columns(Math.min(n, 8)).scaleBar(false);
        return c == 1 ? grid.colorMap(ColorMap.GREY) : grid;
    }

    private static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /**
     * Per-class accuracy as bars (0 to 1), the overall accuracy as a dashed line:
     * {@code evaluation.perClass().plot()}.
     *
     * @throws IllegalArgumentException if the names and values differ in number
     */
    public static Figure perClassAccuracy(String[] classNames, double[] accuracy, double overall) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("accuracy", accuracy);
        return classBars("per-class accuracy", classNames, series, overall,
                String.format(java.util.Locale.ROOT, "per-class accuracy (overall %.4f)", overall));
    }

    /**
     * Precision and recall per class as paired bars: {@code evaluation.perClass().plotPrecisionRecall()}.
     *
     * @throws IllegalArgumentException if the names and values differ in number
     */
    public static Figure precisionRecall(String[] classNames, double[] precision, double[] recall) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("precision", precision);
        series.put("recall", recall);
        return classBars("precision and recall", classNames, series, Double.NaN, "precision and recall per class");
    }

    private static Figure classBars(String what, String[] classNames, Map<String, double[]> series, double overall, String title) {
        if (classNames == null || classNames.length == 0) {
            throw new IllegalArgumentException(what + ": expected one name per class but got none");
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue() == null || e.getValue().length != classNames.length) {
                throw new IllegalArgumentException(what + ": " + classNames.length + " class names but "
                        + (e.getValue() == null ? "no" : String.valueOf(e.getValue().length)) + " " + e.getKey() + " values; pass one per class");
            }
        }
        List<String> names = Arrays.asList(classNames.clone());
        Map<String, double[]> copy = new LinkedHashMap<>();
        series.forEach((k, v) -> copy.put(k, v.clone()));
        Color[] colours = {LossCurve.TRAIN, LossCurve.VALIDATION};
        return new Figure(title, Math.max(640, 90 + 64 * names.size()), 400, 1, 1, (f, w, h) -> {
            CategoryChart chart = new CategoryChartBuilder().width(w).height(h).title(f.title()).yAxisTitle(what.contains("accuracy")
                    ? "accuracy" : "fraction").build();
            ChartPlot.style(chart.getStyler());
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
            chart.getStyler().setYAxisDecimalPattern("0.0");
            chart.getStyler().setXAxisLabelRotation(names.size() > 6 ? 30 : 0);
            chart.getStyler().setLegendVisible(copy.size() > 1 || Double.isFinite(overall));
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setOverlapped(false);
            int i = 0;
            for (Map.Entry<String, double[]> e : copy.entrySet()) {
                List<Double> values = new ArrayList<>();
                for (double v : e.getValue()) {
                    values.add(Double.isFinite(v) ? v : 0.0);
                }
                CategorySeries s = chart.addSeries(e.getKey(), names, values);
                s.setFillColor(colours[i++ % colours.length]);
            }
            if (Double.isFinite(overall)) {
                List<Double> line = new ArrayList<>();
                for (int k = 0; k < names.size(); k++) {
                    line.add(overall);
                }
                CategorySeries s = chart.addSeries(String.format(java.util.Locale.ROOT, "overall %.3f", overall), names, line);
                s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
                s.setLineColor(Color.DARK_GRAY);
                s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                s.setMarker(SeriesMarkers.NONE);
                chart.getStyler().setOverlapped(true);
            }
            List<Chart<?, ?>> list = new ArrayList<>();
            list.add(chart);
            return list;
        }, () -> {
            StringBuilder sb = new StringBuilder(what).append(" bars, ").append(names.size()).append(" classes");
            for (Map.Entry<String, double[]> e : copy.entrySet()) {
                double lo = Double.POSITIVE_INFINITY;
                int at = 0;
                for (int k = 0; k < names.size(); k++) {
                    if (e.getValue()[k] < lo) {
                        lo = e.getValue()[k];
                        at = k;
                    }
                }
                sb.append(String.format(java.util.Locale.ROOT, "; lowest %s %.3f (%s)", e.getKey(), lo, names.get(at)));
            }
            return sb.toString();
        });
    }

    // ---- worked matrices ----------------------------------------------------------------------

    /** A small matrix as a table (HTML, text and picture); {@code .highlight(r, c, h, w)} marks a window. */
    public static MatrixView matrix(double[][] values) {
        double[][] m = rectangular("matrix", values);
        return new MatrixView("", "matrix " + m.length + "x" + m[0].length)
                .add(new MatrixView.Table("", m, new int[m.length][m[0].length]));
    }

    /** {@link #matrix(double[][])} for whole numbers, like the lecture's binary image. */
    public static MatrixView matrix(int[][] values) {
        return matrix(toDouble(values));
    }

    /** {@link #matrix(double[][])} for row-major values of a {@code rows × cols} matrix. */
    public static MatrixView matrix(float[] data, int rows, int cols) {
        checkData("matrix", data, new int[] {rows, cols});
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = data[r * cols + c];
            }
        }
        return matrix(m);
    }

    /**
     * A worked convolution, position by position ({@link ConvolutionSteps#at}); lecture 2: the 5×5
     * image 11100/01110/00111/00110/01100 with the kernel 101/010/101 gives 4 3 4 / 2 4 3 / 2 3 4.
     */
    public static ConvolutionSteps convolutionSteps(double[][] image, double[][] kernel) {
        return new ConvolutionSteps(image, kernel);
    }

    /** {@link #convolutionSteps(double[][], double[][])} for whole-number matrices. */
    public static ConvolutionSteps convolutionSteps(int[][] image, int[][] kernel) {
        return new ConvolutionSteps(toDouble(image), toDouble(kernel));
    }

    /**
     * {@link #convolutionSteps(double[][], double[][])} for the tensors of a {@code F.conv2d} call:
     * a single-channel image and kernel, each {@code (H, W)}, {@code (1, H, W)} or {@code (1, 1, H, W)}.
     *
     * @throws IllegalArgumentException for more than one image or channel, naming the shape and a fix
     */
    public static ConvolutionSteps convolutionSteps(Tensor image, Tensor kernel) {
        return new ConvolutionSteps(singleChannel("image", image), singleChannel("kernel", kernel));
    }

    private static double[][] singleChannel(String what, Tensor t) {
        int[] s = t.shape();
        boolean leadingOnes = true;
        for (int i = 0; i < s.length - 2; i++) {
            leadingOnes &= s[i] == 1;
        }
        if (s.length < 2 || s.length > 4 || !leadingOnes) {
            throw new IllegalArgumentException("convolutionSteps: expected the " + what + " as (H, W), (1, H, W) or (1, 1, H, W)"
                    + " but got " + Arrays.toString(s).replace('[', '(').replace(']', ')')
                    + "; the worked steps show one channel: pick one, e.g. " + what + ".reshape(...) of a single image and channel");
        }
        int rows = s[s.length - 2];
        int cols = s[s.length - 1];
        float[] data = t.toArray();
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = data[r * cols + c];
            }
        }
        return m;
    }

    // ---- helpers ------------------------------------------------------------------------------

    static double[][] toDouble(int[][] values) {
        if (values == null) {
            return null;
        }
        double[][] m = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            m[r] = values[r] == null ? null : Arrays.stream(values[r]).asDoubleStream().toArray();
        }
        return m;
    }

    static double[][] rectangular(String what, double[][] values) {
        if (values == null || values.length == 0 || values[0] == null || values[0].length == 0) {
            throw new IllegalArgumentException(what + ": expected a non-empty rows x cols matrix but got "
                    + (values == null ? "null" : "no rows or an empty first row"));
        }
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null || values[r].length != values[0].length) {
                throw new IllegalArgumentException(what + ": expected every row to have " + values[0].length
                        + " entries like row 0, but row " + r + " has " + (values[r] == null ? "none" : values[r].length));
            }
            copy[r] = values[r].clone();
        }
        return copy;
    }

    static void checkData(String what, float[] data, int[] shape) {
        if (data == null || shape == null) {
            throw new IllegalArgumentException(what + ": expected values and a shape but got null");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException(what + ": every dimension must be at least 1 but the shape is "
                        + Arrays.toString(shape).replace('[', '(').replace(']', ')'));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(what + ": the shape " + Arrays.toString(shape).replace('[', '(').replace(']', ')')
                    + " holds " + n + " values but " + data.length + " were given");
        }
    }

    /** (C, H, W) from (H, W), (C, H, W) or (1, C, H, W). */
    static int[] chw(String what, int[] shape) {
        return switch (shape.length) {
            case 2 -> new int[] {1, shape[0], shape[1]};
            case 3 -> shape.clone();
            case 4 -> {
                if (shape[0] != 1) {
                    throw new IllegalArgumentException(what + ": expected one image (C, H, W) or (1, C, H, W) but got a batch "
                            + Arrays.toString(shape).replace('[', '(').replace(']', ')')
                            + "; pass the activations of a single image, or use Plots.samples(...) for several images");
                }
                yield new int[] {shape[1], shape[2], shape[3]};
            }
            default -> throw new IllegalArgumentException(what + ": expected (H, W), (C, H, W) or (1, C, H, W) but got "
                    + Arrays.toString(shape).replace('[', '(').replace(']', ')'));
        };
    }
}
