package jcnn.model;

import jcnn.tensor.TensorInternals;

import java.util.List;
import jcnn.nn.Parameter;

/**
 * Stops training when the monitored loss has not improved for {@code patience} epochs, and with
 * {@link #restoreBest()} puts back the weights of the best epoch when training ends (Keras's
 * {@code EarlyStopping(patience, restore_best_weights=True)}):
 *
 * <pre>{@code
 * net.train(data).validate(test).epochs(30).callbacks(earlyStopping(3).restoreBest()).run();
 * net.train(data).validate(test).epochs(30).earlyStopping(3).restoreBest().run();   // the same
 * }</pre>
 *
 * <p>The monitored loss is the validation loss, or the training loss when there is no validation
 * data. "Improved" means strictly lower than the best so far. Patience 0 never stops (useful with
 * {@code restoreBest()} alone). The best weights are restored when training ends normally (after
 * the last epoch or when this listener stops it), not when it is interrupted or diverges: then the
 * net keeps its last step, as the trainer documents. Optimizer state (momentum, Adam's moments) is
 * not restored.
 */
public final class EarlyStopping implements TrainingListener {
    private final int patience;
    private boolean restoreBest;
    private Net net;
    private double best;
    private int bestEpoch;
    private int worse;
    private int lastEpoch;
    private int epochs;
    private boolean stop;
    private float[][] bestWeights;

    /** Made by {@code Callbacks.earlyStopping(patience)} or the trainer's {@code earlyStopping(patience)}. */
    public EarlyStopping(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0: never stop), got " + patience);
        }
        this.patience = patience;
    }

    /** At the end of training, restore the weights of the epoch with the lowest monitored loss. */
    public EarlyStopping restoreBest() {
        restoreBest = true;
        return this;
    }

    /** Whether {@link #restoreBest()} was asked. */
    boolean restoresBest() {
        return restoreBest;
    }

    /** The epoch (from 1) with the lowest monitored loss so far; 0 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The lowest monitored loss so far (infinite before the first epoch). */
    public double bestLoss() {
        return best;
    }

    /** Whether this listener stopped the last run before its last epoch. */
    public boolean stopped() {
        return stop;
    }

    @Override
    public void setNet(Net net) {
        this.net = net;
    }

    @Override
    public void onStart(Progress p) {
        best = Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        worse = 0;
        lastEpoch = 0;
        epochs = p.epochs();
        stop = false;
        bestWeights = null;
    }

    @Override
    public void onEpoch(Progress p) {
        History h = p.history();
        lastEpoch = h.epochs();
        double monitored = monitored(h);
        if (monitored < best) {
            best = monitored;
            bestEpoch = lastEpoch;
            worse = 0;
            if (restoreBest) {
                bestWeights = copy(parameters(), bestWeights);
            }
        } else if (patience > 0 && ++worse >= patience) {
            stop = true;
        }
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    @Override
    public void onEnd(Progress p) {
        boolean normalEnd = stop || lastEpoch == epochs;
        if (restoreBest && normalEnd && bestWeights != null && bestEpoch != lastEpoch) {
            List<Parameter> params = parameters();
            for (int i = 0; i < params.size(); i++) {
                float[] live = TensorInternals.data(params.get(i).tensor());
                System.arraycopy(bestWeights[i], 0, live, 0, live.length);
            }
        }
    }

    private List<Parameter> parameters() {
        if (net == null) {
            throw new IllegalStateException("earlyStopping(" + patience + ").restoreBest() was not given the net; pass it to "
                    + "net.train(data).callbacks(...), which does");
        }
        // the running statistics (batch norm) belong to the best epoch as much as its weights
        List<Parameter> all = new java.util.ArrayList<>(net.parameters());
        all.addAll(net.state());
        return all;
    }

    /** The validation loss of the last epoch, or its training loss without validation data. */
    static double monitored(History h) {
        int e = h.epochs() - 1;
        return h.validationLoss().size() == h.epochs() ? h.validationLoss().get(e) : h.trainLoss().get(e);
    }

    private static float[][] copy(List<Parameter> params, float[][] into) {
        float[][] out = into != null && into.length == params.size() ? into : new float[params.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] data = TensorInternals.data(params.get(i).tensor());
            if (out[i] == null || out[i].length != data.length) {
                out[i] = new float[data.length];
            }
            System.arraycopy(data, 0, out[i], 0, data.length);
        }
        return out;
    }

    @Override
    public String toString() {
        return "earlyStopping(" + patience + ")" + (restoreBest ? ".restoreBest()" : "");
    }
}
