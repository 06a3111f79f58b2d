package jcnn.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jcnn.data.Dataset;
import jcnn.nn.BatchLoop;
import jcnn.nn.F;
import jcnn.nn.Mode;
import jcnn.nn.Net;
import jcnn.tensor.Tensor;

/**
 * How a net does on a dataset: mean cross-entropy loss, accuracy, each example's predicted
 * class, the confusion matrix and per-class accuracy. Made by {@code net.evaluate(data)}, in
 * evaluation mode (dropout off) without an autograd tape.
 */
public final class Evaluation {
    private final double loss;
    private final int[] predictions;
    private final int[] labels;
    private final List<String> classNames;

    private Evaluation(double loss, int[] predictions, int[] labels, List<String> classNames) {
        this.loss = loss;
        this.predictions = predictions;
        this.labels = labels;
        this.classNames = classNames;
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
        double[] lossSum = {0};
        BatchLoop.over(n, data.exampleShape(), batchSize).run(data::copyBatch, (index, from, to, x, y) -> {
            Tensor logits = net.logits(x, Mode.EVAL);
            lossSum[0] += (double) F.crossEntropy(logits, y).item() * (to - from);
            int classes = logits.size(1);
            float[] v = logits.data();
            for (int i = 0; i < to - from; i++) {
                predictions[from + i] = Net.argmax(v, i * classes, classes);
            }
        });
        return new Evaluation(lossSum[0] / n, predictions, data.labels(), data.classNames());
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
