package jcnn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import jcnn.tensor.Tensor;

/**
 * A dataset cut into batches of {@code batchSize} examples, in order or in a seeded random order;
 * the last batch holds the remainder. Iterate it with a for-each loop:
 * {@code for (Batch b : data.batches(64, seed)) ...}. Fashion-MNIST's 60,000 training images
 * give {@code ceil(60000 / 64) = 938} batches.
 */
public final class Batches implements Iterable<Batches.Batch> {
    /** One batch: its index from 0, images {@code (n, C, H, W)} and labels {@code (n)}. */
    public record Batch(int index, Tensor images, int[] labels) {
        public int size() {
            return labels.length;
        }
    }

    private final Dataset data;
    private final int batchSize;
    private final int[] order;

    Batches(Dataset data, int batchSize, int[] order) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.order = order;
    }

    /** Number of batches: {@code ceil(size / batchSize)}. */
    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batch {@code index} (from 0). */
    public Batch get(int index) {
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + count());
        }
        int from = index * batchSize;
        int to = Math.min(from + batchSize, data.size());
        float[] x = new float[(to - from) * data.exampleSize()];
        int[] y = new int[to - from];
        data.copyBatch(order, from, to, x, y);
        return new Batch(index, Tensor.of(x, data.batchShape(to - from)), y);
    }

    @Override
    public Iterator<Batch> iterator() {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < count();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    @Override
    public String toString() {
        return "Batches(" + count() + " of " + batchSize + " from " + data + ")";
    }
}
