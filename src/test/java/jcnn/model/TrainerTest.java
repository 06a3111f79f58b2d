package jcnn.model;

import static jcnn.optim.Optimizers.adam;
import static jcnn.optim.Optimizers.sgd;
import static jcnn.optim.Optimizers.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jcnn.data.Dataset;
import jcnn.nn.F;
import jcnn.nn.Mode;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.Parallel;
import org.junit.jupiter.api.Test;
import jcnn.optim.Adam;

class TrainerTest {
    static final Dataset TRAIN = Bars.make(256, 1);
    static final Dataset TEST = Bars.make(128, 2);

    static Net smallNet() {
        return Cnn.input(1, 8, 8).conv(4, 3, Cnn.padding(1)).relu().maxPool(2).flatten().dropout(0.25).dense(2).softmax()
                .seed(3).build();
    }

    @Test
    void lossFallsAndAccuracyRisesOnALearnableTask() {
        Net net = smallNet();
        double before = net.evaluate(TEST).accuracy();
        History h = net.train(TRAIN).validate(TEST).epochs(4).batch(16).optimizer(adam(0.01)).quiet().run();
        assertEquals(4, h.epochs());
        assertEquals(4 * 16, h.batchLoss().size());   // 256 / 16 batches per epoch
        assertTrue(h.trainLoss().get(3) < h.trainLoss().get(0) * 0.6, h.toString());
        assertTrue(h.validationAccuracy().get(3) > 0.9, h + " (accuracy before training " + before + ")");
        Evaluation ev = net.evaluate(TEST);
        assertEquals(h.validationAccuracy().get(3), ev.accuracy(), 1e-12);
        assertEquals(h.validationLoss().get(3), ev.loss(), 1e-12);
    }

