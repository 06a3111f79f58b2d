package jcnn.kernel;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jcnn.kernel.channels.KernelLog;

/**
 * What ties the kernel process to the world outside the sockets, as ipykernel does it:
 * SIGINT interrupts the running cell (signal-mode frontends, Ctrl-C in the terminal that
 * started it) and never ends the JVM; SIGTERM and the death of the frontend that started the
 * kernel ({@code JPY_PARENT_PID}) shut it down cleanly, closing its sockets and removing its
 * ipc socket files.
 */
final class Lifecycle {
    /** How often the parent is polled: the kernel exits well within 2 s of its death. */
    static final long PARENT_POLL_MILLIS = 250;

    private Lifecycle() {
    }

    /**
     * Routes SIGINT to {@link Kernel#interruptRunningCell()}. Uses {@code sun.misc.Signal}
     * (module jdk.unsupported, present in every JDK); where the JVM refuses the handler (for
     * example under {@code -Xrs}) the default stays and the reason is logged.
     */
    @SuppressWarnings("sunapi")
    static void handleSigint(Kernel kernel) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> kernel.interruptRunningCell());
            if (sigintInheritedAsIgnored()) {
                KernelLog.warn("SIGINT was ignored when this kernel started (its frontend ran under nohup or in a script's"
                        + " background), and the JVM then installs no handler: Ctrl-C and kill -INT will not interrupt"
                        + " a cell, the interrupt button (interrupt_request) does. 'java -jar jcnn.jar install' writes a"
                        + " kernelspec that starts the kernel with SIGINT reset (/usr/bin/env --default-signal=INT)");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            KernelLog.warn("SIGINT cannot be handled (" + e.getMessage() + "); Ctrl-C will end the kernel");
        }
    }

    /** Linux: whether SIGINT is in this process's ignored set ({@code SigIgn} of /proc/self/status). */
    static boolean sigintInheritedAsIgnored() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0b10) != 0;   // bit of signal 2
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no /proc: nothing to tell
        }
        return false;
    }

    /** On SIGTERM (and any other normal JVM exit) the sockets are closed and ipc files removed. */
    static void closeOnExit(Kernel kernel) {
        Runtime.getRuntime().addShutdownHook(new Thread(kernel::closeSockets, "jcnn-shutdown-hook"));
    }

    /**
     * When {@code JPY_PARENT_PID} is set (jupyter_client sets it to its own process), polls
     * that process every {@link #PARENT_POLL_MILLIS} ms and shuts the kernel down once it has
     * gone. On Windows the variable holds a handle, not a pid; there, and whenever the pid is
     * not a number, the kernel watches the process that started it instead.
     */
    static void watchParent(Kernel kernel, String jpyParentPid) {
        if (jpyParentPid == null || jpyParentPid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> parent = Optional.empty();
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
            try {
                parent = ProcessHandle.of(Long.parseLong(jpyParentPid.trim()));
            } catch (NumberFormatException e) {
                KernelLog.warn("JPY_PARENT_PID is not a process id: '" + jpyParentPid + "'; watching the parent process");
            }
        }
        if (parent.isEmpty()) {
            parent = ProcessHandle.current().parent();
        }
        if (parent.isEmpty() || !parent.get().isAlive()) {
            kernel.requestShutdown("the process that started the kernel (JPY_PARENT_PID " + jpyParentPid + ") is gone");
            return;
        }
        ProcessHandle watched = parent.get();
        Thread poller = new Thread(() -> {
            try {
                while (watched.isAlive()) {
                    TimeUnit.MILLISECONDS.sleep(PARENT_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            kernel.requestShutdown("the process that started the kernel (pid " + watched.pid() + ") has exited");
        }, "jcnn-parent-poller");
        poller.setDaemon(true);
        poller.start();
    }
}
