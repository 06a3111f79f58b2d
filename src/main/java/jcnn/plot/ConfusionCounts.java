package jcnn.plot;

import java.util.List;

/**
 * What a confusion-matrix picture draws: {@code counts()[true][predicted]} and the class names.
 * {@code jcnn.model.ConfusionMatrix} (from {@code net.evaluate(test).confusionMatrix()})
 * implements it; see {@link Plots#confusionMatrix(ConfusionCounts)}.
 */
public interface ConfusionCounts {
    /** {@code counts()[t][p]}: how many examples of true class {@code t} were predicted as {@code p}. */
    int[][] counts();

    /** The class names in class order, or an empty list (the picture then numbers the classes). */
    List<String> classNames();
}
