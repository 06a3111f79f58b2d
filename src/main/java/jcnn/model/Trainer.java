package jcnn.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import jcnn.data.Dataset;
import jcnn.nn.F;
import jcnn.nn.Mode;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.optim.Optimizer;
import jcnn.optim.Optimizers;
import jcnn.optim.Schedule;
import jcnn.tensor.TensorInternals;

/**
 * One training run of a net, configured fluently and started by {@link #run()}:
 *
 * <pre>{@code
 * import static jcnn.optim.Optimizers.*;
 * History h = net.train(FashionMnist.train()).validate(FashionMnist.test())
 *     .epochs(5).batch(64).optimizer(adam(1e-3)).l2(1e-4).seed(42).run();
 * }</pre>
 *
 * <p>Each batch ({@link BatchLoop}, the loop predict and evaluate use too): forward in
 * {@link Mode#TRAIN} (dropout on, batch norm on the batch's statistics, updating its running ones),
 * cross-entropy on the scores (a final softmax layer is folded into the stable fused loss), plus
 * {@code l1·Σ|w|} and {@code l2·Σw²} over the weights (parameters of kind {@code WEIGHT}: not
 * biases, not BatchNorm's gamma/beta, never state), backward, one optimizer step over the
 * trainable parameters; a schedule that watches the loss ({@code reduceOnPlateau}) is told the
 * monitored loss after each epoch. The examples are shuffled each
 * epoch with a seed derived from {@link #seed}. The epoch's training loss and accuracy are the
 * means over its batches as they were trained (dropout on, weights changing), as in Keras; the
 * validation figures use the weights at the end of the epoch. Defaults: 1 epoch, batch 32, {@code adam(1e-3)},
 * no penalties, constant rate, no early stopping, the net's seed.
 *
 * <p>Progress goes to the {@link #callbacks} and to the default display: the
 * {@link TrainingListener.Factory} with the highest priority found by {@link ServiceLoader} (a live
 * chart in notebooks), else {@link ConsoleProgress}; {@link #quiet()} turns the default off.
 *
 * <p>Stopping: interrupting the thread stops within one batch with a
 * {@link TrainingInterruptedException}; a loss that is NaN or infinite stops with an
 * {@link ArithmeticException} naming epoch and batch. In both cases the net keeps the weights of its
 * last completed step. Determinism: the same seed gives the same History (bit for bit) for any
 * number of threads.
 */
public final class Trainer {
    private final Net net;
    private final Dataset data;
    private Dataset validation;
    private int epochs = 1;
    private int batch = 32;
    private Optimizer optimizer = Optimizers.adam(1e-3);
    private double l1;
    private double l2;
    private double labelSmoothing;
    private Schedule schedule = Schedule.constant();
    private EarlyStopping stopping;  // from earlyStopping(n) and restoreBest(); joins the callbacks in run()
    private double validationSplit;
    private jcnn.data.Augmentation augment;
    private Long seed;
    private final List<TrainingListener> callbacks = new ArrayList<>();
    private boolean quiet;

    /** Usually made by {@code net.train(data)}. */
    public Trainer(Net net, Dataset data) {
        checkFits(net, data, "train");
        this.net = net;
        this.data = data;
    }

    static void checkFits(Net net, Dataset data, String what) {
        if (!data.exampleShape().equals(net.inputShape().withoutBatch())) {
            throw new IllegalArgumentException(what + ": the net expects examples " + net.inputShape().withoutBatch() + " but "
                    + data.name() + " has " + data.exampleShape() + "; build the net with Cnn.input" + data.exampleShape());
        }
        jcnn.tensor.Shape out = net.outputShape();
        if (out.rank() != 2 || out.dim(1) < data.numClasses()) {
            throw new IllegalArgumentException(what + ": the net outputs " + out + " but " + data.name() + " has "
                    + data.numClasses() + " classes; end the net with .dense(" + data.numClasses() + ")");
        }
    }

