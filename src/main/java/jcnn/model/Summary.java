package jcnn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jcnn.tensor.Shape;
import jcnn.nn.Layer;
import jcnn.nn.Residual;

/**
 * A network's layers as a table (after Keras' {@code model.summary()}): name, type, output
 * shape, parameter count and the formula behind it, then the totals. Computed from shapes only,
 * so it works for networks far too big to allocate.
 *
 * <pre>
 * Input: (N, 1, 28, 28)
 * Layer (type)        Output shape         Params  Formula
 * conv1 (Conv2d)      (N, 32, 26, 26)         320  32·(1·3·3)+32
 * ...
 * Total params: 34,826 (136.0 KiB as float32)
 * </pre>
 */
public final class Summary {
    /**
     * One layer's line; {@code depth} 1 for a layer inside a block (shown indented under it, not
     * counted again in the totals); {@code trainable} excludes state such as running statistics.
     */
    public record Row(String name, String type, Shape outputShape, long params, String formula, int depth, long trainable) {
    }

    private final Shape input;
    private final List<Row> rows;

    private Summary(Shape input, List<Row> rows) {
        this.input = input;
        this.rows = List.copyOf(rows);
    }

    static Summary of(Shape input, List<? extends Layer> layers) {
        List<Row> rows = new ArrayList<>();
        add(rows, input, layers, 0);
        return new Summary(input, rows);
    }

    private static Shape add(List<Row> rows, Shape shape, List<? extends Layer> layers, int depth) {
        for (Layer layer : layers) {
            Shape in = shape;
            shape = layer.outputShape(shape);
            rows.add(new Row(layer.name(), layer.type(), shape, layer.parameterCount(), layer.formula(), depth,
                    layer.trainableCount()));
            if (!layer.children().isEmpty()) {
                // a block's inner layers: the branch in sequence, a projection (if any) from the block's input
                Shape inner = in;
                for (Layer child : layer.children()) {
                    boolean shortcut = layer instanceof Residual r && child == r.projection();
                    Shape out = add(rows, shortcut ? in : inner, List.of(child), depth + 1);
                    inner = shortcut ? inner : out;
                }
            }
        }
        return shape;
    }

    public Shape input() {
        return input;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Sum of all parameters. */
    public long totalParams() {
        long n = 0;
        for (Row r : rows) {
            n += r.depth() == 0 ? r.params() : 0;
        }
        return n;
    }

    /** Parameters that training updates: all but state (BatchNorm's running mean and variance). */
    public long trainableParams() {
        long n = 0;
        for (Row r : rows) {
            n += r.depth() == 0 ? r.trainable() : 0;
        }
        return n;
    }

    /** Bytes the parameters take as float32. */
    public long bytes() {
        return totalParams() * 4;
    }

    static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    @Override
    public String toString() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"Layer (type)", "Output shape", "Params", "Formula"});
        for (Row r : rows) {
            cells.add(new String[] {"  ".repeat(r.depth()) + r.name() + " (" + r.type() + ")", r.outputShape().toString(),
                    group(r.params()), r.formula()});
        }
        int[] width = new int[4];
        for (String[] c : cells) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder("Input: ").append(input).append('\n');
        for (String[] c : cells) {
            sb.append(pad(c[0], width[0], false)).append("  ").append(pad(c[1], width[1], false)).append("  ")
                    .append(pad(c[2], width[2], true));
            if (!c[3].isEmpty()) {
                sb.append("  ").append(c[3]);
            }
            sb.append('\n');
        }
        sb.append("Total params: ").append(group(totalParams())).append(" (").append(size(bytes())).append(" as float32)\n");
        sb.append("Trainable params: ").append(group(trainableParams())).append('\n');
        sb.append("Non-trainable params: ").append(group(totalParams() - trainableParams()));
        return sb.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    /** The same table as HTML, for notebooks. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table class=\"jcnn-summary\">\n<thead><tr><th>Layer (type)</th>"
                + "<th>Output shape</th><th style=\"text-align:right\">Params</th><th>Formula</th></tr></thead>\n<tbody>\n");
        sb.append("<tr><td>input</td><td>").append(input).append("</td><td style=\"text-align:right\">0</td><td></td></tr>\n");
        for (Row r : rows) {
            sb.append("<tr><td>").append("&nbsp;&nbsp;".repeat(r.depth())).append(escape(r.name())).append(" (").append(escape(r.type())).append(")</td><td>")
                    .append(r.outputShape()).append("</td><td style=\"text-align:right\">").append(group(r.params()))
                    .append("</td><td>").append(escape(r.formula())).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p>Total params: ").append(group(totalParams())).append(" (").append(size(bytes()))
                .append(" as float32)<br>Trainable params: ").append(group(trainableParams()))
                .append("<br>Non-trainable params: ").append(group(totalParams() - trainableParams())).append("</p>");
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
