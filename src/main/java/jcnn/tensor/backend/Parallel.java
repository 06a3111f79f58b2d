package jcnn.tensor.backend;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * jcnn's one thread pool: {@code threads() - 1} worker threads of its own; a parallel region runs
 * on the calling thread and those workers.
 *
 * <p>Waking: a worker that has run out of work spins ({@link Thread#onSpinWait}) for
 * {@link #SPIN_NANOS} (the system property {@code jcnn.spinMicros}, default 1000) before it parks,
 * as OpenMP's workers do by default; the caller waits for its workers the same way. Between the
 * regions of a training step (tens of them, microseconds to a few milliseconds apart) the workers
 * are then still awake: a parked thread took 50-140 microseconds to start on this project's
 * virtual machines (the ForkJoinPool the pool used to be, 3 December 2026: about 2 ms of a 14 ms
 * step at 2 threads, measured with {@link ParallelProfile}).
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

    private static volatile Worker[] pool;
    private static volatile int threads = configuredThreads();

    /** How long an idle worker, or a caller waiting for its workers, spins before it parks. */
    static final long SPIN_NANOS = Math.max(0L, Long.getLong("jcnn.spinMicros", 1000L)) * 1000L;

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
            Worker[] old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                for (Worker w : old) {
                    w.retire();   // each finishes the job it may be running, then ends
                }
            }
        }
    }

    private static Worker[] pool() {
        Worker[] p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new Worker[Math.max(0, threads - 1)];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = new Worker(i);
                        p[i].start();
                    }
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * A worker thread: runs one job at a time, handed over through {@link #job} by a caller that
     * has claimed it ({@link #claimed}); between jobs it spins for {@link #SPIN_NANOS}, then parks.
     */
    private static final class Worker extends Thread {
        /** Set by the caller that took this worker for a region, cleared by the worker when the job is done. */
        final AtomicBoolean claimed = new AtomicBoolean();
        private volatile Runnable job;
        private volatile boolean parked;
        private volatile boolean stopped;

        Worker(int index) {
            super("jcnn-worker-" + index);
            setDaemon(true);
        }

        /** Takes this worker if it is free; then {@link #hand} must follow. */
        boolean claim() {
            return !stopped && claimed.compareAndSet(false, true);
        }

        /** Gives a claimed worker its job and wakes it if it parked. */
        void hand(Runnable r) {
            job = r;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        void retire() {
            stopped = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Runnable r = awaitJob();
                if (r == null) {
                    return;
                }
                try {
                    r.run();   // a region's job catches what its chunks throw
                } finally {
                    job = null;
                    claimed.set(false);
                }
            }
        }

        /** The next job, or null once stopped (and no job was handed over). */
        private Runnable awaitJob() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Runnable r = job;
                if (r != null) {
                    return r;
                }
                if (stopped) {
                    return null;
                }
                if (System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                    continue;
                }
                // announce the park, then look once more: a caller that wrote the job before it
                // read "parked" is seen here, one that read it after unparks this thread
                parked = true;
                if (job == null && !stopped) {
                    LockSupport.park(this);
                }
                parked = false;
                deadline = System.nanoTime() + SPIN_NANOS;
            }
        }
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

        /** Workers started for this region that have not finished. */
        final AtomicInteger pending = new AtomicInteger();
        /** Workers started (the caller's count). */
        int started;
        private volatile boolean callerParked;

        Region(Thread caller) {
            this.caller = caller;
        }

        /** A worker's job is over: the last one wakes the caller if it parked. */
        void helperDone() {
            if (pending.decrementAndGet() == 0 && callerParked) {
                LockSupport.unpark(caller);
            }
        }

        /**
         * The caller waits for its workers, spinning for {@link #SPIN_NANOS}, then parked; an
         * interrupt cancels the region (its chunks stop at their next check) and the wait goes on.
         * Returns whether the caller was interrupted (its flag is cleared here).
         */
        boolean awaitHelpers() {
            boolean interrupted = false;
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (pending.get() > 0) {
                if (Thread.interrupted()) {
                    interrupted = true;
                    set(true);
                }
                if (System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                    continue;
                }
                callerParked = true;
                if (pending.get() > 0) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
            return interrupted;
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
        boolean nested = Thread.currentThread() instanceof Worker || REGION.get() != null;
        if (chunks == 1 || threads == 1 || nested) {
            // one chunk, one thread, or inside a region already (a chunk running on a worker, or
            // on the caller of a region): run the chunks here, in order
            boolean profiled = ParallelProfile.ENABLED && !nested && ParallelProfile.enter();
            long start = profiled ? System.nanoTime() : 0L;
            try {
                for (int c = 0; c < chunks; c++) {
                    if (c > 0) {
                        checkInterrupted();
                    }
                    body.run(c * grain, Math.min(n, (c + 1) * grain));
                }
            } finally {
                if (profiled) {
                    ParallelProfile.exit();
                    ParallelProfile.inline(ParallelProfile.site(body), System.nanoTime() - start);
                }
            }
            return;
        }
        if (ParallelProfile.ENABLED) {
            profiledRegion(n, grain, chunks, body);
            return;
        }
        region(n, grain, chunks, body, null, 0L);
    }

    /** {@link #forChunks}'s parallel region, timed for {@link ParallelProfile}. */
    private static void profiledRegion(int n, int grain, int chunks, RangeBody body) {
        ParallelProfile.Site site = ParallelProfile.site(body);
        long start = System.nanoTime();
        long[] callerTimes = region(n, grain, chunks, body, site, start);
        long end = System.nanoTime();
        ParallelProfile.region(site, Math.min(threads, chunks), end - start, callerTimes[0], end - callerTimes[1]);
    }

    /**
     * Runs the chunks on the caller and {@code min(threads, chunks) - 1} workers. With a profile
     * {@code site}, returns the caller's busy time and when it ran out of chunks (else null).
     */
    private static long[] region(int n, int grain, int chunks, RangeBody body, ParallelProfile.Site site, long submitted) {
        AtomicInteger next = new AtomicInteger();
        Region region = new Region(Thread.currentThread());
        int wanted = Math.min(threads, chunks) - 1;
        Worker[] workers = pool();
        Runnable job = () -> {
            Region previous = REGION.get();
            REGION.set(region);
            long began = site != null ? System.nanoTime() : 0L;
            try {
                runChunks(n, grain, chunks, next, body);
            } catch (RuntimeException | Error e) {
                region.fail(e);   // thrown by the caller once every thread has stopped
            } finally {
                REGION.set(previous);
                if (site != null) {
                    ParallelProfile.helper(site, began - submitted, System.nanoTime() - began);
                }
                region.helperDone();
            }
        };
        // the free workers, up to what the chunks need (another caller's region may hold some:
        // then this one runs with fewer, the chunks and their results are the same)
        for (int i = 0; i < workers.length && region.started < wanted; i++) {
            if (workers[i].claim()) {
                region.pending.incrementAndGet();
                region.started++;
                workers[i].hand(job);
            }
        }
        REGION.set(region);   // the caller's checks see the region's flag too; regions nested in its chunks run here
        long callerStart = site != null ? System.nanoTime() : 0L;
        long callerDone = 0L;
        try {
            runChunks(n, grain, chunks, next, body);
        } catch (RuntimeException | Error e) {
            region.fail(e);
        } finally {
            REGION.remove();
            if (site != null) {
                callerDone = System.nanoTime();
            }
        }
        // wait for every worker started, even after a failure: none may still write into the
        // caller's arrays when this returns; an interrupt cancels the region at once
        boolean interrupted = region.awaitHelpers();
        if (interrupted) {
            Thread.currentThread().interrupt();   // the wait cleared it; the caller must still see it
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
        return site == null ? null : new long[] {callerDone - callerStart, callerDone};
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
