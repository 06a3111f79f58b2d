package jcnn.tensor.backend;

/**
 * Per-thread scratch arrays, reused between calls so hot loops (im2col columns, gradient
 * columns) do not allocate. Contents are garbage on return; a slot must not be used twice at
 * once on one thread.
 */
public final class Workspace {
    /** Slot for im2col columns. */
    public static final int COLUMNS = 0;
    /** Slot for gradient columns before col2im. */
    public static final int GRAD_COLUMNS = 1;
    /** Slot for small per-window scratch (patches). */
    public static final int PATCH = 2;
    /** Slot for a batch chunk's GEMM output (convolution forward) or gathered output gradient (backward). */
    public static final int OUTPUT = 3;
    /** Slot for Winograd's polyphase planes (their zero padding is written once per chunk, then kept). */
    public static final int PLANES = 4;
    private static final int SLOTS = 5;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][]);
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[1][]);
    private static final ThreadLocal<int[][]> INDEX = ThreadLocal.withInitial(() -> new int[1][]);

    private Workspace() {
    }

    /** A thread-local array of at least {@code size} floats for {@code slot}. */
    public static float[] floats(int slot, int size) {
        float[][] buffers = BUFFERS.get();
        float[] b = buffers[slot];
        if (b == null || b.length < size) {
            b = new float[size];
            buffers[slot] = b;
        }
        return b;
    }

    /** A thread-local array of at least {@code size} ints (one slot: index tables such as Winograd's gather maps). */
    public static int[] ints(int size) {
        int[][] holder = INDEX.get();
        int[] b = holder[0];
        if (b == null || b.length < size) {
            b = new int[size];
            holder[0] = b;
        }
        return b;
    }

    /** A thread-local array of at least {@code size} doubles (one slot: sums kept in double). */
    public static double[] doubles(int size) {
        double[][] holder = DOUBLES.get();
        double[] b = holder[0];
        if (b == null || b.length < size) {
            b = new double[size];
            holder[0] = b;
        }
        return b;
    }
}
