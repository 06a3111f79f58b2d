package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import jcnn.testing.ConvolutionSettingsRestored;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel}'s pool with lingering workers: a region after the workers have stopped
 * lingering (their tasks ended, the pool parked them) gets a worker again, and so does one that
 * comes while they linger; two callers at once share the workers (a region that finds them
 * taken runs with fewer) and every chunk of each runs once; a new thread count ends the old
 * pool's workers.
 */
class ParallelPoolTest extends ConvolutionSettingsRestored {
    /** The threads that ran the chunks of one region of 20 chunks of 1 ms. */
    private static Set<Thread> region() {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        Parallel.forChunks(20, 1, (from, to) -> {
            ran.add(Thread.currentThread());
            LockSupport.parkNanos(1_000_000);
        });
        return ran;
    }

    @Test
    void aWorkerRunsChunksWhetherItWasParkedOrLingering() {
        Parallel.setThreads(2);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int round = 0; round < 5; round++) {
                assertEquals(2, region().size(), "round " + round + ": the caller and a worker run chunks");
                // far past the lingering (Parallel.SPIN_NANOS): the worker's task has ended
                Thread.sleep(Math.max(20, 4 * Parallel.SPIN_NANOS / 1_000_000));
            }
            for (int round = 0; round < 50; round++) {
                assertEquals(2, region().size(), "back to back, round " + round + ": the caller and a worker run chunks");
            }
        });
    }

    @Test
    void twoCallersAtOnceShareTheWorkersAndEveryChunkRunsOnce() throws Exception {
        Parallel.setThreads(3);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Thread[] callers = new Thread[2];
            for (int c = 0; c < callers.length; c++) {
                callers[c] = new Thread(() -> {
                    try {
                        for (int round = 0; round < 200; round++) {
                            AtomicIntegerArray runs = new AtomicIntegerArray(64);
                            Parallel.forChunks(64, 1, (from, to) -> {
                                runs.incrementAndGet(from);
                                if (from % 8 == 0) {
                                    LockSupport.parkNanos(20_000);
                                }
                            });
                            for (int i = 0; i < 64; i++) {
                                if (runs.get(i) != 1) {
                                    throw new AssertionError("round " + round + ": chunk " + i + " ran " + runs.get(i) + " times");
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                callers[c].start();
            }
            for (Thread t : callers) {
                t.join();
            }
        });
        assertTrue(failures.isEmpty(), "failures: " + failures);
    }

    @Test
    void aNewThreadCountEndsTheOldPoolsWorkers() throws Exception {
        Set<Thread> old = ConcurrentHashMap.newKeySet();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Parallel.setThreads(4);
            Set<Thread> ran = region();
            assertEquals(4, ran.size());
            ran.stream().filter(t -> t != Thread.currentThread()).forEach(old::add);
            Parallel.setThreads(2);
            assertEquals(2, region().size());
        });
        assertEquals(3, old.size());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (old.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(old.stream().noneMatch(Thread::isAlive), "workers of the 4-thread pool still alive: " + old);
    }
}
