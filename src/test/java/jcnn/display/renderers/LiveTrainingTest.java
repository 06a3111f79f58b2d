package jcnn.display.renderers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jcnn.data.Dataset;
import jcnn.display.Display;
import jcnn.display.DisplaySink;
import jcnn.display.MimeBundle;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.tensor.Tensor;
import jcnn.model.History;
import jcnn.model.TrainingListener;
import jcnn.model.TrainingListener.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveTrainingTest {
    /** One recorded display call. */
    record Call(String id, boolean update, MimeBundle bundle) {
    }

    /** A fake kernel: records what would go to the notebook. */
    static final class RecordingSink implements DisplaySink {
        final List<Call> calls = new ArrayList<>();

        @Override
        public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
            calls.add(new Call(displayId, update, bundle));
        }

        long updates() {
            return calls.stream().filter(Call::update).count();
        }
    }

    private DisplaySink previous;

    @AfterEach
    void restoreSink() {
        Display.setSink(previous);
    }

    private RecordingSink install() {
        RecordingSink sink = new RecordingSink();
        previous = Display.setSink(sink);
        return sink;
    }

    @Test
    void outsideANotebookTheFactoryDeclines() {
        previous = Display.setSink(null);
        assertNull(new LiveTraining().create());
        assertTrue(new LiveTraining().priority() > 0);
    }

    @Test
    void updatesInPlaceAtMostOncePerSecondAndAtEveryEpochEnd() {
        RecordingSink sink = install();
        TrainingListener live = new LiveTraining().create();
        assertNotNull(live);
        History h = new History();
        int batches = 20;
        live.onStart(new Progress(1, 2, 0, batches, Double.NaN, 0, h));
        assertEquals(2, sink.calls.size(), "one chart and one progress line");
        assertTrue(sink.calls.get(0).bundle().data().containsKey("image/png"));
        assertTrue(sink.calls.get(1).bundle().data().containsKey("text/html"));
        String chartId = sink.calls.get(0).id();
        String lineId = sink.calls.get(1).id();
        double t = 0;
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int b = 1; b <= batches; b++) {
                t += 0.25; // four batches a second
                h.addBatch(1.0 / (epoch * b));
                live.onBatch(new Progress(epoch, 2, b, batches, 1.0 / (epoch * b), t, h));
            }
            h.addEpoch(0.5 / epoch, 0.5, 0.6 / epoch, 0.5, 5, 0.01);
            live.onEpoch(new Progress(epoch, 2, batches, batches, 0.1, t, h));
        }
        live.onEnd(new Progress(2, 2, batches, batches, 0.1, t, h));
        // 10 s of training: at most one pair per second, plus a pair per epoch end and one at the end
        long updates = sink.updates();
        assertTrue(updates >= 2 * 3 && updates <= 2 * (10 + 3), "updates " + updates);
        for (Call c : sink.calls.subList(2, sink.calls.size())) {
            assertTrue(c.update());
            assertTrue(c.id().equals(chartId) || c.id().equals(lineId));
        }
        Call lastChart = sink.calls.stream().filter(c -> c.id().equals(chartId)).reduce((a, b) -> b).orElseThrow();
        assertEquals("loss curve: 2 epochs, final loss 0.2500, final val_loss 0.3000, val_accuracy 0.5000", lastChart.bundle().plain());
        Call lastLine = sink.calls.get(sink.calls.size() - 1);
        assertTrue(lastLine.bundle().plain().startsWith("done: epoch 2/2 · batch 20/20 · loss 0.1000"), lastLine.bundle().plain());
    }

    @Test
    void noUpdateBetweenBatchesLessThanASecondApart() {
        RecordingSink sink = install();
        TrainingListener live = new LiveTraining().create();
        History h = new History();
        live.onStart(new Progress(1, 1, 0, 100, Double.NaN, 0, h));
        for (int b = 1; b <= 9; b++) {
            h.addBatch(1);
            live.onBatch(new Progress(1, 1, b, 100, 1, b * 0.1, h));
        }
        assertEquals(0, sink.updates());
        h.addBatch(1);
        live.onBatch(new Progress(1, 1, 10, 100, 1, 1.0, h));
        assertEquals(2, sink.updates());
        assertTrue(sink.calls.get(3).bundle().plain().contains("about 9 s left"), sink.calls.get(3).bundle().plain());
    }

    /** Issue 13: a slow first batch made the first line say "about 1 h 9 min left"; the estimate now follows the recent batches. */
    @Test
    void theTimeLeftComesFromTheRecentBatchesNotASlowStart() {
        RecordingSink sink = install();
        TrainingListener live = new LiveTraining().create();
        History h = new History();
        live.onStart(new Progress(1, 5, 0, 938, Double.NaN, 0, h));
        h.addBatch(1);
        live.onBatch(new Progress(1, 5, 1, 938, 1, 12.0, h));   // warm-up: 12 s for the first batch
        double t = 12.0;
        for (int b = 2; b <= 40; b++) {
            h.addBatch(1);
            t += 0.05;
            live.onBatch(new Progress(1, 5, b, 938, 1, t, h));
        }
        String line = sink.calls.get(sink.calls.size() - 1).bundle().plain();
        // 4690 - 40 batches at 0.05 s: 232.5 s; the whole-run average would say 14 min 3 s
        assertTrue(line.contains("about 3 min 53 s left"), line);
    }

    @Test
    void aRealTrainingRunInANotebookShowsAndUpdatesTheChart() {
        RecordingSink sink = install();
        float[] images = new float[16 * 1 * 6 * 6];
        int[] labels = new int[16];
        for (int i = 0; i < 16; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < 36; p++) {
                images[i * 36 + p] = labels[i] == 1 ? (p % 6) / 5f : (p / 6) / 5f;
            }
        }
        Dataset data = Dataset.of(Tensor.of(images, 16, 1, 6, 6), labels, "rows", "columns");
        Net net = Cnn.input(1, 6, 6).conv(2, 3).relu().flatten().dense(2).build();
        History h = net.train(data).epochs(2).batch(4).seed(1).run();
        assertEquals(2, h.epochs());
        assertEquals(2, sink.calls.stream().filter(c -> !c.update()).count(), "the chart and the progress line");
        assertTrue(sink.updates() >= 6, "two per epoch end and two at the end; got " + sink.updates());
        assertTrue(sink.calls.get(sink.calls.size() - 1).bundle().plain().startsWith("done: epoch 2/2"));
    }

    @Test
    void aFailingDisplayDoesNotStopTraining() {
        List<Integer> shown = new ArrayList<>();
        previous = Display.setSink((bundle, id, update) -> {
            shown.add(1);
            if (update) {
                throw new IllegalStateException("the client went away");
            }
        });
        TrainingListener live = new LiveTraining().create();
        History h = new History();
        live.onStart(new Progress(1, 1, 0, 2, Double.NaN, 0, h));
        h.addEpoch(0.5, 0.5, Double.NaN, Double.NaN, 1, 0.1);
        live.onEpoch(new Progress(1, 1, 2, 2, 0.5, 2, h));
        live.onEnd(new Progress(1, 1, 2, 2, 0.5, 2, h));
        assertEquals(3, shown.size(), "two displays, one failed update, then no more tries");
    }
}
