package jcnn.kernel.channels;

import java.io.PrintStream;

/**
 * The kernel's own log: the process's stderr as it was when the kernel started, which Jupyter
 * shows in its server log.
 *
 * <p>NOTE: while a cell runs, the evaluator routes {@code System.err} into that cell's output,
 * so a kernel message written there ("dropped a message with a bad signature") would appear
 * in the user's notebook. Capturing the stream before the evaluator starts avoids that.
 */
public final class KernelLog {
    private static final PrintStream ERR = System.err;

    private KernelLog() {
    }

    /** Loads this class, capturing stderr; call before the evaluator starts. */
    public static void init() {
        // the static initializer did the work
    }

    public static void warn(String message) {
        ERR.println("[jcnn kernel] " + message);
    }

    public static void warn(String message, Throwable t) {
        ERR.println("[jcnn kernel] " + message);
        t.printStackTrace(ERR);
    }
}
