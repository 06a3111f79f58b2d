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
 * workers do, each thread its own part first (the caller the first chunks), every chunk runs
 * once, a failure comes out as itself (not as the cancellations it causes elsewhere) and only
 * after every chunk has stopped, and a region started inside a chunk runs on that chunk's thread.
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
    void eachThreadRunsItsOwnPartFromTheFrontAndTakesTheOthersFromTheBack() {
        Parallel.Parts parts = new Parallel.Parts(10, 3);   // [0, 3), [3, 6), [6, 10)
        assertEquals(3, parts.count());
        assertEquals(3, parts.takeFront(1));
        assertEquals(5, parts.takeBack(1));
        assertEquals(4, parts.takeFront(1));
        assertEquals(-1, parts.takeFront(1));
        assertEquals(-1, parts.takeBack(1));
        assertEquals(9, parts.takeBack(2));
        assertEquals(6, parts.takeFront(2));
        assertEquals(0, parts.takeFront(0));
        // four threads at once, each on its own part and then the others': every chunk once
        for (int round = 0; round < 20; round++) {
            int chunks = 1 + round * 7;
            Parallel.Parts shared = new Parallel.Parts(chunks, Math.min(4, chunks));
            AtomicIntegerArray taken = new AtomicIntegerArray(chunks);
            Thread[] threads = new Thread[shared.count()];
            for (int t = 0; t < threads.length; t++) {
                int own = t;
                threads[t] = new Thread(() -> {
                    for (int c = shared.takeFront(own); c >= 0; c = shared.takeFront(own)) {
                        taken.incrementAndGet(c);
                    }
                    for (int k = 1; k < shared.count(); k++) {
                        int other = (own + k) % shared.count();
                        for (int c = shared.takeBack(other); c >= 0; c = shared.takeBack(other)) {
                            taken.incrementAndGet(c);
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            for (int c = 0; c < chunks; c++) {
                assertEquals(1, taken.get(c), "chunk " + c + " of " + chunks);
            }
        }
    }

    @Test
    void theCallerRunsTheFirstHalfAndAHelperTheSecondFromItsStart() {
        // at 2 threads the caller's part is chunks [0, 8) of 16, a helper's [8, 16): whatever the
        // timing, the caller's own chunks are a prefix from 0 and the helper's a run from 8 (the
        // chunks each took from the other's back lie at the ends); with one counter for all the
        // chunks the two threads alternated from the start
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 3; round++) {
            Thread[] ranBy = new Thread[16];
            Parallel.forChunks(16, 1, (from, to) -> {
                ranBy[from] = Thread.currentThread();
                LockSupport.parkNanos(2_000_000);
            });
            int prefix = 0;
            while (prefix < 8 && ranBy[prefix] == caller) {
                prefix++;
            }
            for (int c = prefix; c < 8; c++) {
                assertTrue(ranBy[c] != caller, "chunk " + c + " ran on the caller after a helper's chunk " + java.util.Arrays.toString(ranBy));
            }
            int run = 8;
            while (run < 16 && ranBy[run] != caller) {
                run++;
            }
            for (int c = run; c < 16; c++) {
                assertSame(caller, ranBy[c], "chunk " + c + " ran on a helper after the caller's chunk " + java.util.Arrays.toString(ranBy));
            }
            assertTrue(prefix >= 1 && run > 8, "each thread ran its own part's first chunk: caller's prefix " + prefix
                    + ", helper's run to " + run + " " + java.util.Arrays.toString(ranBy));
        }
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
