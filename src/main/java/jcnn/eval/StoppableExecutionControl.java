package jcnn.eval;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution control, made stoppable on every JDK without
 * {@code Thread.stop}.
 *
 * <p>Each snippet runs on a fresh "jcnn-cell" thread (with a deep stack) while the JShell
 * thread waits for it. {@link #stopUserCode()} sets the flag behind {@link Stop#check()} (woven
 * into every loop body by {@link SourceRewriter}), interrupts the cell thread (sleep, wait,
 * blocking queues, jcnn's training loop) and, on JDKs whose {@code LocalExecutionControl}
 * weaves its own stop checks into the bytecode (JDK 22+), raises that flag too.
 *
 * <p>It also keeps what JShell would turn into strings: the value object of the last snippet
 * (for rendering) and the real throwable.
 */
final class StoppableExecutionControl extends LocalExecutionControl {
    private final ReentrantLock shellLock;
    private final long stackSize;
    private final SnippetClassLoaders loaders;
    private volatile Thread cellThread;
    private volatile Object lastValue;
    /** The snippet classes whose code ran since {@link #takeInvokedClasses()}, in order. */
    private final java.util.List<Class<?>> invokedClasses = new java.util.ArrayList<>();
    private volatile Throwable lastThrowable;
    private volatile boolean stopping;
    /** Wall and process-CPU nanoseconds spent in user code so far, for %time (compiling excluded). */
    private final long[] userClocks = new long[2];
    /** The public static {@code allStop} flag of JDK 22+'s {@code REPL.$Cancel$}, if any. */
    private Field jdkCancelFlag;
    private boolean jdkCancelChecked;

    StoppableExecutionControl(ReentrantLock shellLock, long stackSize) {
        this(shellLock, stackSize, new SnippetClassLoaders());
    }

    private StoppableExecutionControl(ReentrantLock shellLock, long stackSize, SnippetClassLoaders loaders) {
        super(loaders);
        this.shellLock = shellLock;
        this.stackSize = stackSize;
        this.loaders = loaders;
    }

    /** Where the snippet classes are defined; see {@link SnippetClassLoaders#release}. */
    SnippetClassLoaders loaders() {
        return loaders;
    }

    /** Creates the control for {@code JShell.builder().executionEngine(...)}. */
    static ExecutionControlProvider provider(StoppableExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jcnn-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        initJdkCancel();
        setJdkCancel(false);
        synchronized (invokedClasses) {
            invokedClasses.add(doitMethod.getDeclaringClass());
        }
        lastValue = null;
        lastThrowable = null;
        if (stopping) {
            throw new InvocationTargetException(new Stop.CellInterrupted());
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                failure[0] = e.getCause();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "jcnn-cell", stackSize);
        thread.setDaemon(true);
        cellThread = thread;
        // While user code runs, completion and inspection may use JShell (they take this lock).
        int holds = releaseShellLock();
        long[] start = Magics.clocks();
        try {
            thread.start();
            joinUninterruptibly(thread);
        } finally {
            long[] end = Magics.clocks();
            synchronized (userClocks) {
                userClocks[0] += end[0] - start[0];
                userClocks[1] += end[1] - start[1];
            }
            cellThread = null;
            reacquireShellLock(holds);
        }
        if (failure[0] != null) {
            lastThrowable = failure[0];
            throw new InvocationTargetException(failure[0]);
        }
        lastValue = result[0];
        // NOTE: JShell's text of a 10 MB float[] is a 12 MB string nobody reads (cells render
        // lastValue); long arrays get the text of their first elements only.
        Object value = result[0];
        if (value != null && value.getClass().isArray() && java.lang.reflect.Array.getLength(value) > LONG_ARRAY) {
            return valueString(firstElements(value)) + " (" + java.lang.reflect.Array.getLength(value) + " elements)";
        }
        return valueString(value);
    }

    /** Arrays longer than this are summarised in JShell's value text. */
    private static final int LONG_ARRAY = 1000;

    private static Object firstElements(Object array) {
        Object head = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), LONG_ARRAY);
        System.arraycopy(array, 0, head, 0, LONG_ARRAY);
        return head;
    }

    /** The classes whose snippet code ran since the last call, in order; clears the list. */
    java.util.List<Class<?>> takeInvokedClasses() {
        synchronized (invokedClasses) {
            java.util.List<Class<?>> out = java.util.List.copyOf(invokedClasses);
            invokedClasses.clear();
            return out;
        }
    }

    /**
     * Runs {@code action} on a fresh "jcnn-cell" thread that {@link #stopUserCode()} stops, as a
     * snippet runs; what it throws is thrown here (RuntimeException or Error, others wrapped).
     */
    void runStoppable(Runnable action) {
        setJdkCancel(false);
        if (stopping) {
            throw new Stop.CellInterrupted();
        }
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                action.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "jcnn-cell", stackSize);
        thread.setDaemon(true);
        cellThread = thread;
        try {
            thread.start();
            joinUninterruptibly(thread);
        } finally {
            cellThread = null;
        }
        Throwable t = failure[0];
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** JShell's own text for a value (strings quoted, arrays listed). */
    static String jshellText(Object value) {
        return valueString(value);
    }

    private int releaseShellLock() {
        int holds = shellLock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            shellLock.unlock();
        }
        return holds;
    }

    private void reacquireShellLock(int holds) {
        for (int i = 0; i < holds; i++) {
            shellLock.lock();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * JDK 22+ weaves calls to {@code REPL.$Cancel$.stopCheck()} into every snippet class, and only
     * its own {@code invoke} loads that class. Running one no-op through it loads the class, so
     * that our {@code invoke} can run those snippets and raise the flag on interrupt.
     */
    void initJdkCancel() throws Exception {
        if (jdkCancelChecked) {
            return;
        }
        jdkCancelChecked = true;
        try {
            LocalExecutionControl.class.getDeclaredField("allStop");
        } catch (NoSuchFieldException e) {
            return; // JDK 17..21: nothing woven by the JDK
        }
        // any public static no-argument method without side effects will do
        super.invoke(System.class.getMethod("lineSeparator"));
        jdkCancelFlag = findClass("REPL.$Cancel$").getField("allStop");
    }

    private void setJdkCancel(boolean value) {
        Field flag = jdkCancelFlag;
        if (flag != null) {
            try {
                flag.setBoolean(null, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot reach JShell's stop flag", e);
            }
        }
    }

    /** Starts stopping the running snippet; see the class comment. */
    void stopUserCode() {
        stopping = true;
        Stop.request();
        setJdkCancel(true);
        Thread thread = cellThread;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * Last resort for code that ignores interrupts and stop checks (a loop in a jar added with
     * {@code %maven}): {@code Thread.stop} on the cell thread. Only JDK 17 to 19 have it; from
     * JDK 20 it throws, and this returns false.
     */
    @SuppressWarnings({"deprecation", "removal"})
    boolean forceStop() {
        Thread thread = cellThread;
        if (thread == null || Runtime.version().feature() >= 20) {
            return false;
        }
        try {
            thread.stop();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** Clears the stop request before a new cell. */
    void resetStop() {
        stopping = false;
        Stop.clear();
        setJdkCancel(false);
    }

    @Override
    public void stop() {
        stopUserCode();
    }

    /** Wall and CPU nanoseconds spent running user code since this control started. */
    long[] userClocks() {
        synchronized (userClocks) {
            return userClocks.clone();
        }
    }

    Object lastValue() {
        return lastValue;
    }

    Throwable lastThrowable() {
        return lastThrowable;
    }

    boolean isRunningUserCode() {
        return cellThread != null;
    }
}
