package jcnn.model;

import static jcnn.model.Callbacks.checkpoint;
import static jcnn.model.Callbacks.earlyStopping;
import static jcnn.optim.Optimizers.adam;
import static jcnn.optim.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jcnn.data.Augment;
import jcnn.data.Dataset;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.backend.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** earlyStopping(..).restoreBest(), checkpoint(..), validationSplit(..) and augment(..). */
class TrainingConveniencesTest {
    static final Dataset TRAIN = Bars.make(256, 1);
    static final Dataset TEST = Bars.make(128, 2);

    /** Records a copy of every parameter after each epoch (index 0 = epoch 1). */
    static final class WeightsPerEpoch implements TrainingListener {
        final List<List<float[]>> epochs = new ArrayList<>();
        Net net;

        @Override
        public void setNet(Net net) {
            this.net = net;
        }

        @Override
        public void onEpoch(Progress p) {
            epochs.add(weights(net));
        }
    }

    static List<float[]> weights(Net net) {
        List<float[]> all = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            all.add(p.tensor().toArray());
        }
        return all;
    }

    static void assertSameWeights(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + ", parameter " + i);
        }
    }

    static int argminFrom1(List<Double> values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) < values.get(best)) {
                best = i;
            }
        }
        return best + 1;
    }

    /** Overfits 8 examples with a large step, so the validation loss rises again after its minimum. */
    static Trainer overfitting(Net net) {
        return net.train(TRAIN.take(8)).validate(TEST).epochs(12).batch(8).optimizer(adam(0.05)).seed(5).quiet();
    }

    static Net smallNet() {
        return TrainerTest.smallNet();
    }

    @Test
    void restoreBestEndsWithTheWeightsOfTheEpochWithTheLowestValidationLoss() {
        Net net = smallNet();
        WeightsPerEpoch seen = new WeightsPerEpoch();
        EarlyStopping stopping = earlyStopping(3).restoreBest();
        History h = overfitting(net).callbacks(seen, stopping).run();
        int best = argminFrom1(h.validationLoss());
        assertTrue(best < h.epochs(), "the set-up must have a best epoch before the last: " + h.validationLoss());
        assertEquals(best, stopping.bestEpoch());
        assertSameWeights(seen.epochs.get(best - 1), weights(net), "after training with restoreBest, best epoch " + best);
        assertTrue(stopping.stopped() == (h.epochs() < 12));
        assertEquals(h.validationLoss().get(best - 1), net.evaluate(TEST).loss(), 1e-9);

        Net plain = smallNet();
        WeightsPerEpoch plainSeen = new WeightsPerEpoch();
        History hp = overfitting(plain).callbacks(plainSeen, earlyStopping(3)).run();
        assertEquals(h.validationLoss(), hp.validationLoss());
        assertSameWeights(plainSeen.epochs.get(hp.epochs() - 1), weights(plain), "without restoreBest: the last epoch");
    }

    @Test
    void restoreBestAlsoRestoresTheBestEpochsRunningStatistics() {
        Net net = Cnn.input(1, 8, 8).conv(4, 3, Cnn.padding(1)).batchNorm().relu().maxPool(2).flatten().dense(2).softmax()
                .seed(3).build();
        EarlyStopping stopping = earlyStopping(3).restoreBest();
        History h = overfitting(net).callbacks(stopping).run();
        int best = argminFrom1(h.validationLoss());
        assertTrue(best < h.epochs(), "the set-up must have a best epoch before the last: " + h.validationLoss());
        // evaluation uses the running mean and variance: with only the weights put back, the loss would differ
        assertEquals(h.validationLoss().get(best - 1), net.evaluate(TEST).loss(), 1e-9);
    }

    @Test
    void theTrainersOwnEarlyStoppingRestoresTheBestToo() {
        Net net = smallNet();
        WeightsPerEpoch seen = new WeightsPerEpoch();
        History h = overfitting(net).earlyStopping(3).restoreBest().callbacks(seen).run();
        int best = argminFrom1(h.validationLoss());
        assertTrue(best < h.epochs(), h.validationLoss().toString());
        assertSameWeights(seen.epochs.get(best - 1), weights(net), "trainer.earlyStopping(3).restoreBest()");
        // restoreBest() alone: never stops early, ends with the best
        Net all = smallNet();
        WeightsPerEpoch allSeen = new WeightsPerEpoch();
        History ha = overfitting(all).restoreBest().callbacks(allSeen).run();
        assertEquals(12, ha.epochs());
        assertSameWeights(allSeen.epochs.get(argminFrom1(ha.validationLoss()) - 1), weights(all), "restoreBest() alone");
    }

    @Test
    void anInterruptedRunKeepsItsLastStepEvenWithRestoreBest() {
        Net net = smallNet();
        WeightsPerEpoch seen = new WeightsPerEpoch();
        TrainingListener interruptInEpoch3 = new TrainingListener() {
            @Override
            public void onBatch(Progress p) {
                if (p.epoch() == 3) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        assertThrows(TrainingInterruptedException.class,
                () -> overfitting(net).restoreBest().callbacks(seen, interruptInEpoch3).run());
        // epoch 3's single batch was trained before the interrupt was seen: not epoch 1's or 2's weights
        List<float[]> now = weights(net);
        for (List<float[]> earlier : seen.epochs) {
            assertFalse(java.util.Arrays.equals(earlier.get(0), now.get(0)), "weights were restored after an interrupt");
        }
    }

    @Test
    void bestOnlyCheckpointLoadsAsTheBestEpochsNet(@TempDir Path dir) throws Exception {
        Net net = smallNet();
        WeightsPerEpoch seen = new WeightsPerEpoch();
        Path file = dir.resolve("best.jcnn");
        Checkpoint checkpoint = checkpoint(file).bestOnly();
        History h = overfitting(net).callbacks(seen, checkpoint).run();
        int best = argminFrom1(h.validationLoss());
        assertTrue(best < h.epochs(), h.validationLoss().toString());
        Net loaded = Net.load(file);
        assertSameWeights(seen.epochs.get(best - 1), weights(loaded), "best-only checkpoint");
        assertEquals(h.validationLoss().get(best - 1), loaded.evaluate(TEST).loss(), 1e-9);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the checkpoint, no temporary file left");
        }
    }

    @Test
    void everyEpochCheckpointWritesOneLoadableFilePerEpoch(@TempDir Path dir) {
        Net net = smallNet();
        WeightsPerEpoch seen = new WeightsPerEpoch();
        net.train(TRAIN).epochs(3).batch(64).optimizer(sgd(0.1)).seed(2).quiet()
                .callbacks(seen, checkpoint(dir.resolve("runs").resolve("epoch-{epoch}.jcnn").toString())).run();
        for (int e = 1; e <= 3; e++) {
            Net loaded = Net.load(dir.resolve("runs").resolve("epoch-" + e + ".jcnn"));
            assertSameWeights(seen.epochs.get(e - 1), weights(loaded), "checkpoint of epoch " + e);
        }
        // a single path is overwritten each epoch and ends with the last epoch
        Path single = dir.resolve("last.jcnn");
        Net other = smallNet();
        WeightsPerEpoch otherSeen = new WeightsPerEpoch();
        other.train(TRAIN).epochs(2).batch(64).quiet().callbacks(otherSeen, checkpoint(single)).run();
        assertSameWeights(otherSeen.epochs.get(1), weights(Net.load(single)), "every-epoch checkpoint");
    }

    @Test
    void validationSplitIsDisjointCoversTheDataAndDependsOnlyOnTheSeed() {
        int n = 50;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;   // each example's single pixel is its index
            y[i] = i % 2;
        }
        Dataset data = Dataset.of(Tensor.of(x, n, 1, 1, 1), y, "even", "odd");
        ValidationSplit a = ValidationSplit.of(data, 0.2, 7);
        assertEquals(10, a.validation().size());
        assertEquals(40, a.train().size());
        Set<Float> seen = new HashSet<>();
        for (float v : a.train().images().toArray()) {
            seen.add(v);
        }
        for (float v : a.validation().images().toArray()) {
            assertTrue(seen.add(v), "example " + v + " is in both parts");
        }
        assertEquals(n, seen.size());
        for (Dataset part : List.of(a.train(), a.validation())) {
            float[] v = part.images().toArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals((int) v[i] % 2, part.label(i), "labels travel with their images");
                if (i > 0) {
                    assertTrue(v[i] > v[i - 1], "each part keeps the data's order");
                }
            }
        }
        assertArrayEquals(a.validation().images().toArray(), ValidationSplit.of(data, 0.2, 7).validation().images().toArray());
        assertFalse(java.util.Arrays.equals(a.validation().images().toArray(),
                ValidationSplit.of(data, 0.2, 8).validation().images().toArray()), "another seed, another split");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> smallNet().train(TRAIN).validationSplit(1.5));
        assertTrue(e.getMessage().contains("between 0 and 1") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> smallNet().train(TRAIN).validate(TEST).validationSplit(0.1));
    }

    @Test
    void validationSplitTrainsOnOnePartAndValidatesOnTheOther() {
        History split = smallNet().train(TRAIN).validationSplit(0.25).epochs(2).batch(32).seed(9).quiet().run();
        ValidationSplit parts = ValidationSplit.of(TRAIN, 0.25, ValidationSplit.seedFor(9));
        History explicit = smallNet().train(parts.train()).validate(parts.validation()).epochs(2).batch(32).seed(9).quiet().run();
        assertEquals(2 * 6, split.batchLoss().size());   // 192 training examples in batches of 32
        assertEquals(explicit.batchLoss(), split.batchLoss());
        assertEquals(explicit.validationLoss(), split.validationLoss());
        History again = smallNet().train(TRAIN).validationSplit(0.25).epochs(2).batch(32).seed(9).quiet().run();
        assertEquals(split.validationLoss(), again.validationLoss());
        History otherSeed = smallNet().train(TRAIN).validationSplit(0.25).epochs(2).batch(32).seed(10).quiet().run();
        assertNotEquals(split.validationLoss(), otherSeed.validationLoss());
    }

    @Test
    void augmentedTrainingIsBitIdenticalWithOneAndTwoThreadsAndDiffersFromPlainTraining() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            History one = smallNet().train(TRAIN).validate(TEST).epochs(2).batch(64).seed(4).quiet()
                    .augment(Augment.shift(1).flipHorizontal().crop(8, Cnn.padding(2))).run();
            Parallel.setThreads(2);
            History two = smallNet().train(TRAIN).validate(TEST).epochs(2).batch(64).seed(4).quiet()
                    .augment(Augment.shift(1).flipHorizontal().crop(8, Cnn.padding(2))).run();
            assertEquals(one.batchLoss(), two.batchLoss());
            assertEquals(one.validationLoss(), two.validationLoss());
            History plain = smallNet().train(TRAIN).validate(TEST).epochs(2).batch(64).seed(4).quiet().run();
            assertNotEquals(plain.batchLoss(), one.batchLoss());
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void anAugmentationThatChangesTheShapeIsRefusedWithBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> smallNet().train(TRAIN).augment(Augment.crop(6, Cnn.padding(0))));
        assertTrue(e.getMessage().contains("(1, 6, 6)") && e.getMessage().contains("(1, 8, 8)")
                && e.getMessage().contains("crop(8, padding(4))"), e.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> smallNet().train(TRAIN).augment(Augment.crop(12, Cnn.padding(1))));
        assertTrue(big.getMessage().contains("10×10"), big.getMessage());
    }
}
