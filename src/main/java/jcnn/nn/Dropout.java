package jcnn.nn;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;

/**
 * Dropout (inverted): while training, each value is zeroed with probability {@code p} and the
 * kept ones are scaled by {@code 1/(1 − p)}, so evaluation needs no change (identity).
 *
 * <p>Input and output {@code (N, ...)}, same shape; no parameters. Masks come from a seed and a
 * step counter, so a training run is reproducible; {@link #reseed} restarts the sequence.
 */
public final class Dropout extends AbstractLayer {
    private final float p;
    private long seed;
    private long step;

    public Dropout(double p) {
        super("dropout");
        if (!(p >= 0 && p < 1)) {
            throw error("p (the probability to drop) must be in [0, 1) but got " + p + "; 0.5 drops half the units");
        }
        this.p = (float) p;
    }

    static Dropout fromConfig(LayerConfig c, Shape in) {
        return new Dropout(c.number("p"));
    }

    @Override
    public String kind() {
        return "dropout";
    }

    @Override
    public LayerConfig config() {
        return new LayerConfig().put("p", (double) p);
    }

    /** Takes the next seed of {@code random} for the mask sequence (called by the net and the trainer). */
    @Override
    public void reseed(java.util.SplittableRandom random) {
        reseed(random.nextLong());
    }

    public float p() {
        return p;
    }

    /** Restarts the mask sequence from {@code seed}. */
    public void reseed(long seed) {
        this.seed = seed;
        this.step = 0;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2) {
            throw mismatch("(N, ...)", input, "layers work on batches");
        }
        return input;
    }

    @Override
    protected Tensor compute(Tensor x, Mode mode) {
        if (mode != Mode.TRAIN || p == 0) {
            return x;
        }
        return F.dropout(x, p, true, nextStepSeed());
    }

    /** The next training step's mask seed (advances the step counter, as a training forward pass does). */
    long nextStepSeed() {
        // NOTE: a fresh mask per step: the seed mixed with the step number (SplittableRandom's mixer)
        return new java.util.SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * ++step)).nextLong();
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
