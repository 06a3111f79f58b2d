package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelInterruptTest {
    private int saved;

    @BeforeEach
    void remember() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Thread.interrupted();   // never leak the flag into other tests
        Parallel.setThreads(saved);
    }

    @Test
    void workersStopTakingChunksOnceTheCallerIsInterrupted() {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        AtomicInteger ran = new AtomicInteger();
        assertThrows(CancellationException.class, () -> Parallel.forChunks(200, 1, (from, to) -> {
            Parallel.checkInterrupted();
            if (ran.incrementAndGet() == 5) {
                caller.interrupt();   // what the kernel does when a cell is interrupted
            }
            LockSupport.parkNanos(1_000_000);
        }));
        // chunks already inside their body finish; every later one stops at its check
        assertTrue(ran.get() < 50, "chunks run after the interrupt: " + ran.get());
    }

    @Test
    void aSequentialRegionStopsBetweenChunks() {
        Parallel.setThreads(1);
        AtomicInteger ran = new AtomicInteger();
        assertThrows(CancellationException.class, () -> Parallel.forChunks(100, 1, (from, to) -> {
            if (ran.incrementAndGet() == 3) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(ran.get() == 3, "chunks run: " + ran.get());
    }
}
