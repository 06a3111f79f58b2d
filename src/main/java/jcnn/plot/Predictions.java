package jcnn.plot;

/**
 * What a grid of mistakes draws: a classifier's prediction for every example of a data set, in
 * data-set order. {@code jcnn.model.Evaluation} (from {@code net.evaluate(test)}) implements it;
 * see {@link Plots#mistakes(jcnn.data.Dataset, Predictions, int)}.
 */
public interface Predictions {
    /** How many examples were classified. */
    int size();

    /** The predicted class of every example, in data-set order. */
    int[] predictions();

    /** The indices of the examples whose prediction is not their label, ascending. */
    int[] misclassified();
}
