package jcnn.tensor.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * jcnn's one thread pool: a private {@link ForkJoinPool} of {@link #threads()} workers.
 *
 * <p>The size comes from the system property {@code jcnn.threads}, else the environment
 * variable {@code JCNN_THREADS}, else the number of available processors.
 *
 * <p>Determinism: work is always cut into the same chunks, whose boundaries depend only on
 * the problem size and the grain, never on the number of threads. Each chunk writes its own
 * part of the output (or its own partial result, which the caller combines in chunk order),
 * so results are bit-identical for any thread count.
 *
 * <p>Interrupts: the caller's interrupt flag is checked before and after each parallel
 * region; an interrupted caller gets a {@link CancellationException} (flag left set), so a
 * notebook cell that is interrupted stops at the next operation.
 */
public final class Parallel {
    /** A body that processes the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile ForkJoinPool pool;
    private static volatile int threads = configuredThreads();

    private Parallel() {
    }

    static int configuredThreads() {
        String value = System.getProperty("jcnn.threads");
        if (value == null || value.isBlank()) {
            value = System.getenv("JCNN_THREADS");
        }
        if (value != null && !value.isBlank()) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
            System.err.println("jcnn: ignoring thread count '" + value + "' (expected an integer >= 1)");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Number of worker threads parallel regions use. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads for later parallel regions (tests compare 1 and N threads).
     * Results do not depend on it.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        if (n != threads) {
            ForkJoinPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    ForkJoinPool.ForkJoinWorkerThreadFactory factory = fjp -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                        t.setName("jcnn-worker-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    };
                    p = new ForkJoinPool(threads, factory, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Throws {@link CancellationException} if the calling thread has been interrupted. */
    public static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("jcnn: operation interrupted");
        }
    }

    /** Number of chunks {@link #forChunks} cuts {@code [0, n)} into. */
    public static int chunkCount(int n, int grain) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        }
        return n <= 0 ? 0 : (n + grain - 1) / grain;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} items (the last may be
     * shorter), in parallel when there is more than one chunk and more than one thread.
     * Chunk {@code i} covers {@code [i*grain, min(n, (i+1)*grain))} whatever the thread count.
     */
    public static void forChunks(int n, int grain, RangeBody body) {
        int chunks = chunkCount(n, grain);
        if (chunks == 0) {
            return;
        }
        checkInterrupted();
        if (chunks == 1 || threads == 1 || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            for (int c = 0; c < chunks; c++) {
                body.run(c * grain, Math.min(n, (c + 1) * grain));
            }
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = c * grain;
            int to = Math.min(n, from + grain);
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            });
        }
        ForkJoinPool p = pool();
        for (ForkJoinTask<?> t : tasks) {
            p.execute(t);
        }
        RuntimeException failure = null;
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException | Error e) {
                if (e instanceof Error err) {
                    throw err;
                }
                if (failure == null) {
                    failure = (RuntimeException) e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        checkInterrupted();
    }

    /**
     * Like {@link #forChunks} but chooses the grain so that {@code [0, n)} is cut into about
     * {@code 4 * max(threads)} chunks of at least {@code minGrain} items. The grain depends
     * only on {@code n} and {@code minGrain} (a fixed target of 64 chunks), never on the
     * thread count, so results stay bit-identical.
     */
    public static void forRange(int n, int minGrain, RangeBody body) {
        forChunks(n, grainFor(n, minGrain), body);
    }

    /** The grain {@link #forRange} uses: fixed for a given n, independent of threads. */
    public static int grainFor(int n, int minGrain) {
        int grain = Math.max(1, (n + 63) / 64);
        return Math.max(Math.max(1, minGrain), grain);
    }
}
