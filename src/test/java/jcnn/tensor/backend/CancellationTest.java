package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import jcnn.data.Dataset;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.tensor.Tensor;
import jcnn.model.TrainingInterruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: the kernel's stop request reaches library loops even when the cell thread's
 * interrupt flag was cleared (a JDK library swallowed it), so an interrupted cell that is
 * loading data, multiplying matrices or training stops.
 */
class CancellationTest {
    @AfterEach
    void clear() {
        Cancellation.clear();
        Thread.interrupted();
    }

    @Test
    void parallelRegionsStopWhileAStopIsRequestedAndRunAgainAfterwards() {
        AtomicInteger chunks = new AtomicInteger();
        Cancellation.request();
        assertFalse(Thread.currentThread().isInterrupted());
        assertThrows(CancellationException.class, () -> Parallel.forChunks(1000, 10, (from, to) -> chunks.incrementAndGet()));
        assertEquals(0, chunks.get());
        Cancellation.clear();
        Parallel.forChunks(1000, 10, (from, to) -> chunks.incrementAndGet());
        assertEquals(100, chunks.get());
    }

    @Test
    void trainingStopsAtTheNextBatchWithoutAnInterruptFlag() {
        Dataset data = Dataset.of(Tensor.zeros(64, 1, 2, 2), new int[64], "a", "b");
        Net net = Cnn.input(1, 2, 2).flatten().dense(2).softmax().build();
        Cancellation.request();
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
                () -> net.train(data).epochs(1_000_000).batch(8).quiet().run());
        assertEquals(0, e.history().epochs(), "stopped before the first batch");
    }
}
