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
 * {@link Parallel}'s own worker threads: a worker that has parked after its spin is woken for the
 * next region; two callers at once share the workers (a region that finds them taken runs with
 * fewer) and every chunk of each runs once; a new thread count retires the old workers.
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
    void aWorkerThatParkedIsWokenForTheNextRegion() {
        Parallel.setThreads(2);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int round = 0; round < 5; round++) {
                assertEquals(2, region().size(), "round " + round + ": the caller and the worker run chunks");
                // far past the spin (Parallel.SPIN_NANOS): the worker has parked
                Thread.sleep(Math.max(20, 4 * Parallel.SPIN_NANOS / 1_000_000));
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
    void aNewThreadCountRetiresTheOldWorkers() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Parallel.setThreads(4);
            assertEquals(4, region().size());
            Parallel.setThreads(2);
            assertEquals(2, region().size());
        });
        long deadline = System.nanoTime() + 5_000_000_000L;
        long alive;
        do {
            Thread.sleep(20);
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("jcnn-worker-") && t.isAlive()).count();
        } while (alive > 1 && System.nanoTime() < deadline);
        assertEquals(1, alive, "workers alive after going from 4 threads to 2");
    }
}
