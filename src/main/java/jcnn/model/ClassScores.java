package jcnn.model;

import java.util.List;
import java.util.Locale;

/**
 * Per-class accuracy, precision and recall of an {@link Evaluation} ({@code evaluation.perClass()}):
 * {@code accuracy[c]} (= {@code recall[c]}) is the fraction of class {@code c}'s examples
 * classified as {@code c}; {@code precision[c]} the fraction of the examples predicted as
 * {@code c} that are {@code c}. NaN marks a class without examples, or never predicted.
 */
public final class ClassScores {
    private final List<String> classNames;
    private final double[] accuracy;
    private final double[] precision;
    private final double[] recall;
    private final double overall;

    ClassScores(List<String> classNames, double[] accuracy, double[] precision, double[] recall, double overall) {
        this.classNames = classNames;
        this.accuracy = accuracy;
        this.precision = precision;
        this.recall = recall;
        this.overall = overall;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Per-class accuracy (a copy). */
    public double[] accuracy() {
        return accuracy.clone();
    }

    /** Per-class precision (a copy). */
    public double[] precision() {
        return precision.clone();
    }

    /** Per-class recall (a copy). */
    public double[] recall() {
        return recall.clone();
    }

    /** Per-class accuracy as bars, the overall accuracy in the title. A deliberate one-line back-edge from train to plot. */
    public jcnn.plot.Figure plot() {
        return jcnn.plot.Plots.perClassAccuracy(names(), accuracy, overall);
    }

    /** Precision and recall per class as paired bars. */
    public jcnn.plot.Figure plotPrecisionRecall() {
        return jcnn.plot.Plots.precisionRecall(names(), precision, recall);
    }

    private String[] names() {
        return classNames.toArray(new String[0]);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s %9s %9s %9s", "class", "accuracy", "precision", "recall"));
        for (int c = 0; c < accuracy.length; c++) {
            sb.append(String.format(Locale.ROOT, "%n%-14s %9.4f %9.4f %9.4f", classNames.get(c), accuracy[c], precision[c], recall[c]));
        }
        return sb.toString();
    }
}
