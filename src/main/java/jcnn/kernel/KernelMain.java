package jcnn.kernel;

import java.nio.file.Path;
import jcnn.eval.Evaluator;
import jcnn.eval.JShellEvaluator;
import jcnn.kernel.channels.ConnectionInfo;
import jcnn.kernel.channels.KernelLog;

/**
 * {@code java -jar jcnn.jar kernel CONNECTION_FILE}: runs the Jupyter kernel until a
 * shutdown_request, SIGTERM or the death of the frontend that started it (see {@link Lifecycle}),
 * then exits (with restart, Jupyter starts a fresh process).
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar jcnn.jar kernel CONNECTION_FILE\n"
                    + "  Jupyter starts this through the kernelspec written by 'java -jar jcnn.jar install'.");
            System.exit(2);
            return;
        }
        KernelLog.init(); // before JShell routes System.err into cells
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(Path.of(args[0]));
        } catch (java.io.IOException | IllegalArgumentException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "it does not exist" : e.getMessage();
            System.err.println("jcnn kernel: cannot read the connection file " + args[0] + ": " + why
                    + "\n  Jupyter writes this file and passes its path; run the kernel through 'jupyter console"
                    + " --kernel jcnn' or a notebook after 'java -jar jcnn.jar install'.");
            System.exit(2);
            return;
        }
        long limit = Long.getLong("jcnn.output.limit", Kernel.DEFAULT_OUTPUT_LIMIT);
        Kernel kernel = new Kernel(info, KernelMain::newEvaluator, limit);
        Lifecycle.closeOnExit(kernel);
        Lifecycle.handleSigint(kernel);
        kernel.start();
        Lifecycle.watchParent(kernel, System.getenv("JPY_PARENT_PID"));
        kernel.awaitShutdown();
        // Exit promptly even if a cell's thread will not stop: the reply is already queued,
        // close() flushes it, and the watchdog bounds the whole shutdown.
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ignored) {
                return;
            }
            Runtime.getRuntime().halt(0);
        }, "jcnn-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kernel.closeSockets();
        System.exit(0);
    }

    private static Evaluator newEvaluator() {
        return new JShellEvaluator();
    }
}
