package jcnn.model;

import java.util.List;
import java.util.Locale;
import jcnn.plot.ConfusionCounts;

/**
 * Counts of (actual class, predicted class) pairs: {@code get(actual, predicted)}. The diagonal
 * holds the correct predictions; a large off-diagonal count shows two classes the net confuses
 * (Fashion-MNIST: shirts taken for T-shirts).
 */
public final class ConfusionMatrix implements ConfusionCounts {
    private final int[][] counts;
    private final List<String> classNames;

    ConfusionMatrix(int[][] counts, List<String> classNames) {
        this.counts = counts;
        this.classNames = classNames;
    }

    /** The counts, {@code [actual][predicted]} (a copy). */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public int get(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return counts.length;
    }

    /**
     * The matrix as a heat map with counts ({@link jcnn.plot.Plots#confusionMatrix(ConfusionMatrix)}).
     * A deliberate one-line back-edge from train to plot.
     */
    public jcnn.plot.Figure plot() {
        return jcnn.plot.Plots.confusionMatrix(this);
    }

    /** Rows actual (index and name), columns predicted (index). */
    @Override
    public String toString() {
        int k = counts.length;
        int nameWidth = 0;
        int cell = 3;
        for (int i = 0; i < k; i++) {
            nameWidth = Math.max(nameWidth, (i + " " + classNames.get(i)).length());
            for (int j = 0; j < k; j++) {
                cell = Math.max(cell, Integer.toString(counts[i][j]).length());
            }
        }
        StringBuilder sb = new StringBuilder("Confusion matrix (rows: actual class, columns: predicted class)\n");
        sb.append(" ".repeat(nameWidth));
        for (int j = 0; j < k; j++) {
            sb.append(String.format(Locale.ROOT, " %" + cell + "d", j));
        }
        for (int i = 0; i < k; i++) {
            String label = i + " " + classNames.get(i);
            sb.append('\n').append(label).append(" ".repeat(nameWidth - label.length()));
            for (int j = 0; j < k; j++) {
                sb.append(String.format(Locale.ROOT, " %" + cell + "d", counts[i][j]));
            }
        }
        return sb.toString();
    }

    /** The matrix as an HTML table with class names, diagonal in bold. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table class=\"jcnn-confusion\">\n<tr><th>actual \\ predicted</th>");
        for (String name : classNames) {
            sb.append("<th>").append(escape(name)).append("</th>");
        }
        sb.append("</tr>\n");
        for (int i = 0; i < counts.length; i++) {
            sb.append("<tr><th>").append(escape(classNames.get(i))).append("</th>");
            for (int j = 0; j < counts.length; j++) {
                sb.append(i == j ? "<td><b>" + counts[i][j] + "</b></td>" : "<td>" + counts[i][j] + "</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
