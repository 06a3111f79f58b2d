package jcnn.tensor.backend;

import java.util.concurrent.CancellationException;

/**
 * The process-wide "stop what you are doing" flag that long library loops check (GEMM and
 * convolution chunks through {@link Parallel#checkInterrupted()}, training batches, IDX
 * decompression), so that an interrupted notebook cell stops even where a thread's interrupt
 * flag was cleared on the way (a JDK library that swallows {@code InterruptedException}, a
 * {@code Future.get} that consumed it).
 *
 * <p>The kernel's evaluator raises it when a cell is interrupted and lowers it before the next
 * cell starts; nothing else needs to. Internal: not meant to be called from cells.
 */
public final class Cancellation {
    // NOTE: volatile and read once per chunk or batch, never per element: a plain load on x86.
    private static volatile boolean requested;

    private Cancellation() {
    }

    /**
     * Throws if a stop was requested or the calling thread is interrupted.
     *
     * @throws CancellationException the caller should let it propagate (jcnn's trainer turns it
     *                               into a {@code TrainingInterruptedException})
     */
    public static void check() {
        if (requested || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("jcnn: operation interrupted");
        }
    }

    /** Whether a stop was requested (the thread's interrupt flag is not consulted). */
    public static boolean isRequested() {
        return requested;
    }

    /** Asks every check to throw until {@link #clear()}; called when a cell is interrupted. */
    public static void request() {
        requested = true;
    }

    /** Lowers the flag; called before a cell starts. */
    public static void clear() {
        requested = false;
    }
}
