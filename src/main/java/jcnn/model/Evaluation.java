package jcnn.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jcnn.data.Dataset;
import jcnn.nn.F;
import jcnn.nn.Mode;
import jcnn.tensor.Tensor;
import jcnn.plot.Predictions;
import jcnn.tensor.TensorInternals;

/**
 * How a net does on a dataset: mean cross-entropy loss, accuracy, each example's predicted
 * class, probability and loss, the confusion matrix, per-class accuracy, precision and recall.
 * Made by {@code net.evaluate(data)}, in evaluation mode (dropout off) without an autograd tape.
 *
 * <pre>{@code
 * Evaluation ev = net.evaluate(test);
 * ev.mistakes(24).plot();        // the first 24 wrongly classified images, true and predicted class
 * ev.topLosses(16).plot();       // the 16 examples with the highest loss
 * ev.perClass().plot();          // per-class accuracy as bars; .plotPrecisionRecall() beside it
 * }</pre>
 */
public final class Evaluation implements Predictions {
    private final double loss;
    private final int[] predictions;
    private final int[] labels;
    private final List<String> classNames;
    private final float[] exampleLoss;
    private final float[] confidence;
    private final Dataset data;

    private Evaluation(double loss, int[] predictions, int[] labels, List<String> classNames, float[] exampleLoss,
                       float[] confidence, Dataset data) {
        this.loss = loss;
        this.predictions = predictions;
        this.labels = labels;
        this.classNames = classNames;
        this.exampleLoss = exampleLoss;
        this.confidence = confidence;
        this.data = data;
    }

    /**
     * Evaluates {@code net} on {@code data} in batches of {@code batchSize}.
     *
     * @throws IllegalArgumentException if the examples do not fit the net's input or it has fewer outputs than classes
     */
    public static Evaluation of(Net net, Dataset data, int batchSize) {
        Trainer.checkFits(net, data, "evaluate");
        int n = data.size();
        int[] predictions = new int[n];
        float[] exampleLoss = new float[n];
        float[] confidence = new float[n];
        int[] labels = data.labels();
        double[] lossSum = {0};
        BatchLoop.over(n, data.exampleShape(), batchSize).run(data::copyBatch, (index, from, to, x, y) -> {
            Tensor logits = net.logits(x, Mode.EVAL);
            lossSum[0] += (double) F.crossEntropy(logits, y).item() * (to - from);
            int classes = logits.size(1);
            float[] v = TensorInternals.data(logits);
            for (int i = 0; i < to - from; i++) {
                int p = Net.argmax(v, i * classes, classes);
                predictions[from + i] = p;
                // log-sum-exp in double: loss = lse - score[label], probability = exp(score[p] - lse)
                double lse = logSumExp(v, i * classes, classes);
                exampleLoss[from + i] = (float) (lse - v[i * classes + labels[from + i]]);
                confidence[from + i] = (float) Math.exp(v[i * classes + p] - lse);
            }
        });
        return new Evaluation(lossSum[0] / n, predictions, labels, data.classNames(), exampleLoss, confidence, data);
    }

    private static double logSumExp(float[] v, int offset, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            max = Math.max(max, v[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < count; j++) {
            sum += Math.exp(v[offset + j] - max);
        }
        return max + Math.log(sum);
    }

    /** Mean cross-entropy over the examples. */
    public double loss() {
        return loss;
    }

    /** Fraction of examples whose predicted class is the label, in [0, 1]. */
    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    public int size() {
        return labels.length;
    }

    /** Predicted class per example (a copy). */
    public int[] predictions() {
        return predictions.clone();
    }

    /** True class per example (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Indices of the wrongly classified examples, in dataset order. */
    public int[] misclassified() {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> predictions[i] != labels[i]).toArray();
    }

    /** Each example's cross-entropy loss {@code -log p(true class)} (a copy); their mean is {@link #loss()}. */
    public float[] losses() {
        return exampleLoss.clone();
    }

    /** Each example's probability of its predicted class (softmax of the scores; a copy). */
    public float[] confidences() {
        return confidence.clone();
    }

    /** The dataset this evaluation was made on. */
    public Dataset data() {
        return data;
    }

    /**
     * The first {@code count} wrongly classified examples (dataset order) with their images, true
     * and predicted classes and probabilities: {@code evaluation.mistakes(24).plot()}. Fewer
     * when the net makes fewer mistakes.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public Examples mistakes(int count) {
        checkCount("mistakes", count);
        int[] wrong = misclassified();
        return new Examples("mistakes", this, Arrays.copyOf(wrong, Math.min(count, wrong.length)));
    }

    /**
     * The {@code count} examples with the highest loss, highest first (ties in dataset order): the
     * confident mistakes and the doubtful right answers. {@code evaluation.topLosses(16).plot()}.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public Examples topLosses(int count) {
        checkCount("topLosses", count);
        Integer[] order = new Integer[labels.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(exampleLoss[b], exampleLoss[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int n = Math.min(count, order.length);
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            top[i] = order[i];
        }
        return new Examples("top losses", this, top);
    }

    private static void checkCount(String what, int count) {
        if (count < 1) {
            throw new IllegalArgumentException(what + ": expected a count of at least 1 but got " + count
                    + "; e.g. " + what + "(24)");
        }
    }

    /**
     * For each class, the fraction of the examples predicted as it that are it (NaN for a class
     * never predicted): {@code correct[c] / predicted[c]}.
     */
    public double[] precision() {
        int k = classNames.size();
        int[] predicted = new int[k];
        int[] correct = new int[k];
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] < k) {
                predicted[predictions[i]]++;
            }
            if (predictions[i] == labels[i]) {
                correct[labels[i]]++;
            }
        }
        double[] out = new double[k];
        Arrays.setAll(out, c -> predicted[c] == 0 ? Double.NaN : (double) correct[c] / predicted[c]);
        return out;
    }

    /** For each class, the fraction of its examples found: {@code correct[c] / examples[c]}, the same as {@link #perClassAccuracy()}. */
    public double[] recall() {
        return perClassAccuracy();
    }

    /** Per-class accuracy, precision and recall together, with {@code plot()} and {@code plotPrecisionRecall()}. */
    public ClassScores perClass() {
        return new ClassScores(classNames, perClassAccuracy(), precision(), recall(), accuracy());
    }

    /** Counts of (actual, predicted) pairs. */
    public ConfusionMatrix confusionMatrix() {
        int k = classNames.size();
        int[][] counts = new int[k][k];
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] < k) {
                counts[labels[i]][predictions[i]]++;
            }
        }
        return new ConfusionMatrix(counts, classNames);
    }

    /** For each class, the fraction of its examples classified correctly (NaN for a class without examples). */
    public double[] perClassAccuracy() {
        int k = classNames.size();
        int[] total = new int[k];
        int[] correct = new int[k];
        for (int i = 0; i < labels.length; i++) {
            total[labels[i]]++;
            if (predictions[i] == labels[i]) {
                correct[labels[i]]++;
            }
        }
        double[] out = new double[k];
        Arrays.setAll(out, c -> total[c] == 0 ? Double.NaN : (double) correct[c] / total[c]);
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Evaluation(%d examples: loss %.4f, accuracy %.4f)",
                size(), loss, accuracy()));
        double[] per = perClassAccuracy();
        for (int c = 0; c < per.length; c++) {
            sb.append(String.format(Locale.ROOT, "%n  %-14s %.4f", classNames.get(c), per[c]));
        }
        return sb.toString();
    }
}
