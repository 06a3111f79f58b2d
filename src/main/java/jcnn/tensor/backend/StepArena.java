package jcnn.tensor.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reuses the arrays of one training step in the next: the activations, the intermediate
 * gradients and the scratch arrays that operations allocate through {@link #floats(int)} while
 * the arena is open on the calling thread. Closing the arena takes all of them back; the next
 * step gets the same arrays again (zeroed, exactly as {@code new float[n]} would be, except those
 * asked for through {@link #floatsOverwritten} or {@link #intsOverwritten} by operations that write
 * every element before reading any), so a training loop allocates nothing for them after its
 * first step and the garbage collector has nothing to do.
 *
 * <pre>
 *   StepArena arena = new StepArena();
 *   for (...) {
 *       try (var step = arena.open()) {
 *           Tensor loss = ...; loss.backward(); optimizer.step(...);
 *           // read what is needed from the step's tensors here: they are reused after close
 *       }
 *   }
 * </pre>
 *
 * <p>Only results of operations and gradients of non-leaf tensors come from the arena;
 * parameters, their gradients and optimizer state never do. Threads other than the one that
 * opened the arena (jcnn's worker threads) allocate normally. A tensor computed inside the step
 * must not be used after the step is closed.
 */
public final class StepArena {
    private static final ThreadLocal<StepArena> CURRENT = new ThreadLocal<>();
    /** Tests turn this off to show that a step which reads a dirty array is caught. */
    static volatile boolean zeroReused = true;
    /**
     * Tests only: reused arrays handed out as overwritten ({@link #floatsOverwritten},
     * {@link #intsOverwritten}) are filled with NaN or {@code Integer.MIN_VALUE} first, so an
     * operation that reads an element it did not write shows in its result.
     */
    static volatile boolean poisonOverwritten = false;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> lent = new ArrayList<>();
    private final Map<Integer, ArrayDeque<int[]>> freeInts = new HashMap<>();
    private final List<int[]> lentInts = new ArrayList<>();
    private final Map<Integer, ArrayDeque<double[]>> freeDoubles = new HashMap<>();
    private final List<double[]> lentDoubles = new ArrayList<>();
    private long reused;
    private long allocated;

    /**
     * A zeroed array of {@code n} floats: a reused one while an arena is open on this thread,
     * else a new one.
     */
    public static float[] floats(int n) {
        StepArena arena = CURRENT.get();
        return arena == null ? new float[n] : arena.take(n);
    }

    /**
     * An array of {@code n} floats for an operation that writes every element before anything
     * reads it (an activation, a normalised output): reused while an arena is open on this thread
     * but not zeroed, since the zeros would all be overwritten (zeroing was 4% of a residual
     * network's training step, on one thread); else a new one.
     */
    public static float[] floatsOverwritten(int n) {
        StepArena arena = CURRENT.get();
        return arena == null ? new float[n] : arena.take(n, false);
    }

    /**
     * A zeroed array of {@code n} ints (e.g. max-pooling's argmax indices): reused while an arena
     * is open on this thread, else new.
     */
    public static int[] ints(int n) {
        return ints(n, true);
    }

    /**
     * An array of {@code n} ints for an operation that writes every element before anything reads
     * it (max pooling's argmax indices): reused while an arena is open on this thread but not
     * zeroed; else a new one.
     */
    public static int[] intsOverwritten(int n) {
        return ints(n, false);
    }

    private static int[] ints(int n, boolean zeroed) {
        StepArena arena = CURRENT.get();
        if (arena == null) {
            return new int[n];
        }
        ArrayDeque<int[]> queue = arena.freeInts.get(n);
        int[] a = queue == null ? null : queue.pollLast();
        if (a == null) {
            a = new int[n];
            arena.allocated++;
        } else {
            if (zeroed && zeroReused) {
                Arrays.fill(a, 0);
            } else if (!zeroed && poisonOverwritten) {
                Arrays.fill(a, Integer.MIN_VALUE);
            }
            arena.reused++;
        }
        arena.lentInts.add(a);
        return a;
    }

    /**
     * A zeroed array of {@code n} doubles (e.g. the convolution's per-chunk bias-gradient sums):
     * reused while an arena is open on this thread, else new.
     */
    public static double[] doubles(int n) {
        StepArena arena = CURRENT.get();
        if (arena == null) {
            return new double[n];
        }
        ArrayDeque<double[]> queue = arena.freeDoubles.get(n);
        double[] a = queue == null ? null : queue.pollLast();
        if (a == null) {
            a = new double[n];
            arena.allocated++;
        } else {
            if (zeroReused) {
                Arrays.fill(a, 0.0);
            }
            arena.reused++;
        }
        arena.lentDoubles.add(a);
        return a;
    }

    /** True while an arena is open on this thread. */
    public static boolean isOpen() {
        return CURRENT.get() != null;
    }

    private float[] take(int n) {
        return take(n, true);
    }

    private float[] take(int n, boolean zeroed) {
        ArrayDeque<float[]> queue = free.get(n);
        float[] a = queue == null ? null : queue.pollLast();
        if (a == null) {
            a = new float[n];
            allocated++;
        } else {
            if (zeroed && zeroReused) {
                Arrays.fill(a, 0f);
            } else if (!zeroed && poisonOverwritten) {
                Arrays.fill(a, Float.NaN);
            }
            reused++;
        }
        lent.add(a);
        return a;
    }

    /**
     * Opens the arena on this thread for one step; closing the returned scope takes the arrays
     * back.
     *
     * @throws IllegalStateException if an arena is already open on this thread
     */
    public Scope open() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("StepArena.open(): an arena is already open on this thread; close that step first");
        }
        CURRENT.set(this);
        return new Scope(false);
    }

    /**
     * Like {@link #open()}, but when a step is already open on this thread (a caller's arena),
     * joins it: the returned scope's close does nothing and the arrays go back with the caller's.
     */
    public Scope openOrJoin() {
        return CURRENT.get() != null ? new Scope(true) : open();
    }

    /** Whether {@code a} is one of this arena's arrays, lent now or free (for tests). */
    boolean owns(float[] a) {
        for (float[] b : lent) {
            if (b == a) {
                return true;
            }
        }
        ArrayDeque<float[]> queue = free.get(a.length);
        return queue != null && queue.stream().anyMatch(b -> b == a);
    }

    /** Arrays handed out again so far, and arrays that had to be created. */
    public long reused() {
        return reused;
    }

    public long allocated() {
        return allocated;
    }

    /** One open step: {@code try (var step = arena.open()) { ... }}. */
    public final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope(boolean joined) {
            closed = joined; // a joined scope has nothing of its own to give back
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            CURRENT.remove();
            for (float[] a : lent) {
                free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).add(a);
            }
            lent.clear();
            for (int[] a : lentInts) {
                freeInts.computeIfAbsent(a.length, k -> new ArrayDeque<>()).add(a);
            }
            lentInts.clear();
            for (double[] a : lentDoubles) {
                freeDoubles.computeIfAbsent(a.length, k -> new ArrayDeque<>()).add(a);
            }
            lentDoubles.clear();
        }
    }
}
