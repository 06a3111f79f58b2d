package jcnn.tensor.backend;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * jcnn's one thread pool: a private {@link ForkJoinPool} of {@link #threads()} workers. A
 * parallel region runs on the calling thread and {@code threads() - 1} of them.
 *
 * <p>Lingering: a worker whose region has run out of chunks does not return to the pool at once:
 * it waits, spinning ({@link Thread#onSpinWait}), for {@link #SPIN_NANOS} (the system property
 * {@code jcnn.spinMicros}, default 1000; 0 turns lingering off) for the next region, which hands
 * it its job directly; only then does its task end and the pool park the thread. The caller
 * waits for its workers the same way, spinning, then parked. Between the regions of a training
 * step (tens of them, microseconds to a few milliseconds apart) the workers are then still
 * running: a parked worker took 40-140 microseconds to start a region on this project's virtual
 * machines (3 December 2026, {@link ParallelProfile}: about 2 ms of a 14 ms step at 2 threads).
 * OpenMP's workers spin the same way by default.
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

    /** How long a worker lingers for the next region, and a caller spins for its workers, before parking. */
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
            ForkJoinPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();   // its lingering workers stop lingering (see Linger#await) and end
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
     * Where a worker waits for the next region's job after its own ran out of chunks (one per
     * worker thread, reused). {@link #LINGERING} lists the waiting ones; a caller takes one by
     * moving it from {@code WAITING} to {@code CLAIMED}, then hands it the job.
     */
    private static final class Linger {
        static final int WAITING = 0;
        static final int CLAIMED = 1;
        static final int GONE = 2;
        final AtomicInteger state = new AtomicInteger(GONE);
        volatile Runnable job;

        /**
         * Lists this worker as waiting and waits up to {@link #SPIN_NANOS} for a job; returns it,
         * or null when none came (or {@code pool} was shut down, or the list was full).
         */
        Runnable await(ForkJoinPool pool) {
            int slot = -1;
            job = null;
            state.set(WAITING);
            for (int i = 0; i < LINGERING.length(); i++) {
                if (LINGERING.compareAndSet(i, null, this)) {
                    slot = i;
                    break;
                }
            }
            if (slot < 0) {
                return state.compareAndSet(WAITING, GONE) ? null : take(slot);
            }
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (job == null) {
                if ((System.nanoTime() - deadline >= 0 || pool.isShutdown()) && state.compareAndSet(WAITING, GONE)) {
                    LINGERING.compareAndSet(slot, this, null);
                    return null;
                }
                Thread.onSpinWait();   // claimed or not, the job (if claimed) is on its way
            }
            return take(slot);
        }

        private Runnable take(int slot) {
            while (job == null) {
                Thread.onSpinWait();
            }
            if (slot >= 0) {
                LINGERING.compareAndSet(slot, this, null);
            }
            Runnable r = job;
            job = null;
            return r;
        }
    }

    /** The workers lingering for a job (null entries are free places). */
    private static final AtomicReferenceArray<Linger> LINGERING = new AtomicReferenceArray<>(256);

    private static final ThreadLocal<Linger> OWN_LINGER = ThreadLocal.withInitial(Linger::new);

    /** A worker's task: runs its region's job, then the jobs of the regions it lingers for. */
    private static final class HelperTask extends RecursiveAction {
        private final Runnable first;
        private final ForkJoinPool pool;

        HelperTask(Runnable first, ForkJoinPool pool) {
            this.first = first;
            this.pool = pool;
        }

        @Override
        protected void compute() {
            Linger linger = SPIN_NANOS > 0 ? OWN_LINGER.get() : null;
            for (Runnable job = first; job != null; job = linger == null ? null : linger.await(pool)) {
                job.run();   // a region's job catches what its chunks throw
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
     * <p>The calling thread works too: it and up to {@code threads() - 1} pool workers each run
     * their own contiguous part of the chunks (the caller the first), then take what is left of the
     * others' parts from their back ({@link Parts}), and the caller waits for the workers it
     * started. A region that is over before a worker has woken up costs no more than
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
        boolean nested = Thread.currentThread() instanceof ForkJoinWorkerThread || REGION.get() != null;
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
        Region region = new Region(Thread.currentThread());
        int wanted = Math.min(threads, chunks) - 1;
        Parts parts = new Parts(chunks, wanted + 1);
        ForkJoinPool p = pool();
        Runnable job = () -> {
            Region previous = REGION.get();
            REGION.set(region);
            long began = site != null ? System.nanoTime() : 0L;
            try {
                runChunks(n, grain, parts, parts.joined.incrementAndGet(), body);
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
        // lingering workers first (they start at once), then new tasks for the pool's parked ones
        int started = 0;
        for (int i = 0; i < LINGERING.length() && started < wanted; i++) {
            Linger l = LINGERING.get(i);
            if (l != null && l.state.compareAndSet(Linger.WAITING, Linger.CLAIMED)) {
                region.pending.incrementAndGet();
                started++;
                l.job = job;
            }
        }
        for (; started < wanted; started++) {
            region.pending.incrementAndGet();
            p.execute(new HelperTask(job, p));
        }
        REGION.set(region);   // the caller's checks see the region's flag too; regions nested in its chunks run here
        long callerStart = site != null ? System.nanoTime() : 0L;
        long callerDone = 0L;
        try {
            runChunks(n, grain, parts, 0, body);
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

    /**
     * Runs chunks until none is left or the region is cancelled: first its own part of
     * {@code parts} from the front, then what is left of the others' from their back.
     */
    private static void runChunks(int n, int grain, Parts parts, int self, RangeBody body) {
        int own = Math.min(self, parts.count() - 1);
        for (int c = parts.takeFront(own); c >= 0; c = parts.takeFront(own)) {
            checkInterrupted();   // the thread's own flag, Cancellation, and the region's
            body.run(c * grain, Math.min(n, (c + 1) * grain));
        }
        for (int k = 1; k < parts.count(); k++) {
            int other = (own + k) % parts.count();
            for (int c = parts.takeBack(other); c >= 0; c = parts.takeBack(other)) {
                checkInterrupted();
                body.run(c * grain, Math.min(n, (c + 1) * grain));
            }
        }
    }

    /**
     * A region's chunks cut into one contiguous part per thread (the caller's first): each thread
     * runs its own part from the front, and a thread that has finished its own takes the others'
     * remaining chunks from their back. So the caller runs the first chunks and a helper the
     * later ones in every region of the same size: in a network whose layers all cut the batch
     * into chunks of images, the same images stay on the same core from layer to layer, and
     * their data in that core's caches (with one shared counter, which thread ran which chunk was
     * left to chance in every region). Which thread runs a chunk never changes what it computes.
     */
    static final class Parts {
        /** Per part {@code front << 32 | end}: the part's chunks not yet taken are {@code [front, end)}. */
        private final AtomicLongArray ranges;
        /** Helpers that have joined (each takes the next part). */
        final AtomicInteger joined = new AtomicInteger();

        Parts(int chunks, int count) {
            ranges = new AtomicLongArray(count);
            for (int p = 0; p < count; p++) {
                long from = (long) chunks * p / count;
                long to = (long) chunks * (p + 1) / count;
                ranges.set(p, from << 32 | to);
            }
        }

        int count() {
            return ranges.length();
        }

        /** The first chunk not taken of part {@code p}, or -1 when none is left. */
        int takeFront(int p) {
            return take(p, true);
        }

        /** The last chunk not taken of part {@code p}, or -1 when none is left. */
        int takeBack(int p) {
            return take(p, false);
        }

        private int take(int p, boolean front) {
            while (true) {
                long r = ranges.get(p);
                int first = (int) (r >>> 32);
                int end = (int) r;
                if (first >= end) {
                    return -1;
                }
                long rest = front ? (long) (first + 1) << 32 | end : (long) first << 32 | (end - 1);
                if (ranges.compareAndSet(p, r, rest)) {
                    return front ? first : end - 1;
                }
            }
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
