package jcnn.tensor;

/**
 * A scope in which operations record no autograd tape (inference, evaluation, weight updates).
 *
 * <pre>
 *   try (var g = Tensor.noGrad()) {
 *       Tensor y = net.forward(x);   // no graph kept, no gradient memory
 *   }
 * </pre>
 * Scopes nest and are per thread; closing restores the state at opening.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Thread owner = Thread.currentThread();
    private boolean closed;

    NoGrad() {
        DEPTH.get()[0]++;
    }

    static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    /** Ends the scope (idempotent). Must be closed on the thread that opened it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("NoGrad: closed on thread " + Thread.currentThread().getName()
                    + " but opened on " + owner.getName() + "; use try-with-resources on one thread");
        }
        closed = true;
        DEPTH.get()[0]--;
    }
}
