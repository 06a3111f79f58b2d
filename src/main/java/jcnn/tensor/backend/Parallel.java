package jcnn.tensor.backend;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * jcnn's one thread pool: a private {@link ForkJoinPool} of {@link #threads()} workers. A
 * parallel region runs on the calling thread and {@code threads() - 1} of them.
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
     * A parallel region: its cancellation flag, set when a chunk fails or the caller is
     * interrupted while waiting (the wait clears the interrupt flag), and the thread that started
     * it, whose interrupt flag the workers read while it runs chunks itself.
     */
    private static final class Region extends AtomicBoolean {
        final Thread caller;
        /** The exception the region throws: the first real failure of a chunk, else a cancellation. */
        private Throwable failure;

        Region(Thread caller) {
            this.caller = caller;
        }

        boolean cancelled() {
            return get() || caller.isInterrupted();
        }

        /**
         * A chunk failed: no thread takes a further chunk. Keeps the exception itself (not the
         * copy {@code ForkJoinTask.get} would make), and a real failure over the cancellations it
         * causes in the other threads' chunks.
         */
        synchronized void fail(Throwable e) {
            set(true);
            if (failure == null || failure instanceof CancellationException && !(e instanceof CancellationException)) {
                failure = e;
            }
        }

        synchronized Throwable failure() {
            return failure;
        }
    }

    /** The region whose chunks this thread is running, on the workers and on the caller. */
    private static final ThreadLocal<Region> REGION = new ThreadLocal<>();

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
        Region region = REGION.get();
        if (region != null && region.cancelled()) {
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
     *
     * <p>The calling thread works too: it and up to {@code threads() - 1} pool workers take the
     * chunks in turn from a shared counter until none is left, then the caller waits for the
     * workers it started. A region that is over before a worker has woken up costs no more than
     * running it alone (with the caller only waiting, as before 2026-12-02, every region of a
     * training step waited for two workers to wake and the caller to be woken, and small
     * elementwise passes ran slower on two threads than on one). Which thread runs which chunk
     * does not change any result: the chunks and what each writes are fixed.
     */
    public static void forChunks(int n, int grain, RangeBody body) {
        int chunks = chunkCount(n, grain);
        if (chunks == 0) {
            return;
        }
        checkInterrupted();
        if (chunks == 1 || threads == 1 || Thread.currentThread() instanceof ForkJoinWorkerThread
                || REGION.get() != null) {
            // one chunk, one thread, or inside a region already (a chunk running on a worker, or
            // on the caller of a region): run the chunks here, in order
            for (int c = 0; c < chunks; c++) {
                if (c > 0) {
                    checkInterrupted();
                }
                body.run(c * grain, Math.min(n, (c + 1) * grain));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Region region = new Region(Thread.currentThread());
        int helpers = Math.min(threads, chunks) - 1;
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        ForkJoinPool p = pool();
        for (int h = 0; h < helpers; h++) {
            tasks[h] = new RecursiveAction() {
                @Override
                protected void compute() {
                    Region previous = REGION.get();
                    REGION.set(region);
                    try {
                        runChunks(n, grain, chunks, next, body);
                    } catch (RuntimeException | Error e) {
                        region.fail(e);   // thrown by the caller once every thread has stopped
                    } finally {
                        REGION.set(previous);
                    }
                }
            };
            p.execute(tasks[h]);
        }
        REGION.set(region);   // the caller's checks see the region's flag too; regions nested in its chunks run here
        try {
            runChunks(n, grain, chunks, next, body);
        } catch (RuntimeException | Error e) {
            region.fail(e);
        } finally {
            REGION.remove();
        }
        // wait for every worker started, even after a failure: none may still write into the
        // caller's arrays when this returns
        boolean interrupted = false;
        for (ForkJoinTask<?> t : tasks) {
            while (true) {
                try {
                    t.get();   // interruptible, unlike join(): an interrupt cancels the region at once
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    region.set(true);
                } catch (CancellationException | ExecutionException e) {
                    region.fail(e instanceof ExecutionException ? e.getCause() : e);   // not expected: chunks' failures are caught
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();   // get() cleared it; the caller must still see it
        }
        Throwable failure = region.failure();
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure != null) {
            throw new RuntimeException(failure);
        }
        checkInterrupted();
    }

    /** Takes chunks from {@code next} and runs them until none is left or the region is cancelled. */
    private static void runChunks(int n, int grain, int chunks, AtomicInteger next, RangeBody body) {
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            checkInterrupted();   // the thread's own flag, Cancellation, and the region's
            body.run(c * grain, Math.min(n, (c + 1) * grain));
        }
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
