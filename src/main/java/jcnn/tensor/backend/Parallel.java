package jcnn.tensor.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * The cancellation flag of the parallel region whose chunk this worker is running. The
     * caller sets it when it is interrupted while waiting (its wait clears the interrupt flag,
     * so workers could not see the interrupt on the caller thread itself).
     */
    private static final ThreadLocal<AtomicBoolean> REGION_CANCELLED = new ThreadLocal<>();

    /**
     * Throws {@link CancellationException} if the calling thread has been interrupted, or, inside
     * a chunk running on a worker, if the thread that started the parallel region has been: an
     * interrupted notebook cell stops its workers at their next check, not only at the end.
     * Also throws while {@link Cancellation} is requested (an interrupted cell whose interrupt
     * flag was cleared somewhere).
     */
    public static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted() || Cancellation.isRequested()) {
            throw new CancellationException("jcnn: operation interrupted");
        }
        AtomicBoolean cancelled = REGION_CANCELLED.get();
        if (cancelled != null && cancelled.get()) {
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
                if (c > 0) {
                    checkInterrupted();
                }
                body.run(c * grain, Math.min(n, (c + 1) * grain));
            }
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        AtomicBoolean cancelled = new AtomicBoolean();
        for (int c = 0; c < chunks; c++) {
            int from = c * grain;
            int to = Math.min(n, from + grain);
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    AtomicBoolean previous = REGION_CANCELLED.get();
                    REGION_CANCELLED.set(cancelled);
                    try {
                        checkInterrupted();
                        body.run(from, to);
                    } finally {
                        REGION_CANCELLED.set(previous);
                    }
                }
            });
        }
        ForkJoinPool p = pool();
        for (ForkJoinTask<?> t : tasks) {
            p.execute(t);
        }
        RuntimeException failure = null;
        boolean interrupted = false;
        for (ForkJoinTask<?> t : tasks) {
            while (true) {
                try {
                    t.get();   // interruptible, unlike join(): an interrupt cancels the region at once
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancelled.set(true);
                } catch (CancellationException e) {
                    if (failure == null) {
                        failure = e;
                    }
                    break;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    if (failure == null) {
                        failure = cause instanceof RuntimeException re ? re : new RuntimeException(cause);
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();   // get() cleared it; the caller must still see it
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
