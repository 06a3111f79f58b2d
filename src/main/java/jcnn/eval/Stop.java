package jcnn.eval;

import jcnn.tensor.backend.Cancellation;

/**
 * The checks that {@link SourceRewriter} weaves into cell code so that a running cell can be
 * stopped without {@code Thread.stop} (which throws on JDK 20+): every loop body starts with
 * {@link #check()}, and {@code System.exit(n)} becomes {@link #exit(int)}.
 *
 * <p>Public because the rewritten snippets call it; not meant to be called by hand.
 */
public final class Stop {
    // NOTE: volatile, read once per loop iteration: a plain load on x86, cheap enough for the
    // numeric loops of the lecture cells.
    private static volatile boolean requested;

    private Stop() {
    }

    /** Thrown inside a cell that is being interrupted; ends the cell. */
    public static final class CellInterrupted extends Error {
        CellInterrupted() {
            super("the cell was interrupted", null, false, false);
        }
    }

    /** Thrown by {@code System.exit(n)} in a cell: ends the cell, not the kernel. */
    public static final class CellExit extends Error {
        private final int status;

        CellExit(int status) {
            super("System.exit(" + status + ") was called in the cell", null, false, false);
            this.status = status;
        }

        /** The status passed to {@code System.exit}. */
        public int status() {
            return status;
        }
    }

    /**
     * Called at the start of every loop body of a cell.
     *
     * @throws CellInterrupted when the cell is being interrupted
     */
    public static void check() {
        if (requested) {
            throw new CellInterrupted();
        }
    }

    /**
     * Replaces {@code System.exit(status)} and {@code Runtime.getRuntime().exit(status)} in cells.
     *
     * @throws CellExit always: the cell ends with an error and the kernel keeps running
     */
    public static void exit(int status) {
        throw new CellExit(status);
    }

    /** Asks every woven check, and jcnn's library loops, to throw (the cell is being interrupted). */
    static void request() {
        requested = true;
        Cancellation.request();
    }

    /** Clears the request before the next cell starts. */
    static void clear() {
        requested = false;
        Cancellation.clear();
    }

    static boolean isRequested() {
        return requested;
    }
}
