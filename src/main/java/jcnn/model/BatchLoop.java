package jcnn.model;

import jcnn.tensor.NoGrad;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.StepArena;

/**
 * The one loop over examples in batches that {@link Net#predict}, {@code Evaluation} and the
 * {@code Trainer} share: cuts {@code [0, n)} into batches (the last holds the remainder), copies
 * each batch's examples into a reused buffer, and runs the body inside a {@link StepArena} step
 * (the batch's activations and gradients are reused by the next), without an autograd tape
 * unless training. An interrupted thread stops before the next batch with a
 * {@link java.util.concurrent.CancellationException}.
 *
 * <pre>{@code
 * BatchLoop.over(data.size(), net.inputShape().withoutBatch(), 256)
 *     .run((order, from, to, x, y) -> data.copyBatch(order, from, to, x, y),
 *          (index, from, to, x, y) -> ... net.logits(x, Mode.EVAL) ...);
 * }</pre>
 */
public final class BatchLoop {
    /** Copies examples {@code order[from .. to)} (or {@code from .. to} when order is null) into {@code x}, their labels into {@code y}. */
    @FunctionalInterface
    public interface Source {
        void copy(int[] order, int from, int to, float[] x, int[] y);
    }

    /** One batch: its number from 0, its range, its examples {@code (to − from, ...)} and labels; both valid during the call only. */
    @FunctionalInterface
    public interface Body {
        void accept(int index, int from, int to, Tensor x, int[] y);
    }

    private final int n;
    private final Shape example;
    private final int batch;
    private int[] order;
    private boolean training;

    private BatchLoop(int n, Shape example, int batch) {
        if (n < 0 || batch < 1) {
            throw new IllegalArgumentException("BatchLoop: expected n >= 0 examples and a batch >= 1 but got " + n + " and " + batch);
        }
        this.n = n;
        this.example = example;
        this.batch = batch;
    }

    /** A loop over {@code n} examples of shape {@code example} (no batch axis) in batches of {@code batch}. */
    public static BatchLoop over(int n, Shape example, int batch) {
        return new BatchLoop(n, example, batch);
    }

    /** Visits the examples in this order (a permutation of 0..n−1; the trainer shuffles each epoch). */
    public BatchLoop order(int[] order) {
        this.order = order;
        return this;
    }

    /** Records the autograd tape and opens its own arena step per batch (training); else no tape, joining a caller's step. */
    public BatchLoop training(boolean training) {
        this.training = training;
        return this;
    }

    /** Number of batches: {@code ceil(n / batch)}. */
    public int batches() {
        return (n + batch - 1) / batch;
    }

    /** Runs {@code body} on every batch, in order. */
    public void run(Source source, Body body) {
        int exampleSize = (int) example.numel();
        int[] dims = example.dims();
        float[] x = new float[Math.min(n, batch) * exampleSize];
        int[] y = new int[Math.min(n, batch)];
        StepArena arena = new StepArena();
        try (NoGrad g = training ? null : Tensor.noGrad()) {
            for (int index = 0, from = 0; from < n; index++, from += batch) {
                jcnn.tensor.backend.Cancellation.check();   // the thread's interrupt or the kernel's stop request
                int to = Math.min(n, from + batch);
                int size = to - from;
                if (size != y.length) {
                    x = new float[size * exampleSize];
                    y = new int[size];
                }
                source.copy(order, from, to, x, y);
                int[] shape = new int[dims.length + 1];
                shape[0] = size;
                System.arraycopy(dims, 0, shape, 1, dims.length);
                try (var step = training ? arena.open() : arena.openOrJoin()) {
                    // training: the batch array is refilled only after this step, so it is wrapped, not copied
                    body.accept(index, from, to, training ? TensorInternals.wrap(x, shape) : Tensor.of(x, shape), y);
                }
            }
        }
    }
}
