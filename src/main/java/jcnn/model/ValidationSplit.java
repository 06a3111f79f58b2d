package jcnn.model;

import java.util.Arrays;
import jcnn.data.Dataset;

/**
 * Holds out a random {@code fraction} of the training data for validation (Keras's
 * {@code validation_split}, but drawn at random rather than from the end): the trainer's
 * {@code validationSplit(0.1)}. The draw depends only on the seed, the two parts are disjoint
 * and together are the data; each keeps the data's order.
 */
public record ValidationSplit(Dataset train, Dataset validation) {

    /**
     * Splits {@code data}: {@code round(fraction · N)} examples, chosen by a permutation seeded by
     * {@code seed}, for validation; the rest for training.
     *
     * @throws IllegalArgumentException if a part would be empty
     */
    public static ValidationSplit of(Dataset data, double fraction, long seed) {
        check(fraction);
        int n = data.size();
        int held = (int) Math.round(fraction * n);
        if (held < 1 || held >= n) {
            throw new IllegalArgumentException("validationSplit(" + fraction + ") of " + n + " examples holds out " + held
                    + "; both parts need at least one example");
        }
        int[] order = Dataset.permutation(n, seed);
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(data.subset(train), data.subset(validation));
    }

    /** The split's seed for a run seeded by {@code runSeed} (not the shuffling's own stream). */
    static long seedFor(long runSeed) {
        return ~runSeed;
    }

    static double check(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit expects a fraction between 0 and 1 (exclusive), e.g. 0.1, got "
                    + fraction);
        }
        return fraction;
    }
}