    @Test
    void sameSeedGivesBitIdenticalHistoryWithOneAndTwoThreads() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            History one = smallNet().train(TRAIN).validate(TEST).epochs(2).batch(32).optimizer(sgd(0.1).momentum(0.9)).l2(1e-3)
                    .seed(9).quiet().run();
            Parallel.setThreads(2);
            History two = smallNet().train(TRAIN).validate(TEST).epochs(2).batch(32).optimizer(sgd(0.1).momentum(0.9)).l2(1e-3)
                    .seed(9).quiet().run();
            assertEquals(one.batchLoss(), two.batchLoss());   // Double.equals: bit for bit
            assertEquals(one.trainLoss(), two.trainLoss());
            assertEquals(one.trainAccuracy(), two.trainAccuracy());
            assertEquals(one.validationLoss(), two.validationLoss());
            History other = smallNet().train(TRAIN).epochs(1).batch(32).optimizer(sgd(0.1)).seed(10).quiet().run();
            assertTrue(!other.batchLoss().equals(one.batchLoss().subList(0, 8)), "another seed shuffles differently");
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void aDivergingLossStopsWithEpochAndBatchAndKeepsTheLastFiniteStep() {
        Net net = smallNet();
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> net.train(TRAIN).epochs(1).batch(16).optimizer(sgd(1e30)).quiet().run());
        assertTrue(e.getMessage().matches("(?s).*(NaN|Infinity) at epoch 1, batch \\d+.*"), e.getMessage());
        assertTrue(e.getMessage().contains("lower learning rate"), e.getMessage());
        for (jcnn.nn.Parameter p : net.parameters()) {
            for (float v : p.tensor().toArray()) {
                assertTrue(!Float.isNaN(v), p.name() + " has NaN: the diverged step was applied");
            }
        }
    }

    @Test
    void interruptingStopsWithinOneBatchAndLeavesTheNetUsable() {
        Net net = smallNet();
        List<Integer> seen = new ArrayList<>();
        TrainingListener interruptAtThird = new TrainingListener() {
            @Override
            public void onBatch(Progress p) {
                seen.add(p.batch());
                if (p.batch() == 3) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
                () -> net.train(TRAIN).epochs(3).batch(16).callbacks(interruptAtThird).quiet().run());
        assertEquals(List.of(1, 2, 3), seen);
        assertEquals(3, e.history().batchLoss().size());
        assertTrue(e.getMessage().contains("after epoch 1, batch 3") && e.getMessage().contains("keeps its last completed step"),
                e.getMessage());
        assertTrue(!Thread.currentThread().isInterrupted());
        assertEquals(TEST.size(), net.evaluate(TEST).size());   // still usable
    }

    @Test
    void earlyStoppingScheduleAndListenersAreHonoured() {
        Net net = smallNet();
        List<String> events = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onStart(Progress p) {
                events.add("start");
            }

            @Override
            public void onEpoch(Progress p) {
                events.add("epoch" + p.epoch());
            }

            @Override
            public void onEnd(Progress p) {
                events.add("end");
            }
        };
        // a learning rate of 1e-9 cannot improve the loss measurably, so patience 1 stops after epoch 2 or 3
        History h = net.train(TRAIN).epochs(10).batch(64).optimizer(sgd(1e-9)).earlyStopping(1).schedule(step(1, 0.5))
                .callbacks(recorder).quiet().run();
        assertTrue(h.epochs() < 10, h.toString());
        assertEquals("start", events.get(0));
        assertEquals("end", events.get(events.size() - 1));
        assertEquals(1e-9, h.learningRate().get(0), 1e-24);
        assertEquals(0.5e-9, h.learningRate().get(1), 1e-24);
    }

    /** A schedule that changes per batch is asked before every step, and the step uses its answer. */
    @Test
    void aPerBatchScheduleSetsTheRateOfEveryStep() {
        List<String> asked = new ArrayList<>();
        jcnn.optim.Schedule zeroPerBatch = new jcnn.optim.Schedule() {
            @Override
            public double rate(double base, int epoch) {
                return base;
            }

            @Override
            public double rate(double base, int epoch, int batch, int batches) {
                asked.add(epoch + ":" + batch + "/" + batches);
                return batch == batches - 1 ? base / 4 : 0;   // 0: the step leaves the parameters as they are
            }
        };
        Net net = smallNet();
        float[] before = TensorInternals.data(net.parameters().get(0).tensor()).clone();
        History h = net.train(TRAIN).epochs(2).batch(64).optimizer(sgd(0.1)).schedule(zeroPerBatch).quiet().run();
        List<String> expected = new ArrayList<>();
        for (int e = 1; e <= 2; e++) {
            expected.add(e + ":0/4");   // the epoch's starting rate, asked before its loop
            for (int b = 0; b < 4; b++) {
                expected.add(e + ":" + b + "/4");
            }
        }
        assertEquals(expected, asked);
        assertEquals(List.of(0.025, 0.025), h.learningRate(), "the rate of each epoch's last step");
        Net still = smallNet();
        still.train(TRAIN).epochs(1).batch(64).optimizer(sgd(0.1)).schedule(new jcnn.optim.Schedule() {
            @Override
            public double rate(double base, int epoch) {
                return base;
            }

            @Override
            public double rate(double base, int epoch, int batch, int batches) {
                return 0;
            }
        }).quiet().run();
        assertArrayEquals(before, TensorInternals.data(still.parameters().get(0).tensor()), "rate 0 at every step: nothing moves");
        assertTrue(!java.util.Arrays.equals(before, TensorInternals.data(net.parameters().get(0).tensor())), "the last steps moved");
    }

    @Test
    void labelSmoothingChangesTheTrainingLossOnlyAndTheStepsFollowIt() {
        // one batch holding all 256 examples: the recorded batch loss is the loss before the only step
        Net net = Cnn.input(1, 8, 8).conv(4, 3, Cnn.padding(1)).relu().maxPool(2).flatten().dense(2).softmax().seed(3).build();
        double plainBefore = F.crossEntropy(net.logits(TRAIN.images(), Mode.EVAL), TRAIN.labels()).item();
        double smoothBefore = F.crossEntropy(net.logits(TRAIN.images(), Mode.EVAL), TRAIN.labels(), 0.2).item();
        Net plainNet = Cnn.input(1, 8, 8).conv(4, 3, Cnn.padding(1)).relu().maxPool(2).flatten().dense(2).softmax().seed(3).build();
        History plain = plainNet.train(TRAIN).validate(TEST).epochs(1).batch(256).optimizer(sgd(0.5)).quiet().run();
        History smooth = net.train(TRAIN).validate(TEST).epochs(1).batch(256).optimizer(sgd(0.5)).labelSmoothing(0.2).quiet().run();
        assertEquals(plainBefore, plain.batchLoss().get(0), 1e-5);
        assertEquals(smoothBefore, smooth.batchLoss().get(0), 1e-5, "the trainer's loss is the smoothed one");
        assertTrue(Math.abs(smoothBefore - plainBefore) > 1e-3, plainBefore + " vs " + smoothBefore);
        assertTrue(!java.util.Arrays.equals(TensorInternals.data(plainNet.parameters().get(0).tensor()),
                TensorInternals.data(net.parameters().get(0).tensor())), "a different loss, a different step");
        assertEquals(net.evaluate(TEST).loss(), smooth.validationLoss().get(0), 1e-9, "validation loss: plain cross-entropy");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> net.train(TRAIN).labelSmoothing(1));
        assertEquals("labelSmoothing must be in [0, 1) but got 1.0; 0 turns it off, 0.1 is the usual amount", e.getMessage());
    }

    @Test
    void consoleProgressPrintsOneFinalLinePerEpoch() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        smallNet().train(TRAIN).epochs(2).batch(64).quiet().callbacks(new ConsoleProgress(new java.io.PrintStream(bytes, true)))
                .run();
        String out = bytes.toString();
        assertTrue(out.contains("epoch 1/2  4 batches") && out.contains("epoch 2/2  4 batches"), out);
        assertEquals(2, out.chars().filter(c -> c == '\n').count(), out);
    }

    @Test
    void adamMatchesItsFormulaOnOneWeight() {
        Net net = Cnn.input(1).dense(1).seed(1).build();
        jcnn.nn.Parameter w = net.parameters().get(0);
        double w0 = TensorInternals.data(w.tensor())[0];
        Adam adam = adam(0.1);
        double m = 0;
        double v = 0;
        double expected = w0;
        for (int t = 1; t <= 3; t++) {
            double g = 0.5 * t;
            w.tensor().zeroGrad();
            TensorInternals.gradBuffer(w.tensor())[0] = (float) g;
            adam.step(List.of(w), 0.1);
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            expected -= 0.1 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
        }
        assertEquals(expected, TensorInternals.data(w.tensor())[0], 1e-6);
    }

    @Test
    void dataThatDoesNotFitTheNetIsRefusedWithBothShapes() {
        Dataset wrong = Dataset.of(Tensor.zeros(2, 1, 4, 4), new int[] {0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> smallNet().train(wrong));
        assertTrue(e.getMessage().contains("(1, 8, 8)") && e.getMessage().contains("(1, 4, 4)"), e.getMessage());
    }

    @Test
    void theDefaultDisplayIsTheHighestPriorityFactoryThatGivesAListener() {
        TestDisplayFactory.EVENTS.clear();
        TestDisplayFactory.active = true;
        try {
            smallNet().train(TRAIN.take(32)).epochs(2).batch(32).run();
        } finally {
            TestDisplayFactory.active = false;
        }
        assertEquals(List.of("high epoch 1", "high epoch 2"), TestDisplayFactory.EVENTS);
    }

    @Test
    void anInterruptFromAnotherThreadStopsTrainingAndTheNetStillPredicts() throws Exception {
        Net net = smallNet();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        TrainingListener signal = new TrainingListener() {
            @Override
            public void onBatch(Progress p) {
                started.countDown();
            }
        };
        Thread trainer = new Thread(() -> {
            try {
                net.train(TRAIN).epochs(1000).batch(8).callbacks(signal).quiet().run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        trainer.start();
        assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS));
        trainer.interrupt();
        trainer.join(30_000);
        assertTrue(!trainer.isAlive(), "training did not stop");
        assertTrue(thrown.get() instanceof TrainingInterruptedException, String.valueOf(thrown.get()));
        float[] p = net.predict(TEST.images(0, 4)).toArray();
        for (float v : p) {
            assertTrue(Float.isFinite(v));
        }
    }
}
