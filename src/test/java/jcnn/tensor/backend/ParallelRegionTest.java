package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import jcnn.testing.ConvolutionSettingsRestored;
import org.junit.jupiter.api.Test;

/**
 * How {@link Parallel#forChunks} shares a region: the calling thread takes chunks as the pool's
 * workers do, every chunk runs once, a failure comes out as itself (not as the cancellations it
 * causes elsewhere) and only after every chunk has stopped, and a region started inside a chunk
 * runs on that chunk's thread.
 */
class ParallelRegionTest extends ConvolutionSettingsRestored {
    @Test
    void everyChunkRunsOnceAndTheCallerTakesItsShare() {
        for (int threads : new int[] {1, 2, 3, 4}) {
            Parallel.setThreads(threads);
            for (int chunks : new int[] {1, 2, 7, 64}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(chunks * 3);
                Parallel.forChunks(chunks * 3 - 1, 3, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        runs.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < chunks * 3 - 1; i++) {
                    assertEquals(1, runs.get(i), "item " + i + " of " + chunks + " chunks at " + threads + " threads");
                }
                assertEquals(0, runs.get(chunks * 3 - 1));
            }
        }
        // with chunks that take a while, the caller and a worker both run some
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        Parallel.forChunks(40, 1, (from, to) -> {
            ran.add(Thread.currentThread());
            LockSupport.parkNanos(2_000_000);
        });
        assertTrue(ran.contains(caller), "the caller ran no chunk: " + ran);
        assertEquals(2, ran.size(), "threads that ran chunks: " + ran);
    }

    @Test
    void aFailingChunkIsThrownAsItselfAfterEveryChunkHasStopped() {
        for (int threads : new int[] {2, 3}) {
            Parallel.setThreads(threads);
            for (int failing : new int[] {0, 5, 39}) {
                AtomicInteger running = new AtomicInteger();
                IllegalStateException boom = new IllegalStateException("chunk " + failing);
                IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(40, 1, (from, to) -> {
                    running.incrementAndGet();
                    try {
                        LockSupport.parkNanos(1_000_000);
                        Parallel.checkInterrupted();   // where the others see the failure
                        if (from == failing) {
                            throw boom;
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                }));
                assertSame(boom, thrown, threads + " threads, chunk " + failing);
                assertEquals(0, running.get(), "chunks still running when the region returned");
            }
        }
    }

    @Test
    void aRegionInsideAChunkRunsOnThatChunksThread() {
        Parallel.setThreads(2);
        AtomicInteger mismatches = new AtomicInteger();
        AtomicInteger inner = new AtomicInteger();
        Parallel.forChunks(16, 1, (from, to) -> {
            Thread outer = Thread.currentThread();
            Parallel.forChunks(8, 1, (f, t) -> {
                inner.incrementAndGet();
                // slow enough that a second thread, if the nested region woke one, takes chunks
                LockSupport.parkNanos(200_000);
                if (Thread.currentThread() != outer) {
                    mismatches.incrementAndGet();
                }
            });
        });
        assertEquals(16 * 8, inner.get());
        assertEquals(0, mismatches.get(), "nested chunks run on another thread");
    }
}
