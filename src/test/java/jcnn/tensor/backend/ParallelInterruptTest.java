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

    /**
     * Issue 10: one chunk of a big product (here the whole 1024 x 1024 x 4096 GEMM is a single
     * chunk on one thread, 8.6 GFLOP) used to check for an interrupt only at its start, so an
     * interrupted cell ran on until the chunk ended (seconds on a loaded machine; the old code
     * finished the product and threw nothing). Now the chunk checks once per row panel.
     */
    @Test
    void anInterruptStopsAGemmInsideOneLongChunk() throws Exception {
        int m = 1024;
        int n = 1024;
        int k = 4096;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            // the interrupt must come while the product runs: a fixed delay (it was 50 ms) came
            // after the end on a fast machine (8.6 GFLOP at 157 GFLOPS is 55 ms), so the delay is
            // a quarter of the faster of two uninterrupted products timed here, at this thread
            // count (the first may run in the JIT's slower code)
            long fastest = Long.MAX_VALUE;
            for (int run = 0; run < 2; run++) {
                long started = System.nanoTime();
                Sgemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                fastest = Math.min(fastest, System.nanoTime() - started);
            }
            long delay = Math.max(1_000_000L, fastest / 4);
            Thread caller = Thread.currentThread();
            long[] interruptedAt = new long[1];
            Thread interrupter = new Thread(() -> {
                LockSupport.parkNanos(delay);
                interruptedAt[0] = System.nanoTime();
                caller.interrupt();
            });
            interrupter.start();
            assertThrows(CancellationException.class,
                    () -> Sgemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n),
                    threads + " thread(s): the product ran to its end although the caller was interrupted");
            long stoppedAt = System.nanoTime();
            // the flag may still be set (whether it is depends on which thread saw the interrupt
            // first); clear it so that join waits instead of throwing InterruptedException
            Thread.interrupted();
            interrupter.join();   // also makes interruptedAt[0] visible here
            long stopMillis = (stoppedAt - interruptedAt[0]) / 1_000_000;
            assertTrue(stopMillis < 1000, threads + " thread(s): stopped " + stopMillis + " ms after the interrupt");
        }
    }
}