    /** Data for the validation loss and accuracy after every epoch. */
    public Trainer validate(Dataset validation) {
        checkFits(net, validation, "validate");
        if (validationSplit > 0) {
            throw new IllegalStateException("validate(...) after validationSplit(" + validationSplit + "): choose one");
        }
        this.validation = validation;
        return this;
    }

    public Trainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Examples per step (the last batch of an epoch holds the remainder). */
    public Trainer batch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        this.batch = batch;
        return this;
    }

    public Trainer optimizer(Optimizer optimizer) {
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
        return this;
    }

    /** Adds {@code lambda·Σ|w|} over all weights to the loss (lasso: drives weights to exactly 0). */
    public Trainer l1(double lambda) {
        this.l1 = penalty("l1", lambda);
        return this;
    }

    /** Adds {@code lambda·Σw²} over all weights to the loss (weight decay: keeps weights small). */
    public Trainer l2(double lambda) {
        this.l2 = penalty("l2", lambda);
        return this;
    }

    /**
     * Label smoothing ε for the training loss, as PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}:
     * each example's target is {@code 1 - ε + ε/C} for its label and {@code ε/C} for every other class
     * ({@link F#crossEntropy(Tensor, int[], double)}), so the net is not pushed to ever larger logits.
     * The training loss in the {@link History} includes it (its minimum is above 0); the validation
     * loss stays the plain cross-entropy of the predictions, as {@code net.evaluate(data).loss()}.
     * Default 0.
     *
     * @param epsilon in [0, 1), usually 0.1
     */
    public Trainer labelSmoothing(double epsilon) {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1) but got " + epsilon
                    + "; 0 turns it off, 0.1 is the usual amount");
        }
        this.labelSmoothing = epsilon;
        return this;
    }

    private static double penalty(String name, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + lambda);
        }
        return lambda;
    }

    /** Learning rate per epoch, e.g. {@code step(2, 0.5)}, or per batch, {@code warmupCosine(5, 0.5)}. */
    public Trainer schedule(Schedule schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
        return this;
    }

    /**
     * Stops when the validation loss (the training loss without validation data) has not improved
     * for {@code patience} epochs; 0 turns it off. Add {@link #restoreBest()} to end with the best
     * epoch's weights (or use the {@link EarlyStopping} callback).
     */
    public Trainer earlyStopping(int patience) {
        boolean restore = stopping != null && stopping.restoresBest();
        stopping = new EarlyStopping(patience);
        if (restore) {
            stopping.restoreBest();
        }
        return this;
    }

    /**
     * At the end of training, puts back the weights of the epoch with the lowest validation loss
     * (training loss without validation data), with or without {@link #earlyStopping}; see
     * {@link EarlyStopping#restoreBest()}.
     */
    public Trainer restoreBest() {
        if (stopping == null) {
            stopping = new EarlyStopping(0);
        }
        stopping.restoreBest();
        return this;
    }

    /**
     * Holds out {@code fraction} of the training data, drawn with the run's seed, as validation
     * data; the rest is trained on (see {@link ValidationSplit}). Instead of {@link #validate}.
     */
    public Trainer validationSplit(double fraction) {
        ValidationSplit.check(fraction);
        if (validation != null) {
            throw new IllegalStateException("validationSplit(" + fraction + ") after validate(" + validation.name()
                    + "): choose one");
        }
        this.validationSplit = fraction;
        return this;
    }

    /**
     * Randomly changes every training batch (never validation data), e.g.
     * {@code augment(Augment.shift(2).flipHorizontal())}; deterministic with the seed for any
     * thread count (see {@link jcnn.data.Augmentation}).
     *
     * @throws IllegalArgumentException if the augmentation changes the examples' shape
     */
    public Trainer augment(jcnn.data.Augmentation augmentation) {
        jcnn.tensor.Shape example = data.exampleShape();
        jcnn.tensor.Shape out = augmentation.outputShape(example);
        if (!out.equals(example)) {
            throw new IllegalArgumentException("augment: " + augmentation + " turns " + example + " examples into " + out
                    + " but the net expects " + example + "; crop to the images' own size, e.g. crop(" + example.dim(1)
                    + ", padding(4))");
        }
        this.augment = augmentation;
        return this;
    }

    /** Seed for the shuffling and dropout masks (default: the net's seed). */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Listeners told about every batch and epoch. */
    public Trainer callbacks(TrainingListener... listeners) {
        callbacks.addAll(List.of(listeners));
        return this;
    }

    /** No default progress display (callbacks still run). */
    public Trainer quiet() {
        quiet = true;
        return this;
    }

    /**
     * Trains the net in place and returns what happened.
     *
     * @throws TrainingInterruptedException if the thread is interrupted (the interrupt flag is cleared)
     * @throws ArithmeticException          if the loss becomes NaN or infinite
     */
    public History run() {
        List<TrainingListener> listeners = new ArrayList<>(callbacks);
        if (stopping != null) {
            listeners.add(stopping);
        }
        if (!quiet) {
            listeners.add(defaultDisplay());
        }
        for (TrainingListener l : listeners) {
            l.setNet(net);
        }
        long runSeed = seed != null ? seed : net.seed();
        // NOTE: these locals shadow the fields for the rest of run(): with validationSplit they are the two parts
        Dataset data = this.data;
        Dataset validation = this.validation;
        if (validationSplit > 0) {
            ValidationSplit split = ValidationSplit.of(data, validationSplit, ValidationSplit.seedFor(runSeed));
            data = split.train();
            validation = split.validation();
        }
        net.seedDropout(runSeed);
        optimizer.reset();
        schedule.reset();
        SplittableRandom shuffles = new SplittableRandom(runSeed);
        List<Parameter> params = net.parameters();
        List<Parameter> weights = params.stream().filter(Parameter::isWeight).toList();
        int n = data.size();
        int batches = (n + batch - 1) / batch;
        History history = new History();
        long start = System.nanoTime();
        int epoch = 1;
        int step = 0;
        double lastLoss = Double.NaN;
        int[] stepNow = {0};
        for (TrainingListener l : listeners) {
            l.onStart(new TrainingListener.Progress(1, epochs, 0, batches, Double.NaN, 0, history));
        }
        try {
            for (epoch = 1; epoch <= epochs; epoch++) {
                long epochStart = System.nanoTime();
                double[] rate = {schedule.rate(optimizer.learningRate(), epoch, 0, batches)};
                int[] order = Dataset.permutation(n, shuffles.nextLong());
                stepNow[0] = 0;
                BatchLoop.Source source = trainingBatches(data, runSeed, epoch);
                double[] lossSum = {0};
                long[] correct = {0};
                int epochNow = epoch;
                double[] last = {lastLoss};
                BatchLoop.over(n, data.exampleShape(), batch).order(order).training(true).run(source,
                        (index, from, to, x, y) -> {
                            stepNow[0] = index;
                            rate[0] = schedule.rate(optimizer.learningRate(), epochNow, index, batches);
                            int size = to - from;
                            for (Parameter p : params) {
                                p.tensor().zeroGrad();
                            }
                            Tensor logits = net.logits(x, Mode.TRAIN);
                            Tensor loss = F.crossEntropy(logits, y, labelSmoothing);
                            for (Parameter w : weights) {
                                if (l1 > 0) {
                                    loss = loss.add(F.l1(w.tensor()).mul((float) l1));
                                }
                                if (l2 > 0) {
                                    loss = loss.add(F.l2(w.tensor()).mul((float) l2));
                                }
                            }
                            double value = loss.item();
                            if (!Double.isFinite(value)) {
                                throw new ArithmeticException(String.format(Locale.ROOT,
                                        "training stopped: the loss became %s at epoch %d, batch %d (learning rate %g); the net keeps "
                                                + "its last finite step. Try a lower learning rate, e.g. %g", value, epochNow, index + 1,
                                        rate[0], rate[0] / 10));
                            }
                            loss.backward();
                            optimizer.step(params, rate[0]);
                            last[0] = value;
                            history.addBatch(value);
                            lossSum[0] += value * size;
                            int classes = logits.size(1);
                            float[] scores = TensorInternals.data(logits);
                            for (int i = 0; i < size; i++) {
                                if (Net.argmax(scores, i * classes, classes) == y[i]) {
                                    correct[0]++;
                                }
                            }
                            stepNow[0] = index + 1;
                            TrainingListener.Progress progress = new TrainingListener.Progress(epochNow, epochs, index + 1, batches,
                                    value, (System.nanoTime() - start) / 1e9, history);
                            for (TrainingListener l : listeners) {
                                l.onBatch(progress);
                            }
                        });
                lastLoss = last[0];
                step = stepNow[0];
                double validationLoss = Double.NaN;
                double validationAccuracy = Double.NaN;
                if (validation != null) {
                    Evaluation ev = Evaluation.of(net, validation, 256);
                    validationLoss = ev.loss();
                    validationAccuracy = ev.accuracy();
                }
                double trainLoss = lossSum[0] / n;
                history.addEpoch(trainLoss, (double) correct[0] / n, validationLoss, validationAccuracy,
                        (System.nanoTime() - epochStart) / 1e9, rate[0]);
                TrainingListener.Progress progress = new TrainingListener.Progress(epoch, epochs, batches, batches, lastLoss,
                        (System.nanoTime() - start) / 1e9, history);
                for (TrainingListener l : listeners) {
                    l.onEpoch(progress);
                }
                schedule.observe(epoch, validation != null ? validationLoss : trainLoss);
                boolean stop = false;
                for (TrainingListener l : listeners) {
                    stop |= l.stopRequested();
                }
                if (stop) {
                    break;
                }
            }
        } catch (CancellationException e) {
            // NOTE: also thrown by jcnn's parallel kernels when they see the interrupt mid-operation
            Thread.interrupted();
            step = stepNow[0];
            int e0 = Math.min(epoch, epochs);
            String where = step == 0 ? (e0 == 1 ? "before the first batch" : "after epoch " + (e0 - 1))
                    : "after epoch " + e0 + ", batch " + step;
            TrainingInterruptedException t = new TrainingInterruptedException(
                    "training interrupted " + where + " of " + batches + "; the net keeps its last completed step", history);
            t.initCause(e);
            throw t;
        } finally {
            TrainingListener.Progress end = new TrainingListener.Progress(Math.min(epoch, epochs), epochs, step, batches, lastLoss,
                    (System.nanoTime() - start) / 1e9, history);
            for (TrainingListener l : listeners) {
                l.onEnd(end);
            }
        }
        return history;
    }

    /** The training batches of one epoch: copied from the data, then augmented if asked. */
    private BatchLoop.Source trainingBatches(Dataset data, long runSeed, int epoch) {
        if (augment == null) {
            return data::copyBatch;
        }
        jcnn.data.Augmentation augmentation = augment;
        return (order, from, to, x, y) -> {
            data.copyBatch(order, from, to, x, y);
            augmentation.apply(x, to - from, data.exampleShape(), runSeed, epoch, from);
        };
    }

    private static TrainingListener defaultDisplay() {
        try {
            List<TrainingListener.Factory> factories = new ArrayList<>();
            ServiceLoader.load(TrainingListener.Factory.class).forEach(factories::add);
            factories.sort(Comparator.comparingInt(TrainingListener.Factory::priority).reversed());
            for (TrainingListener.Factory f : factories) {
                TrainingListener l = f.create();
                if (l != null) {
                    return l;
                }
            }
        } catch (ServiceConfigurationError e) {
            System.err.println("jcnn: ignoring a broken progress display: " + e.getMessage());
        }
        return new ConsoleProgress();
    }

    @Override
    public String toString() {
        return "Trainer(" + data.name() + ", epochs " + epochs + ", batch " + batch + ", " + optimizer + ")";
    }
}
